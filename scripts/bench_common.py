"""What every figure of ``make bench`` shares: sizes, the ``Figure`` row, timing, stub processes."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from modelruns._specs import load_spec
from modelruns.stubs import _credentials as demo

ROOT = Path(__file__).resolve().parent.parent
FOUNDRY_RID: str = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]
#: Every credential's environment variable set to the stubs' demo value.
STUB_ENV = {
    variable: getattr(demo.Credentials(), field)
    for field, variable in demo.ENVIRONMENT_VARIABLES.items()
}
_URL_LINE = re.compile(r"^(\w+): (http://\S+)$")


@dataclasses.dataclass
class Sizes:
    """How big each figure's workload is (full run, or the smoke test's toy sizes)."""

    walk_runs: int = 100_000
    page: int = 1_000
    memory_pages: int = 1_000
    prefetch_runs: int = 2_000
    prefetch_page: int = 100
    async_runs: int = 10_000
    reps: int = 5
    #: The walks of figure 1 share two cores with their stub: more samples steady the median.
    walk_reps: int = 9
    #: Fresh processes per contender for the walks run alone (each imports, then walks twice).
    alone_reps: int = 3
    pai_runs: int = 20_000
    pai_page: int = 100
    pai_reps: int = 5
    load_seconds: int = 5

    @classmethod
    def smoke(cls) -> Sizes:
        return cls(
            walk_runs=300,
            page=100,
            memory_pages=3,
            prefetch_runs=40,
            prefetch_page=10,
            async_runs=200,
            reps=1,
            walk_reps=1,
            alone_reps=1,
            pai_runs=300,
            pai_page=100,
            pai_reps=1,
            load_seconds=1,
        )


@dataclasses.dataclass
class Figure:
    """One row of the table: a measurement, its baseline, their ratio and the target."""

    number: int
    name: str
    measured: str
    baseline: str
    ratio: float | None
    target: str
    passed: bool | None
    notes: str = ""
    raw: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "MISS", None: "n/a"}[self.passed]


def median_time(action: Callable[[], Any], reps: int, warmup: bool = True) -> float:
    """Median wall time of ``action`` over ``reps`` runs (after one unmeasured run)."""
    if warmup:
        action()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- servers in their own processes -------------------------------------------------------


@contextmanager
def stub_process(provider: str, runs: int, *extra: str) -> Iterator[tuple[str, dict[str, str]]]:
    """``modelruns stub PROVIDER`` in a subprocess: yields its base URL and seeded ids."""
    command = [sys.executable, "-m", "modelruns", "stub", provider, "--runs", str(runs)]
    # A free port (the defaults may be taken) and no request log (it would be timed too).
    command += ["--port", "0", "--quiet", *extra]
    env = {**os.environ, **STUB_ENV}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)  # noqa: S603
    try:
        assert process.stdout is not None
        url, seeded = "", {}
        for line in process.stdout:
            match = _URL_LINE.match(line.strip())
            if match:
                url = match.group(2)
            if line.strip().startswith("seeded:"):
                pairs = line.split(":", 1)[1].strip().split(", ")
                seeded = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
                break
        if not url:
            raise RuntimeError(f"the {provider} stub did not start")
        yield url, seeded
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
