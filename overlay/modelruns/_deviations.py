"""The deviations a lenient decode tolerated, reported once per operation and JSON path.

Each is logged at WARNING on the ``modelruns`` logger (secrets masked), handed to the client's
``on_deviation`` callback (an exception it raises is logged, not raised: the call goes on) and
to the client's recorder, if recording.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from modelruns._decode import Deviations
from modelruns._exceptions import mask_secrets
from modelruns._log import LOGGER
from modelruns._operations import Operation
from modelruns._options import Deviation
from modelruns._record import Recorder

__all__ = ["DeviationReporter"]

# Distinct (operation, path) deviations remembered per client, so each is reported once.
_DEVIATION_MEMORY = 4096
_INDEX = re.compile(r"\[\d+\]")


class DeviationReporter:
    """One client's report of tolerated deviations (see the module)."""

    def __init__(
        self,
        secrets: tuple[str, ...],
        on_deviation: Callable[[Deviation], None] | None,
        recorder: Recorder | None,
    ) -> None:
        self._secrets = secrets
        self._on_deviation = on_deviation
        self._recorder = recorder
        self._reported: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def after_fork(self) -> None:
        """In a forked child: a fresh lock (a parent's thread may have held this one)."""
        self._lock = threading.Lock()

    def _first_time(self, key: tuple[str, str]) -> bool:
        with self._lock:
            if key in self._reported:
                return False
            if len(self._reported) >= _DEVIATION_MEMORY:
                self._reported.clear()
            self._reported.add(key)
            return True

    def __call__(self, op: Operation[Any], found: Deviations) -> None:
        """Report each tolerated deviation once per (operation, generic JSON path)."""
        if self._recorder is not None:
            self._recorder.deviations(op.operation_id, found, self._secrets)
        for path, kind, detail in found:
            generic = _INDEX.sub("[*]", path)
            if not self._first_time((op.operation_id, generic)):
                continue
            shown = mask_secrets(detail, self._secrets)
            LOGGER.warning(
                "%s %s: %s: %s (tolerated; strict=True would raise)",
                op.provider,
                op.operation_id,
                generic,
                shown,
            )
            if self._on_deviation is not None:
                deviation = Deviation(op.provider, op.operation_id, generic, kind, shown, path)
                try:
                    self._on_deviation(deviation)
                except Exception:
                    # As a logging handler's error: the call it reports on does not fail for it.
                    LOGGER.error(
                        "on_deviation raised on %s %s: %s (the call goes on)",
                        op.provider,
                        op.operation_id,
                        generic,
                        exc_info=True,
                    )
