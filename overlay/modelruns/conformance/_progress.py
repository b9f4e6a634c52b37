"""Progress while a run goes: a live line per operation on a terminal, periodic lines in CI."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["PERIOD_SECONDS", "ProgressPrinter"]

#: Seconds between two lines when the output is not a terminal.
PERIOD_SECONDS = 10.0


class ProgressPrinter:
    """Receives ``(operation, requests, failures)`` after each scenario and shows it.

    On a terminal the current operation's line is rewritten in place and kept when the run moves
    to the next operation. Elsewhere (CI logs) a heartbeat thread writes one plain line every
    `PERIOD_SECONDS` with the latest figures, whether or not a scenario finished meanwhile (a
    stateful phase or a rate-limited run can spend minutes in a few scenarios), so a long run is
    never silent and a log is never flooded.
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
        self._provider = ""
        self._header: str | None = None
        self._started = clock()
        self._latest: tuple[str, int, int] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    def start(self, provider: str, where: str, read_only: bool) -> None:
        """Name a provider's run, announced once its engine starts (after the probe)."""
        self.end()
        self._provider = provider
        mode = "read-only" if read_only else "writes allowed"
        self._header = f"conformance: checking {provider} at {where} ({mode})\n"
        self._started = self._clock()
        self._latest = None
        if not self._tty:
            self._stop = threading.Event()
            self._heartbeat = threading.Thread(
                target=self._beat, name="modelruns-conformance-progress", daemon=True
            )
            self._heartbeat.start()

    def __call__(self, label: str, requests: int, failures: int) -> None:
        """Show the progress of one operation (an empty ``label``: the engine has started)."""
        with self._lock:
            if self._header is not None:
                self._write(self._header)
                self._header = None
            if not label:
                return
            self._latest = (label, requests, failures)
            if not self._tty:
                return  # the heartbeat writes it
            if self._label is not None and label != self._label:
                self._write("\n")
            self._write(f"\r\x1b[K  {label}: {requests} requests, {failures} failures")
            self._label = label

    def _beat(self) -> None:
        stop = self._stop
        while not stop.wait(self._period):
            with self._lock:
                if stop.is_set():
                    return
                if self._header is not None:
                    self._write(self._header)
                    self._header = None
                elapsed = self._clock() - self._started
                if self._latest is None:
                    what = "starting"
                else:
                    label, requests, failures = self._latest
                    what = f"{label}: {requests} requests, {failures} failures"
                self._write(f"conformance: {self._provider} {what} ({elapsed:.0f} s)\n")

    def end(self) -> None:
        """Stop the heartbeat and finish a live line, if one is open."""
        self._stop.set()
        if self._heartbeat is not None and self._heartbeat is not threading.current_thread():
            self._heartbeat.join(timeout=5)
        self._heartbeat = None
        with self._lock:
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
