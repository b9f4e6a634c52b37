"""A call's peak memory is bounded by a multiple of ``max_response_size``, whatever the body.

Bytes are bounded by ``max_response_size``; what they decode to is bounded by refusing a 2xx
body that holds more JSON values than ``max_response_size / 16`` and keeping at most
``max_response_size / 16`` bytes of an error body. The README states the bound: 8 times
``max_response_size`` (512 MiB under the default 64 MiB). Measured in a child process
(``_memory_peak``) with a small limit, against bodies built to amplify.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The README's bound: a call's peak memory is at most this many times max_response_size.
MULTIPLE = 8


def test_a_calls_peak_memory_stays_within_8_times_max_response_size() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability._memory_peak"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == 20
    over = [r for r in results if r["multiple"] > MULTIPLE]
    assert not over, over
    # The bodies the bound refuses are refused as too large, with the limit named.
    dense = [r for r in results if r["body"] == "empty objects" and r["status"] == 200]
    assert dense[0]["error"] == "ResponseTooLargeError"
    # A page of real runs decodes; a body at the value limit is read (and found invalid).
    real = [r for r in results if r["body"] == "real runs, half the limit" and r["status"] == 200]
    assert real[0]["error"] is None
    at_limit = [r for r in results if r["body"] == "empty objects at the value limit"]
    assert at_limit[0]["error"] == "ResponseValidationError"
