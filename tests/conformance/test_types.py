"""`_types`: what a report says about a run: passed, unusable, verified."""

from __future__ import annotations

from modelruns.conformance import CheckFailure, OperationResult, Report


def _verified(label: str = "GET /a") -> OperationResult:
    return OperationResult(label=label, requests=2, checks_passed=2, statuses={200: 2})


def test_a_run_that_verified_something_with_every_check_passing_passes() -> None:
    report = Report(provider="nsml", base_url="x", operations=[_verified()])
    assert report.passed
    assert report.unusable is None
    assert report.requests == 2


def test_nothing_verified_is_unusable_and_never_a_pass() -> None:
    answered = OperationResult(label="GET /a", requests=1, statuses={404: 1})
    report = Report(provider="nsml", base_url="x", operations=[answered])
    assert not report.passed
    assert report.unusable == "no operation was verified: no request got a 2xx answer"
    assert answered.state == "unverified"


def test_every_operation_skipped_is_unusable() -> None:
    skipped = OperationResult(label="POST /a", skipped="read-only")
    report = Report(provider="nsml", base_url="x", operations=[skipped])
    assert report.unusable == "no operation was checked: every operation was skipped"
    assert report.skipped == [skipped]


def test_not_an_api_and_interruptions_are_never_a_pass() -> None:
    hostile = Report(provider="nsml", base_url="x", operations=[_verified()], not_an_api=["big"])
    assert hostile.unusable == "not an API: big"
    assert not hostile.passed
    cut = Report(provider="nsml", base_url="x", operations=[_verified()], interrupted=True)
    assert not cut.passed


def test_a_failed_check_fails_its_operation_and_the_run() -> None:
    failing = _verified()
    failing.failures.append(
        CheckFailure(check="status_code_conformance", title="t", message="m", curl="")
    )
    report = Report(provider="nsml", base_url="x", operations=[failing])
    assert failing.state == "failed"
    assert report.failed_checks == ["status_code_conformance"]
    assert not report.passed
