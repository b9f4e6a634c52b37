"""modelruns: typed SDKs, stub servers and conformance checks for four model-run APIs."""

from modelruns._run import Run, RunStatus, aiter_runs, iter_runs

__all__: list[str] = [
    "Run",
    "RunStatus",
    "aiter_runs",
    "iter_runs",
]
