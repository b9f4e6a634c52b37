"""The guard's total bound per request, on new and reused keep-alive connections."""

from __future__ import annotations

import time

import pytest
import requests

from modelruns.conformance import RunOptions, UnreachableError, _guard, run_conformance
from modelruns.stubs import create_app

from ._servers import dripping_server

OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
#: A status line and headers that take 40 s at a byte every 0.5 s.
DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Pad: a\r\n" * 4


def test_a_reused_connection_is_cut_at_the_request_bound() -> None:
    guard = _guard.RunGuard(allow_writes=False, timeout=1.0)
    session = _guard.guarded_session(guard)
    with dripping_server(DRIP, first=OK) as (url, connections):
        assert session.get(url + "/a", timeout=1.0).json() == {}
        started = time.monotonic()
        with pytest.raises(_guard.ResponseRefused, match="headers were still arriving after 1 s"):
            session.get(url + "/b", timeout=1.0)
        elapsed = time.monotonic() - started
        session.close()
    # Both requests went over one connection: the second was sent on the kept-alive one.
    assert connections == [2]
    assert elapsed < 10, elapsed
    assert guard.hostile == ["a response whose headers were still arriving after 1 s"]


def test_a_bound_that_passes_after_the_answer_changes_nothing() -> None:
    """The deadline of a finished request never touches its connection, back in the pool."""
    guard = _guard.RunGuard(allow_writes=False, timeout=0.3)
    session = _guard.guarded_session(guard)
    with dripping_server(b"", first=OK) as (url, connections):
        assert session.get(url + "/a", timeout=0.3).json() == {}
        time.sleep(0.6)
        with pytest.raises(requests.Timeout):
            session.get(url + "/b", timeout=0.3)
        session.close()
    assert connections == [2]
    assert guard.hostile == []


# The bounds outside --base-url runs.


def test_the_embedded_stub_is_checked_through_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a base URL the stub is served on a loopback port, and the same bounds apply."""
    monkeypatch.setattr(_guard, "MAX_RESPONSE_BYTES", 8)
    with pytest.raises(UnreachableError, match="not an API: a response body larger than"):
        run_conformance("nsml", max_examples=1)


def test_max_time_bounds_an_in_process_run() -> None:
    started = time.monotonic()
    report = run_conformance(
        "dataplatform",
        app=create_app("dataplatform"),
        max_examples=100,
        options=RunOptions(max_time=1),
    )
    elapsed = time.monotonic() - started
    assert report.max_time_reached
    assert not report.interrupted
    assert elapsed / 1 < 8, elapsed
    assert any("--max-time 1 s ended the run" in note for note in report.notes)
