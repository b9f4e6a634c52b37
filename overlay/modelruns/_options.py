"""The options every client takes and the names of a call's overrides (no I/O, no engine).

``ClientOptions`` are the keywords every provider's ``Client`` and ``AsyncClient`` accept beside
their credentials; ``Timeout``, ``Headers``, ``Query`` and ``Body`` type a call's ``timeout=``
and ``extra_*`` overrides; ``Deviation`` is what a lenient client reports of a body that broke
the spec.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import httpx

from modelruns._specs import Provider

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "PEAK_MEMORY_MULTIPLE",
    "Body",
    "ClientOptions",
    "Deviation",
    "Headers",
    "NotGiven",
    "Query",
    "Timeout",
    "strict_from_environment",
]

DEFAULT_TIMEOUT = 60.0
#: Largest response body a client reads by default (bytes, after decompression).
DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
#: A call's peak memory is at most this many times ``max(max_response_size, 1 MiB)``: bytes are
#: bounded by the size limit, and what they decode to by the two rules below (what Python
#: makes of a JSON value costs up to about 72 bytes: an empty object and its slot in a list).
PEAK_MEMORY_MULTIPLE = 8


class NotGiven:
    """Marks a per-call override that was not given (``None`` means "no timeout")."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

#: A per-call ``timeout=`` override: seconds, an ``httpx.Timeout``, ``None`` (no timeout) or not
#: given (the client's own).
Timeout = float | httpx.Timeout | None | NotGiven
#: ``default_headers`` / ``extra_headers``: header names to values, sent as given.
Headers = Mapping[str, str]
#: ``default_query`` / ``extra_query``: query parameters (wire names) to values.
Query = Mapping[str, Any]
#: ``extra_body``: JSON fields merged into the top level of the request body.
Body = Mapping[str, Any]


@dataclass(frozen=True)
class Deviation:
    """A response that broke the spec in a way the lenient decoding tolerated.

    ``path`` is the JSON path with array indexes as ``[*]`` (``$.data[*].buildStatus``): each
    ``(operation, path)`` is reported once per client. ``kind`` is ``enum`` (a value the spec
    does not list), ``null`` (null in an optional field), ``format`` (a uuid or date-time that
    does not parse) or ``string`` (longer than ``maxLength``, or not matching its ``pattern``);
    ``detail`` says what was seen (secrets masked), ``example_path`` where it was first seen.
    """

    provider: Provider
    operation: str
    path: str
    kind: str
    detail: str
    example_path: str


class ClientOptions(TypedDict, total=False):
    """Keyword options every provider's ``Client`` and ``AsyncClient`` accept.

    - ``strict``: raise ``ResponseValidationError`` on any deviation from the spec instead of
      tolerating it (default: ``MODELRUNS_STRICT=1`` in the environment, else ``False``).
    - ``on_deviation``: called with each ``Deviation`` tolerated (once per operation and JSON
      path), besides the WARNING on the ``modelruns`` logger. An exception it raises does not
      fail the call (as with a ``logging`` handler): it is logged at ERROR on the ``modelruns``
      logger, with its traceback, and decoding goes on.
    - ``max_response_size``: the largest body read, in bytes after decompression (default
      ``DEFAULT_MAX_RESPONSE_SIZE``, 64 MiB); a larger one is a ``ResponseTooLargeError``, and
      so is a 2xx body holding more than one JSON value per 16 bytes of it; an error body is
      kept up to a sixteenth of it (at least 64 KiB). A call's peak memory is then at most
      ``PEAK_MEMORY_MULTIPLE`` (8) times it (or 8 MiB, for a limit under 1 MiB).
    - ``record_to``: a file that every exchange and tolerated deviation is recorded to as HAR
      1.2, credentials masked (default: ``MODELRUNS_RECORD`` in the environment, else none;
      see ``modelruns._record``).
    """

    strict: bool | None
    on_deviation: Callable[[Deviation], None] | None
    max_response_size: int
    record_to: str | os.PathLike[str] | None


def strict_from_environment() -> bool:
    """``MODELRUNS_STRICT`` read: unset or 0 is lenient, 1 strict, anything else an error."""
    value = os.environ.get("MODELRUNS_STRICT", "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"MODELRUNS_STRICT must be 1 or 0 (true/false), got {value!r}")
