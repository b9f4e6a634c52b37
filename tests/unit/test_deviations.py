"""Tolerated deviations reported once per operation and JSON path (``_deviations``)."""

from __future__ import annotations

import logging

import pytest

from modelruns._deviations import DeviationReporter
from modelruns._facades import dataplatform as facade
from modelruns._options import Deviation

OP = facade._GET_MODEL_RUN


def test_each_path_is_reported_once_with_its_indexes_generic(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[Deviation] = []
    report = DeviationReporter(("s3cret",), seen.append, None)
    with caplog.at_level(logging.WARNING, logger="modelruns"):
        report(OP, [("$.steps[0].status", "enum", "'NEW' s3cret")])
        report(OP, [("$.steps[3].status", "enum", "'NEWER'")])
    assert [d.path for d in seen] == ["$.steps[*].status"]
    assert seen[0].example_path == "$.steps[0].status"
    assert "s3cret" not in seen[0].detail
    assert len([r for r in caplog.records if "tolerated" in r.getMessage()]) == 1


def test_a_callback_that_raises_is_logged_and_the_report_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(deviation: Deviation) -> None:
        raise RuntimeError("callback bug")

    report = DeviationReporter((), broken, None)
    with caplog.at_level(logging.ERROR, logger="modelruns"):
        report(OP, [("$.status", "enum", "'X'")])
    assert any("on_deviation raised" in r.getMessage() for r in caplog.records)
