"""Progress while a run goes: a live line per operation on a terminal, periodic lines in CI."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["PERIOD_SECONDS", "ProgressPrinter"]

#: Seconds between two lines when the output is not a terminal.
PERIOD_SECONDS = 10.0


class ProgressPrinter:
    """Receives ``(operation, requests, failures)`` after each scenario and shows it.

    On a terminal the current operation's line is rewritten in place and kept when the run moves
    to the next operation; elsewhere (CI logs) one plain line is written at most every
    `PERIOD_SECONDS`, so a long run is never silent and a log is never flooded.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool | None = None,
        period: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._tty = stream.isatty() if tty is None else tty
        self._period = PERIOD_SECONDS if period is None else period
        self._clock = clock
        self._label: str | None = None
        self._last = clock()
        self._provider = ""
        self._header: str | None = None

    def start(self, provider: str, where: str, read_only: bool) -> None:
        """Name a provider's run, announced once its engine starts (after the probe)."""
        self.end()
        self._provider = provider
        mode = "read-only" if read_only else "writes allowed"
        self._header = f"conformance: checking {provider} at {where} ({mode})\n"

    def __call__(self, label: str, requests: int, failures: int) -> None:
        """Show the progress of one operation (an empty ``label``: the engine has started)."""
        if self._header is not None:
            self._write(self._header)
            self._header = None
            self._last = self._clock()
        if not label:
            return
        line = f"  {label}: {requests} requests, {failures} failures"
        if self._tty:
            if self._label is not None and label != self._label:
                self._write("\n")
            self._write(f"\r\x1b[K{line}")
            self._label = label
            return
        now = self._clock()
        if now - self._last >= self._period:
            self._write(f"conformance: {self._provider} {line.strip()}\n")
            self._last = now

    def end(self) -> None:
        """Finish a live line, if one is open."""
        if self._tty and self._label is not None:
            self._write("\n")
        self._label = None

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            # A closed or broken stream must not stop the run.
            return
