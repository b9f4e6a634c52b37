"""The check conformance adds to schemathesis' own (``_checks``): a list operation's walk ends.

``pagination_terminates`` walks each list operation once per run as its
``x-modelruns-pagination`` says (token, integer token, page number, offset, a token in the body)
and fails when the pages keep coming past the run's page bound.
"""

from __future__ import annotations

from typing import Any

import pytest

from modelruns.conformance import run_conformance
from modelruns.conformance._types import Report
from modelruns.stubs import Deviation, create_app

FAST: dict[str, Any] = {"max_examples": 2, "seed": 1}


def _failures(report: Report, check: str) -> list[str]:
    return [
        f"{op.label}: {failure.title}"
        for op in report.operations
        for failure in op.failures
        if failure.check == check
    ]


@pytest.mark.parametrize("provider", ["dataplatform", "nsml", "pai"])
def test_a_clean_stubs_walks_end(provider: str) -> None:
    # A token (Data Platform), a page number (NSML) and PAI's integer token: every walk ends.
    report = run_conformance(provider, app=create_app(provider, runs=30), **FAST)  # type: ignore[arg-type]
    assert report.operations
    assert _failures(report, "pagination_terminates") == []


def test_pages_that_never_end_fail_the_check_at_the_page_bound() -> None:
    app = create_app("nsml", deviations=[Deviation.ENDLESS_PAGINATION])
    report = run_conformance("nsml", app=app, max_pages=5, **FAST)
    failed = _failures(report, "pagination_terminates")
    assert failed == ["GET /projects/runs: Pagination does not end"]
