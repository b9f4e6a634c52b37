"""JSON text to Python values (msgspec first), and the collector pause around a decode."""

from __future__ import annotations

import gc
import json
import threading
from typing import Any

import msgspec

__all__ = ["gc_paused", "loads"]

_MSGSPEC_DECODE = msgspec.json.Decoder().decode


def loads(content: bytes | str) -> Any:
    """JSON text to Python values, exactly as ``json.loads`` gives them, mostly faster.

    msgspec parses first (about twice as fast as the standard library on a page of runs, and
    integers of any size stay exact). It accepts only what ``json.loads`` accepts,
    to the same values; what it refuses (``NaN``/``Infinity``, numbers beyond a float, lone
    surrogates, a UTF-8 BOM, UTF-16/32 text, anything malformed) goes to ``json.loads``, which
    decides as it always has: the value, or its own ``ValueError``/``RecursionError``.
    """
    try:
        return _MSGSPEC_DECODE(content)
    # Its refusals are ValueErrors (DecodeError, UnicodeDecodeError), or its own depth limit.
    except (ValueError, RecursionError):
        return json.loads(content)


_GC_PAUSE = threading.Lock()


class gc_paused:  # noqa: N801  (used like a function: ``with gc_paused():``)
    """Holds the cyclic garbage collector off while one response is parsed and decoded.

    Decoding a page allocates thousands of containers that all stay alive, so each collection
    the allocations trigger finds nothing to free, and the generational collector promotes the
    half-built page towards the oldest generation, whose full collections then grow with the
    heap: most of a long walk's collector time. Paused, the collector runs once the page is
    built, as the next allocation triggers it. Nothing here creates reference cycles, and the
    pause lasts one body (bounded by ``max_response_size``).

    Only the collector's on/off switch is touched, and only if it was on: a program that turned
    it off keeps it off. One thread pauses at a time (the others run as they would, so a pause
    always ends); nested pauses in one thread are one pause.
    """

    __slots__ = ("_owner",)

    def __enter__(self) -> None:
        self._owner = _GC_PAUSE.acquire(blocking=False)
        if self._owner:
            if gc.isenabled():
                gc.disable()
            else:
                _GC_PAUSE.release()
                self._owner = False

    def __exit__(self, *exc_info: object) -> None:
        if self._owner:
            gc.enable()
            _GC_PAUSE.release()
