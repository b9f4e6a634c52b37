#!/usr/bin/env python3
"""``make bench``: how fast and how lean the SDK walks runs, each figure against a baseline.

Every figure is measured in this run, on this machine, against a baseline measured alongside it,
as the median of several repetitions; the script prints the table and writes
``bench/results.md`` and ``bench/results.json``. A figure that misses its target is reported,
never fatal: the exit status is 0 unless the script itself breaks.

Servers run as separate processes (``modelruns stub ...``), so a client measurement never shares
the GIL with its server. The walks' contenders (figures 1 and 8, in ``bench_clients``) run both
interleaved in this process and each alone in fresh processes, so an import or warm-up advantage
shows. ``--smoke`` runs every figure at toy sizes, without Prism or npm, so the
script is exercised by the test suite; its numbers mean nothing.

    python scripts/bench.py [--smoke] [--out DIR] [--reps N]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import functools
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from modelruns import foundry, nsml, pai
from modelruns._facades import foundry as foundry_facade
from modelruns._specs import spec_path
from modelruns.stubs import _credentials as demo
from modelruns.stubs import create_app

ROOT = Path(__file__).resolve().parent.parent

if str(ROOT) not in sys.path:  # run as `python scripts/bench.py`
    sys.path.insert(0, str(ROOT))

# The shared parts and the client figures (1, 8, 9) live beside this script.
from scripts.bench_clients import figure_amplification, figure_pai, figure_walk  # noqa: E402
from scripts.bench_common import (  # noqa: E402
    FOUNDRY_RID,
    Figure,
    Sizes,
    free_port,
    median_time,
    stub_process,
)

# --- figure 2: decoding one page ----------------------------------------------------------


def _page_body(runs: list[dict[str, Any]]) -> bytes:
    return json.dumps({"data": runs, "nextPageToken": "t"}).encode()


def figure_decode(sizes: Sizes) -> Figure:
    stub: Any = create_app("foundry", runs=sizes.page, credentials=demo.Credentials()).stub
    runs: list[dict[str, Any]] = stub.studios[stub.studio_rid]
    body = _page_body(runs)
    # The same page with every `startedBy` a different user: what decoding costs does not
    # depend on ids repeating (the decoder keeps no cache).
    distinct = _page_body(
        [
            {**run, "startedBy": str(uuid.UUID(int=index + 1, version=4))}
            for index, run in enumerate(runs)
        ]
    )
    response = httpx.Response(200, content=body)
    distinct_response = httpx.Response(200, content=distinct)
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS  # what the client uses, with its compiled decoder
    reps = max(sizes.reps * 10, 5)

    def generic() -> Any:
        raw = json.loads(body)
        op.check(raw)
        return op.response_model.from_dict(raw)

    # Interleaved, so drift on the machine touches each alike.
    samples: dict[str, list[float]] = {"loads": [], "decode": [], "distinct": [], "generic": []}
    actions: dict[str, Callable[[], Any]] = {
        "loads": lambda: json.loads(body),
        "decode": lambda: op.decode(response),
        "distinct": lambda: op.decode(distinct_response),
        "generic": generic,
    }
    for action in actions.values():
        action()
    for _ in range(reps):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            samples[name].append(time.perf_counter() - start)
    loads, decoded, distinct_s, before = (
        statistics.median(samples[name]) for name in ("loads", "decode", "distinct", "generic")
    )
    ratio = decoded / loads
    users = len({run["startedBy"] for run in runs})
    return Figure(
        2,
        f"decode one {sizes.page:,}-run page into typed models",
        f"{decoded * 1000:.2f} ms (every user distinct: {distinct_s * 1000:.2f} ms, "
        f"{distinct_s / loads:.2f}x)",
        f"json.loads {loads * 1000:.2f} ms",
        ratio,
        "<= 1.5x",
        ratio <= 1.5 and distinct_s / loads <= 1.5,
        f"a page of the Foundry stub as served in figure 1 ({len(body):,} bytes; "
        f"{sizes.page:,} runs, all RIDs distinct, `startedBy` from {users} users of a team "
        "of 40); the same page with every `startedBy` distinct decodes in "
        f"{distinct_s * 1000:.2f} ms: the decoder shares nothing between runs. modelruns "
        "parses with msgspec (stdlib json for anything it refuses), then builds the attrs "
        "models with the decoders compiled from the spec, the collector paused; the route "
        f"before the compiled decoders (json.loads + schema check + generated from_dict): "
        f"{before / loads:.2f}x",
        {
            "decode_s": decoded,
            "distinct_users_decode_s": distinct_s,
            "loads_s": loads,
            "generic_s": before,
        },
    )


# --- figure 3: memory over a long walk ----------------------------------------------------

_MEMORY_CHILD = """
import json, resource, sys, httpx
from modelruns import foundry
from modelruns.stubs import create_app
from modelruns.stubs import _credentials as demo
pages, size = int(sys.argv[1]), int(sys.argv[2])
stub = create_app("foundry", runs=size, credentials=demo.Credentials()).stub
runs = stub.studios[stub.studio_rid]
last = json.dumps({"data": runs}).encode()
prefix = last[:-1]
del stub, runs
def answer(request):
    number = int(request.url.params.get("pageToken") or 0)
    body = last if number + 1 >= pages else prefix + b',"nextPageToken":"%d"}' % (number + 1)
    return httpx.Response(200, content=body)
client = foundry.Client(token="t", base_url="http://replay/api",
                        http_client=httpx.Client(transport=httpx.MockTransport(answer)))
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count, first = 0, None
for run in client.list_model_studio_runs("ri.models.main.model-studio.x", page_size=size):
    count += 1
    if count == size + 1:
        first = rss()
print(json.dumps({"count": count, "first_page_kib": first, "end_kib": rss()}))
"""


def figure_memory(sizes: Sizes) -> Figure:
    total = sizes.memory_pages * sizes.page
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _MEMORY_CHILD, str(sizes.memory_pages), str(sizes.page)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(out.stderr.strip().splitlines()[-1])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["count"] == total, result
    growth_mb = (result["end_kib"] - result["first_page_kib"]) / 1024
    return Figure(
        3,
        f"peak memory walking {total:,} runs",
        f"peak RSS grew {growth_mb:.1f} MB",
        f"peak RSS after the first page {result['first_page_kib'] / 1024:.0f} MB",
        None,
        "growth < 30 MB",
        growth_mb < 30,
        "own process; pages replayed by an httpx.MockTransport (a stub holding 1M runs "
        "would need GBs); growth of ru_maxrss from the first page to the end",
        result,
    )


# --- figure 4: page-number prefetch -------------------------------------------------------


def _page_walkers(
    provider: str, url: str, seeded: dict[str, str], page: int
) -> Callable[[int], list[str]]:
    if provider == "pai":
        client: Any = pai.Client(
            access_key_id=demo.DEMO_ACCESS_KEY_ID,
            access_key_secret=demo.DEMO_ACCESS_KEY_SECRET,
            base_url=url,
        )

        def walk_pai(prefetch: int) -> list[str]:
            runs = client.list_runs(
                workspace_id=seeded.get("WorkspaceId"),
                page_number=1,
                page_size=page,
                prefetch=prefetch,
            )
            return [run.run_id for run in runs]

        return walk_pai
    client = nsml.Client(
        access_key=demo.DEMO_NCP_ACCESS_KEY,
        secret_key=demo.DEMO_NCP_SECRET_KEY,
        api_key=demo.DEMO_NCP_API_KEY,
        base_url=url,
    )

    def walk_nsml(prefetch: int) -> list[str]:
        runs = client.get_run_list(page=1, page_size=page, prefetch=prefetch)
        return [repr(run.to_dict()) for run in runs]

    return walk_nsml


def figure_prefetch(sizes: Sizes) -> Figure:
    results: dict[str, dict[str, Any]] = {}
    for provider in ("pai", "nsml"):
        extra = ("--latency-ms", "20")
        with stub_process(provider, sizes.prefetch_runs, *extra) as (url, seeded):
            walk = _page_walkers(provider, url, seeded, sizes.prefetch_page)
            sequential_items, prefetched_items = walk(0), walk(4)
            sequential = median_time(functools.partial(walk, 0), sizes.reps, warmup=False)
            prefetched = median_time(functools.partial(walk, 4), sizes.reps, warmup=False)
        results[provider] = {
            "sequential_s": sequential,
            "prefetch4_s": prefetched,
            "speedup": sequential / prefetched,
            "same_items_same_order": sequential_items == prefetched_items,
            "items": len(sequential_items),
        }
    worst = min(r["speedup"] for r in results.values())
    same = all(r["same_items_same_order"] for r in results.values())
    pages = -(-sizes.prefetch_runs // sizes.prefetch_page)
    notes = (
        f"4 requests in flight from the first one ({pages} pages: {-(-pages // 4)} round trips "
        f"instead of {pages}); "
    )
    notes += "; ".join(
        f"{p}: {r['sequential_s']:.2f} s -> {r['prefetch4_s']:.2f} s ({r['speedup']:.1f}x, "
        f"{r['items']} items, same order: {r['same_items_same_order']})"
        for p, r in results.items()
    )
    return Figure(
        4,
        f"page-number walk, {sizes.prefetch_runs:,} runs in pages of {sizes.prefetch_page}, "
        "20 ms latency",
        f"prefetch=4: {worst:.1f}x faster (worst of PAI, NSML)",
        "sequential walk",
        worst,
        ">= 3x, same items in order",
        worst >= 3.0 and same,
        notes,
        results,
    )


# --- figure 5: async --------------------------------------------------------------------


def figure_async(sizes: Sizes) -> Figure:
    async def one(client: foundry.AsyncClient) -> int:
        count = 0
        async for _ in client.list_model_studio_runs(FOUNDRY_RID, page_size=sizes.page):
            count += 1
        return count

    async def walks(url: str, concurrent: bool) -> None:
        async with foundry.AsyncClient(token=demo.DEMO_FOUNDRY_TOKEN, base_url=url) as client:
            if concurrent:
                counts = await asyncio.gather(*(one(client) for _ in range(8)))
            else:
                counts = [await one(client) for _ in range(8)]
        assert counts == [sizes.async_runs] * 8, counts

    with stub_process("foundry", sizes.async_runs) as (url, _):
        sequential = median_time(lambda: asyncio.run(walks(url, False)), sizes.reps)
        concurrent = median_time(lambda: asyncio.run(walks(url, True)), sizes.reps)
    speedup = sequential / concurrent
    return Figure(
        5,
        f"async: 8 walks of {sizes.async_runs:,} Foundry runs",
        f"concurrent {concurrent:.2f} s",
        f"sequential {sequential:.2f} s",
        speedup,
        "report (speedup)",
        None,
        "one stub process on the same 2 cores, so the overlap is of network waits and the "
        "server's own CPU time, not extra client CPU; the client holds no lock, each walk has "
        "its own pooled connection",
        {"sequential_s": sequential, "concurrent_s": concurrent},
    )


# --- figure 6: stub throughput vs Prism ---------------------------------------------------


def _autocannon(url: str, seconds: int, headers: dict[str, str]) -> float:
    binary = ROOT / "bench" / "node_modules" / ".bin" / "autocannon"
    command = [str(binary), "-j", "-c", "16", "-d", str(seconds)]
    for key, value in headers.items():
        command += ["-H", f"{key}={value}"]
    out = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(out)
    if result.get("non2xx") or result.get("errors"):
        raise RuntimeError(f"{url}: {result.get('non2xx')} non-2xx, {result.get('errors')} errors")
    return float(result["requests"]["average"])


@contextmanager
def prism_process(port: int) -> Iterator[str]:
    binary = ROOT / "bench" / "node_modules" / ".bin" / "prism"
    command = [str(binary), "mock", str(spec_path("foundry")), "-h", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(  # noqa: S603
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def figure_throughput(sizes: Sizes) -> Figure:
    tools = ROOT / "bench" / "node_modules" / ".bin"
    if not (tools / "autocannon").exists() or not (tools / "prism").exists():
        return Figure(
            6,
            "stub throughput, one-run Foundry page",
            "not measured",
            "not measured",
            None,
            ">= 2x Prism under wrk and autocannon",
            None,
            "Prism/autocannon not installed (make bench installs them under bench/)",
        )
    import shutil  # here, not at the top: only figure 6 looks for a tool on the PATH

    wrk = shutil.which("wrk")

    def run_wrk(url: str, seconds: int, headers: dict[str, str]) -> float:
        """Requests per second under wrk, 2 threads and 16 connections."""
        assert wrk is not None
        command = [wrk, "-t2", "-c16", f"-d{seconds}s"]
        for key, value in headers.items():
            command += ["-H", f"{key}: {value}"]
        out = subprocess.run(  # noqa: S603
            [*command, url], capture_output=True, text=True, check=True
        ).stdout
        if "Non-2xx" in out or "Socket errors" in out:
            raise RuntimeError(f"{url}: wrk saw errors: {out.strip().splitlines()[-3:]}")
        match = re.search(r"Requests/sec:\s+([0-9.]+)", out)
        if match is None:
            raise RuntimeError(f"{url}: no rate in wrk's output")
        return float(match.group(1))

    loaders: dict[str, Callable[[str, int, dict[str, str]], float]] = {"autocannon": _autocannon}
    if wrk is not None:
        loaders["wrk"] = run_wrk
    path = f"/v2/models/modelStudios/{FOUNDRY_RID}/runs?preview=true"
    headers = {"Authorization": f"Bearer {demo.DEMO_FOUNDRY_TOKEN}"}
    samples: dict[str, dict[str, list[float]]] = {
        loader: {"stub": [], "prism": []} for loader in loaders
    }
    with (
        stub_process("foundry", 1) as (url, _),
        prism_process(free_port()) as prism_url,
    ):
        targets = {"stub": url + path, "prism": prism_url + path}
        for target in targets.values():
            _autocannon(target, 1, headers)  # warm-up (JIT, caches)
        # Interleaved: each round measures both servers under both loaders, one after another.
        for _ in range(max(sizes.reps // 2, 1) if sizes.reps > 1 else 1):
            for loader, load in loaders.items():
                for name, target in targets.items():
                    samples[loader][name].append(load(target, sizes.load_seconds, headers))
    rates = {
        loader: {name: statistics.median(values) for name, values in by_server.items()}
        for loader, by_server in samples.items()
    }
    ratios = {loader: rate["stub"] / rate["prism"] for loader, rate in rates.items()}
    ratio = min(ratios.values())
    shown = "; ".join(
        f"{loader} {rates[loader]['stub']:,.0f} req/s ({ratios[loader]:.2f}x)" for loader in loaders
    )
    return Figure(
        6,
        "stub throughput, one-run Foundry page",
        f"stub {shown}",
        "Prism mock "
        + "; ".join(f"{loader} {rates[loader]['prism']:,.0f} req/s" for loader in loaders),
        ratio,
        ">= 2x Prism under wrk and autocannon",
        ratio >= 2.0 and wrk is not None,
        "`modelruns stub foundry --runs 1` (one uvicorn worker, default asyncio loop, httptools) "
        f"vs `prism mock` of the same spec; autocannon -c 16 and wrk -t2 -c16, "
        f"-d {sizes.load_seconds} each, interleaved, same host, both with the bearer header; "
        "the ratio is the lower of the two"
        + ("" if wrk is not None else "; wrk is not installed (apt-get install wrk)"),
        {"samples": samples, "ratios": ratios},
    )


# --- figure 7: generation -----------------------------------------------------------------


def figure_generate(sizes: Sizes) -> Figure:
    def generate() -> None:
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "scripts" / "generate.py"), "--check"],
            check=True,
            capture_output=True,
        )

    seconds = median_time(generate, max(sizes.reps // 2, 1), warmup=False)
    return Figure(
        7,
        "generate all four specs",
        f"{seconds:.2f} s",
        "-",
        None,
        "report",
        None,
        "`scripts/generate.py --check`: the same generation as `make generate`, into a "
        "scratch folder, then compared with generated/",
        {"seconds": seconds},
    )


# --- report -------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def markdown(figures: list[Figure], about: dict[str, Any], smoke: bool) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"`make bench` on {about['cores']} cores, Python {about['python']}, {about['platform']}"
        + f" (load average {about['load_average_at_start'][0]} at the start)"
        + (" — SMOKE RUN, numbers meaningless" if smoke else "")
        + ". Each figure is a median over repetitions, against a baseline measured in the same "
        "run; all traffic is loopback.",
        "",
        "| # | figure | measured | baseline | ratio | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        lines.append(
            f"| {f.number} | {f.name} | {f.measured} | {f.baseline} | {ratio} | {f.target} "
            f"| {f.verdict} |"
        )
    lines += ["", "## Notes", ""]
    lines += [f"{f.number}. {f.notes}" for f in figures if f.notes]
    return "\n".join(lines) + "\n"


COMMITTED = ROOT / "bench"


def results_dir(out: Path | None, *, smoke: bool) -> Path:
    """Where results go: bench/ for a real run; a smoke run never writes over the committed ones."""
    if not smoke:
        return COMMITTED if out is None else out
    if out is None:
        return Path(tempfile.mkdtemp(prefix="modelruns-bench-smoke-"))
    if out.resolve() == COMMITTED.resolve():
        raise ValueError(f"--smoke must not write over the committed results in {out}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="toy sizes, no Prism, no timing")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="results folder (default: bench/; a temporary folder with --smoke)",
    )
    parser.add_argument("--reps", type=int, default=None, help="repetitions per figure")
    parser.add_argument("--only", type=int, action="append", help="run only these figures")
    args = parser.parse_args(argv)
    try:
        args.out = results_dir(args.out, smoke=args.smoke)
    except ValueError as error:
        parser.error(str(error))
    sizes = Sizes.smoke() if args.smoke else Sizes()
    about = machine()  # before the run: the load it starts under
    if args.reps:
        sizes.reps = args.reps
    runs: list[tuple[int, Callable[[Sizes], Figure]]] = [
        (1, figure_walk),
        (2, figure_decode),
        (3, figure_memory),
        (4, figure_prefetch),
        (5, figure_async),
        (6, figure_throughput),
        (7, figure_generate),
        (8, figure_pai),
        (9, figure_amplification),
    ]
    figures: list[Figure] = []
    for number, run in runs:
        if args.only and number not in args.only:
            continue
        if args.smoke and number in (6, 7):
            continue  # Prism and the generator are the slow, external parts
        print(f"figure {number} ...", file=sys.stderr, flush=True)
        try:
            figures.append(run(sizes))
        except Exception as error:  # a broken figure is reported, the others still run
            figures.append(
                Figure(number, run.__name__, "failed", "-", None, "-", False, repr(error)[:300])
            )
    text = markdown(figures, about, args.smoke)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    document = {
        "machine": about,
        "smoke": args.smoke,
        "figures": [dataclasses.asdict(f) | {"verdict": f.verdict} for f in figures],
    }
    (args.out / "results.json").write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    print(f"results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
