"""Conformance over Foundry's operations: read-only by default, experiment search included.

Search is a POST that reads (its spec marks it `x-modelruns-read-only`): a read-only run
against a server it did not start sends it, and nothing else that is not GET, HEAD or
OPTIONS; the operations that create or launch are skipped. (Every operation, writes
included, is checked against the embedded stub by `tests/contract/`.)
"""

from __future__ import annotations

from modelruns._specs import load_spec
from modelruns.conformance import RunOptions, run_conformance
from modelruns.conformance._guard import RunGuard
from modelruns.conformance._operations import skip_reasons
from modelruns.stubs import Credentials, StubServer

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
SEARCH = "/v2/models/{modelRid}/experiments/search"


def test_a_read_only_run_skips_exactly_the_operations_that_write() -> None:
    labels = {
        f"{method.upper()} {path}": op
        for path, item in load_spec("foundry")["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict)
    }
    skipped = skip_reasons(load_spec("foundry"), "foundry", RunOptions(allow_writes=False))
    writes = {
        label
        for label, op in labels.items()
        if label.split()[0] not in READ_METHODS and not op.get("x-modelruns-read-only")
    }
    assert set(skipped) == writes
    assert {labels[label]["operationId"] for label in writes} == {
        "createModelStudio",
        "launchModelStudio",
        "createModelStudioConfigVersion",
    }
    assert all("read-only run" in reason for reason in skipped.values())
    assert skip_reasons(load_spec("foundry"), "foundry", RunOptions(allow_writes=True)) == {}


def test_a_read_only_run_sends_and_verifies_the_search() -> None:
    with StubServer("foundry", runs=2, log_level="error") as server:
        report = run_conformance(
            "foundry",
            base_url=server.base_url,
            credentials=Credentials(),
            max_examples=1,
            # A bound, not a budget: the first scenarios already reach the stub.
            options=RunOptions(include_operation_ids=("searchExperiments",), max_time=8),
        )
    assert report.read_only
    (search,) = [r for r in report.operations if r.label == f"POST {SEARCH}"]
    assert search.skipped is None
    assert search.verified, search.statuses
    assert search.checks_failed == 0, search.failures


def test_the_guard_lets_only_the_marked_post_through() -> None:
    guard = RunGuard(allow_writes=False, timeout=1, reads=[("POST", SEARCH)])
    assert guard.reads_only("POST", "/api/v2/models/ri.models.main.model.x/experiments/search")
    assert not guard.reads_only("POST", "/api/v2/models/modelStudios/ri.a.b.c.d/launch")
    assert not guard.reads_only("POST", "/api/v2/models/modelStudios")
    assert not guard.reads_only("PUT", "/api/v2/models/ri.models.main.model.x/experiments/search")
    unmarked = RunGuard(allow_writes=False, timeout=1)
    assert not unmarked.reads_only("POST", "/api/v2/models/ri.m.x/experiments/search")
