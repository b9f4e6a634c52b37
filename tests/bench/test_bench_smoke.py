"""`scripts/bench.py --smoke`: every figure still runs end to end (sizes tiny, no timing)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

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
    assert sorted(figures) == [1, 2, 3, 4, 5]
    assert all(f["measured"] != "failed" for f in figures.values()), figures
    assert figures[4]["raw"]["pai"]["same_items_same_order"]
    assert figures[4]["raw"]["nsml"]["same_items_same_order"]
    assert "SMOKE RUN" in (tmp_path / "results.md").read_text()
