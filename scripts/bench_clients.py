"""``make bench``'s client figures: the Foundry walk (1), the PAI walk (8), memory per byte (9).

A walk's contenders run twice over: interleaved in this one long-lived process (drift on the
machine touches each alike, but imports and warm-up are paid once for all), and each alone in
fresh processes (``bench_walkers.py``), where a contender's imports and its first, cold walk
show. Every ratio is against a baseline measured in the same run.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx

from modelruns._decode import loads
from modelruns._facades import foundry as foundry_facade
from modelruns.stubs import _credentials as demo
from modelruns.stubs import create_app
from scripts import bench_walkers
from scripts.bench_common import FOUNDRY_RID, ROOT, Figure, Sizes, stub_process

#: The Foundry walk's contenders, baseline first.
FOUNDRY_WALKERS = (
    "raw httpx + json",
    "modelruns",
    "modelruns prefetch=0",
    "generated client, naive loop",
    "foundry-platform-sdk",
)
#: The PAI walk's contenders, baseline (Alibaba's SDK) first.
PAI_WALKERS = ("alibabacloud-aiworkspace20210204", "modelruns pai", "modelruns pai prefetch=0")


def _installed(names: tuple[str, ...]) -> tuple[str, ...]:
    """The contenders whose client is importable (the official SDKs come with the bench extra)."""
    return tuple(
        name
        for name in names
        if importlib.util.find_spec(bench_walkers.CLIENT_MODULES[name][0].split(".")[0])
    )


def _context(seeded: dict[str, str]) -> bench_walkers.Context:
    return {
        "rid": FOUNDRY_RID,
        "token": demo.DEMO_FOUNDRY_TOKEN,
        "access_key_id": demo.DEMO_ACCESS_KEY_ID,
        "access_key_secret": demo.DEMO_ACCESS_KEY_SECRET,
        **seeded,
    }


def interleaved(
    names: tuple[str, ...], url: str, page: int, ctx: bench_walkers.Context, reps: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall and CPU seconds of each walker, repetitions interleaved in this process."""
    samples: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(reps):
        for name in names:
            start, start_cpu = time.perf_counter(), time.process_time()
            bench_walkers.WALKERS[name](url, page, ctx)
            samples[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return (
        {name: statistics.median(values) for name, values in samples.items()},
        {name: statistics.median(values) for name, values in cpu.items()},
    )


def alone(
    names: tuple[str, ...], url: str, page: int, ctx: bench_walkers.Context, reps: int
) -> dict[str, dict[str, float]]:
    """Each walker in ``reps`` fresh processes: medians of its imports, cold and warm walks."""
    script = ROOT / "scripts" / "bench_walkers.py"
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for _ in range(reps):
        for name in names:
            out = subprocess.run(  # noqa: S603
                [sys.executable, str(script), name, url, str(page)],
                input=json.dumps(ctx),
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode:
                raise RuntimeError(f"{name} alone: {out.stderr.strip().splitlines()[-1]}")
            runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        name: {
            key: statistics.median(run[key] for run in results)
            for key in ("import_s", "cold_s", "warm_s", "cold_cpu_s", "warm_cpu_s")
        }
        for name, results in runs.items()
    }


def _alone_notes(results: dict[str, dict[str, float]], baseline: str, unit: str) -> str:
    base = results[baseline][unit]
    return ", ".join(
        f"{name}: imports {r['import_s']:.2f} s, cold walk {r['cold_s']:.2f} s "
        f"(CPU {r['cold_cpu_s']:.2f} s), warm walk {r['warm_s']:.2f} s "
        f"(CPU {r['warm_cpu_s']:.2f} s), {r[unit] / base:.2f}x {baseline}"
        for name, r in results.items()
    )


# --- figure 1: walking Foundry runs -------------------------------------------------------


def figure_walk(sizes: Sizes) -> Figure:
    names = _installed(FOUNDRY_WALKERS)
    with stub_process("foundry", sizes.walk_runs) as (url, seeded):
        ctx = _context(seeded)
        for name in names:
            assert bench_walkers.WALKERS[name](url, sizes.page, ctx) == sizes.walk_runs, name
        seconds, cpu_seconds = interleaved(names, url, sizes.page, ctx, sizes.walk_reps)
        separate = alone(names, url, sizes.page, ctx, sizes.alone_reps)
    raw = seconds["raw httpx + json"]
    ratio = seconds["modelruns"] / raw
    unread = seconds["modelruns prefetch=0"] / raw
    alone_ratio = separate["modelruns"]["cold_s"] / separate["raw httpx + json"]["cold_s"]
    official = seconds.get("foundry-platform-sdk")
    speedup = official / seconds["modelruns"] if official else None
    passed = ratio <= 1.0 and alone_ratio <= 1.0 and (speedup is None or speedup >= 2.5)
    notes = ", ".join(f"{name} {value:.2f} s" for name, value in seconds.items())
    notes += (
        f"; every contender gets the same pages from one `modelruns stub foundry --runs "
        f"{sizes.walk_runs}` process: runs as the spec describes them, each with its own run "
        "id, build, job, model and model-version RIDs (UUID-based), hourly start times, "
        "statuses drawn from SUCCEEDED/FAILED/CANCELED/RUNNING and `startedBy` from a team of "
        "40 users; the raw loop and the generated client parse with stdlib json, modelruns "
        "with msgspec (stdlib json for what msgspec refuses)"
    )
    notes += (
        f"; the row is the default walk ({ratio:.2f}x raw), which reads one page ahead (the "
        f"next page is requested once this one is decoded, while it is used); with prefetch=0 "
        f"it is {unread:.2f}x raw"
    )
    notes += (
        f"; median of {sizes.walk_reps} interleaved walks each; the client's own CPU time "
        "(the stub's is not counted): "
        + ", ".join(f"{name} {value:.2f} s" for name, value in cpu_seconds.items())
    )
    notes += f"; each alone, median of {sizes.alone_reps} fresh processes: " + _alone_notes(
        separate, "raw httpx + json", "cold_s"
    )
    if speedup is not None:
        notes += f"; official SDK / modelruns = {speedup:.2f}x (target >= 2.5x)"
    else:
        notes += "; foundry-platform-sdk not installed (pip install '.[bench]')"
    return Figure(
        1,
        f"walk {sizes.walk_runs:,} Foundry runs, pages of {sizes.page:,}",
        f"modelruns {seconds['modelruns']:.2f} s (alone, cold: {alone_ratio:.2f}x raw; "
        f"prefetch=0: {unread:.2f}x raw)",
        f"raw httpx+json {raw:.2f} s",
        ratio,
        "<= 1.0x raw, interleaved and alone; official SDK >= 2.5x slower",
        passed,
        notes,
        {
            "seconds": seconds,
            "official_over_modelruns": speedup,
            "prefetch0_over_raw": unread,
            "alone_cold_over_raw": alone_ratio,
            "client_cpu_seconds": cpu_seconds,
            "alone": separate,
        },
    )


# --- figure 8: walking verbose PAI runs against Alibaba's SDK -----------------------------


def figure_pai(sizes: Sizes) -> Figure:
    name = f"walk {sizes.pai_runs:,} verbose PAI runs, pages of {sizes.pai_page}, client CPU"
    target = "<= 0.5x Alibaba's SDK, interleaved and alone"
    names = _installed(PAI_WALKERS)
    if PAI_WALKERS[0] not in names:
        missing = "alibabacloud-aiworkspace20210204 not installed (pip install '.[bench]')"
        return Figure(8, name, "not measured", "not measured", None, target, None, missing)
    with stub_process("pai", sizes.pai_runs) as (url, seeded):
        ctx = _context(seeded)
        for walker in names:
            assert bench_walkers.WALKERS[walker](url, sizes.pai_page, ctx) == sizes.pai_runs
        seconds, cpu = interleaved(names, url, sizes.pai_page, ctx, sizes.pai_reps)
        separate = alone(names, url, sizes.pai_page, ctx, sizes.alone_reps)
    official, ours, unread = PAI_WALKERS
    ratio = cpu[ours] / cpu[official]
    alone_ratio = separate[ours]["cold_cpu_s"] / separate[official]["cold_cpu_s"]
    unread_ratio = cpu[unread] / cpu[official]
    notes = (
        f"`modelruns stub pai --runs {sizes.pai_runs}`, one workspace, `Verbose=true` (each run "
        "with its params, metrics and labels), paged by integer token; modelruns signs each "
        "request with ACS3-HMAC-SHA256 as Alibaba's SDK does; the figure is the client's own "
        f"CPU (the stub's is not counted), median of {sizes.pai_reps} interleaved walks: "
        + ", ".join(f"{w} {cpu[w]:.2f} s CPU ({seconds[w]:.2f} s wall)" for w in names)
        + "; the row is the default walk, which reads one page ahead on a second thread; "
        + f"with prefetch=0 it is {unread_ratio:.2f}x"
        + f"; each alone, median of {sizes.alone_reps} fresh processes: "
        + _alone_notes(separate, official, "cold_cpu_s")
    )
    return Figure(
        8,
        name,
        f"modelruns {cpu[ours]:.2f} s CPU (alone, cold: {alone_ratio:.2f}x; prefetch=0: "
        f"{unread_ratio:.2f}x)",
        f"Alibaba's SDK {cpu[official]:.2f} s CPU",
        ratio,
        target,
        ratio <= 0.5 and alone_ratio <= 0.5,
        notes,
        {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "alone": separate,
            "alone_ratio": alone_ratio,
            "prefetch0_ratio": unread_ratio,
        },
    )


# --- figure 9: memory per byte of body -----------------------------------------------------


def _peak_bytes(action: Callable[[], Any]) -> int:
    """Peak bytes Python allocates while ``action`` runs, its result still held at the end."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = action()
        peak = tracemalloc.get_traced_memory()[1] - before
        del result
    finally:
        tracemalloc.stop()
    return peak


def figure_amplification(sizes: Sizes) -> Figure:
    stub: Any = create_app("foundry", runs=sizes.page, credentials=demo.Credentials()).stub
    body = json.dumps({"data": stub.studios[stub.studio_rid], "nextPageToken": "t"}).encode()
    response = httpx.Response(200, content=body)
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS  # what the client uses, with its decoder
    actions: dict[str, Callable[[], Any]] = {
        "json.loads": lambda: json.loads(body),
        "msgspec parse": lambda: loads(body),
        "modelruns decode": lambda: op.decode(response),
    }
    per_byte = {
        name: statistics.median(_peak_bytes(action) for _ in range(3)) / len(body)
        for name, action in actions.items()
    }
    ratio = per_byte["modelruns decode"] / per_byte["json.loads"]
    return Figure(
        9,
        f"peak memory per body byte, one {sizes.page:,}-run Foundry page",
        f"modelruns decode {per_byte['modelruns decode']:.1f}x the body",
        f"json.loads {per_byte['json.loads']:.1f}x the body",
        ratio,
        "report",
        None,
        f"the page of figure 2 ({len(body):,} bytes of runs, each a few dozen small strings); "
        "peak bytes Python allocates (tracemalloc) while one body is parsed and, for modelruns, "
        "decoded into the typed models with the parse tree still alive, over the body's size: "
        + ", ".join(f"{name} {value:.1f}x" for name, value in per_byte.items()),
        {"peak_per_body_byte": per_byte, "body_bytes": len(body)},
    )
