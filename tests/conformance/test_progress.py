"""Progress while a run goes (``_progress``): a live line on a terminal, periodic lines in CI."""

from __future__ import annotations

import io
import time

from modelruns.conformance._progress import ProgressPrinter


class _Closed(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError("the reader went away")


def test_a_terminal_gets_one_live_line_per_operation_rewritten_in_place() -> None:
    out = io.StringIO()
    progress = ProgressPrinter(out, tty=True)
    progress.start("nsml", "http://127.0.0.1:1/nsml/v1", read_only=True)
    progress("", 0, 0)
    progress("GET /runs", 1, 0)
    progress("GET /runs", 2, 1)
    progress("GET /runs/{id}", 1, 0)
    progress.end()
    text = out.getvalue()
    assert text.startswith("conformance: checking nsml at http://127.0.0.1:1/nsml/v1 (read-only)\n")
    assert "\r\x1b[K  GET /runs: 2 requests, 1 failures\n" in text  # kept when the next begins
    assert text.endswith("\r\x1b[K  GET /runs/{id}: 1 requests, 0 failures\n")


def test_without_a_terminal_a_heartbeat_writes_the_latest_figures_each_period() -> None:
    out = io.StringIO()
    progress = ProgressPrinter(out, tty=False, period=0.05)
    progress.start("pai", "http://127.0.0.1:1", read_only=False)
    progress("", 0, 0)
    progress("GET /runs", 3, 0)
    deadline = time.monotonic() + 5
    while "GET /runs: 3 requests" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    progress.end()
    lines = out.getvalue().splitlines()
    assert lines[0] == "conformance: checking pai at http://127.0.0.1:1 (writes allowed)"
    assert any(
        line.startswith("conformance: pai GET /runs: 3 requests, 0 failures (") for line in lines
    )
    assert "\r" not in out.getvalue()  # no live line in a log
    written = out.getvalue()
    time.sleep(0.15)
    assert out.getvalue() == written  # ended: the heartbeat is gone


def test_a_broken_output_stream_never_stops_the_run() -> None:
    progress = ProgressPrinter(_Closed(), tty=True)
    progress.start("foundry", "http://127.0.0.1:1/api", read_only=True)
    progress("GET /runs", 1, 0)
    progress.end()
