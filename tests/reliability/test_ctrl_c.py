"""Ctrl-C ends a prefetched walk at once, sync and async, leaving no thread or connection.

The walks run in a child process (``_interrupted_walk``), which sends itself SIGINT while a
loopback server holds the pages in flight: KeyboardInterrupt must arrive within about a second,
not when the calls' timeout (8 s there) passes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: "About a second", with room for a loaded machine; the calls' timeout there is 8 s.
PROMPT = 2.5


def test_ctrl_c_ends_a_prefetched_walk_at_once_and_leaves_nothing_behind() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability._interrupted_walk"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    walks = {result["walk"] for result in results}
    assert walks == {
        f"{mode} {style}{where}"
        for mode in ("sync", "async")
        for style in ("page-number", "token")
        for where in ("", ", in the loop")
    }
    for result in results:
        assert result["seconds"] < PROMPT, result
        assert result["threads_left"] == [], result
        assert result["connections_in_use"] == [0], result
        assert result["connections_open"] == 0, result
