"""`scripts/bench.py --smoke`: every figure still runs end to end (sizes tiny, no timing)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_script", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_smoke_run_writes_every_figure_without_failures(tmp_path: Path) -> None:
    bench = load_bench()
    assert bench.main(["--smoke", "--out", str(tmp_path)]) == 0
    document = json.loads((tmp_path / "results.json").read_text())
    figures = {f["number"]: f for f in document["figures"]}
    assert sorted(figures) == [1, 2, 3, 4, 5, 8, 9]
    assert all(f["measured"] != "failed" for f in figures.values()), figures
    # Each walk's contenders also ran alone, each in its own fresh process.
    assert {"raw httpx + json", "modelruns"} <= set(figures[1]["raw"]["alone"])
    assert set(figures[8]["raw"]["alone"]) == {
        "alibabacloud-aiworkspace20210204",
        "modelruns pai",
        "modelruns pai prefetch=0",
    }
    assert figures[8]["ratio"] > 0
    assert figures[9]["raw"]["peak_per_body_byte"]["modelruns decode"] > 0
    assert figures[4]["raw"]["pai"]["same_items_same_order"]
    assert figures[4]["raw"]["nsml"]["same_items_same_order"]
    assert "SMOKE RUN" in (tmp_path / "results.md").read_text()


def test_a_smoke_run_never_writes_over_the_committed_results(tmp_path: Path) -> None:
    bench = load_bench()
    committed = SCRIPT.parent.parent / "bench"
    default = bench.results_dir(None, smoke=True)
    assert default.resolve() != committed.resolve()
    assert committed.resolve() not in default.resolve().parents
    default.rmdir()
    with pytest.raises(ValueError, match="committed"):
        bench.results_dir(committed, smoke=True)
    assert bench.results_dir(None, smoke=False) == committed
    assert bench.results_dir(tmp_path, smoke=True) == tmp_path


def test_smoke_refuses_the_committed_folder_before_running(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bench = load_bench()
    before = {p.name: p.read_bytes() for p in (SCRIPT.parent.parent / "bench").glob("results.*")}
    with pytest.raises(SystemExit) as stopped:
        bench.main(["--smoke", "--out", str(SCRIPT.parent.parent / "bench")])
    assert stopped.value.code == 2
    assert "committed" in capsys.readouterr().err
    after = {p.name: p.read_bytes() for p in (SCRIPT.parent.parent / "bench").glob("results.*")}
    assert after == before
