"""Offline conformance and spec suggestions on hand-made HAR files (browser and mitmproxy
shapes), and the rules of a suggestion: additive only, inferred types, the decoder's evidence."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from modelruns.__main__ import main
from modelruns._api_diff import BREAKING, diff
from modelruns._specs import load_spec
from modelruns._suggest import infer_schema, suggest
from modelruns._traffic import TrafficError, read_har
from modelruns.conformance._offline import check_hars

RUN = {
    "id": "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
    "status": "SUCCESS",
    "created_at": "2026-01-02T03:04:05Z",
}
URL = "https://dp.example.com/v1/model-runs/3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"


def _browser_entry(body: dict[str, Any], *, base64_body: bool = False) -> dict[str, Any]:
    # As a browser's HAR export has it: extra fields, no queryString/cookies, maybe base64.
    text = json.dumps(body)
    content: dict[str, Any] = {"mimeType": "application/json; charset=utf-8", "size": len(text)}
    if base64_body:
        content.update(text=base64.b64encode(text.encode()).decode(), encoding="base64")
    else:
        content["text"] = text
    return {
        "_initiator": {"type": "script"},
        "_resourceType": "fetch",
        "request": {"method": "GET", "url": URL, "headers": []},
        "response": {
            "status": 200,
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "content": content,
        },
    }


def _har(tmp_path: Path, *entries: dict[str, Any]) -> Path:
    path = tmp_path / "browser.har"
    aborted = {"request": {"method": "GET", "url": URL}, "response": {"status": 0}}
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": [*entries, aborted]}}))
    return path


def test_a_browser_har_with_base64_content_is_read_and_checked(tmp_path: Path) -> None:
    path = _har(
        tmp_path,
        _browser_entry(RUN),
        _browser_entry({**RUN, "status": "QUEUED"}, base64_body=True),
    )
    exchanges, _ = read_har(path)
    assert len(exchanges) == 2  # the aborted entry (status 0) has no answer to check
    result = check_hars("dataplatform", load_spec("dataplatform"), [path])
    assert result.matched == 2
    [drift] = result.drifts
    assert (drift.operation, drift.path, drift.what) == (
        "getModelRun",
        "$.status",
        "value not in the enum",
    )
    assert drift.count == 1
    assert drift.example == '"QUEUED"'


def test_conforming_traffic_exits_0_and_writes_the_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _har(tmp_path, _browser_entry(RUN))
    report = tmp_path / "report.md"
    code = main(["conformance", "dataplatform", "--har", str(path), "--report", str(report)])
    assert code == 0, capsys.readouterr()
    assert "getModelRun" in report.read_text() or "/model-runs/{runId}" in report.read_text()


def test_unreadable_har_files_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.har"
    bad.write_text('{"log": {"entries": "no"}}')
    with pytest.raises(TrafficError, match=r"no log\.entries"):
        read_har(bad)
    assert main(["conformance", "dataplatform", "--har", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "bad.har" in err
    assert main(["conformance", "dataplatform", "--har", str(bad), "--spec", str(bad)]) == 2


def test_a_spec_of_another_provider_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _har(tmp_path, _browser_entry(RUN))
    other = tmp_path / "foundry.yaml"
    other.write_text(json.dumps(load_spec("foundry")))
    assert main(["conformance", "dataplatform", "--har", str(path), "--spec", str(other)]) == 2
    assert "a spec of foundry, not of dataplatform" in capsys.readouterr().err


def test_types_and_formats_are_inferred_from_the_values() -> None:
    assert infer_schema(["2026-01-02T03:04:05Z", "2026-01-02T03:04:05.5+02:00"]) == {
        "type": "string",
        "format": "date-time",
    }
    assert infer_schema([RUN["id"]]) == {"type": "string", "format": "uuid"}
    assert infer_schema(["2026-01-02"]) == {"type": "string", "format": "date"}
    assert infer_schema([1, 2]) == {"type": "integer"}
    assert infer_schema([1, 2**40]) == {"type": "integer", "format": "int64"}
    assert infer_schema([1, 2.5]) == {"type": "number"}
    assert infer_schema(["a", None]) == {"type": ["string", "null"]}
    assert infer_schema([{"a": [True]}]) == {
        "type": "object",
        "properties": {"a": {"type": "array", "items": {"type": "boolean"}}},
    }


def test_a_suggestion_only_adds_and_never_touches_the_input(tmp_path: Path) -> None:
    spec = load_spec("dataplatform")
    before = copy.deepcopy(spec)
    long_name = "p" * 300
    path = _har(
        tmp_path,
        _browser_entry({**RUN, "status": "QUEUED", "project_name": long_name, "extra": 1}),
    )
    exchanges, _ = read_har(path)
    found = suggest(spec, exchanges)
    assert spec == before
    run = found.spec["components"]["schemas"]["ModelRun"]
    assert run["properties"]["project_name"]["maxLength"] == 300
    assert "QUEUED" in found.spec["components"]["schemas"]["ModelRunStatus"]["enum"]
    assert run["properties"]["extra"]["type"] == "integer"
    assert run["required"] == before["components"]["schemas"]["ModelRun"]["required"]
    changes = diff(before, found.spec)
    assert changes
    assert all(change.kind != BREAKING for change in changes)
    assert not any("removed" in change.what for change in changes)


def test_the_decoders_deviations_count_as_evidence_or_become_notes(tmp_path: Path) -> None:
    path = _har(tmp_path, _browser_entry({**RUN, "status": "QUEUED"}))
    exchanges, _ = read_har(path)
    deviations = [
        {"operation": "getModelRun", "path": "$.status", "kind": "enum", "count": 4},
        {"operation": "getModelRun", "path": "$.created_at", "kind": "format", "count": 2},
    ]
    found = suggest(load_spec("dataplatform"), exchanges, deviations)
    status = found.spec["components"]["schemas"]["ModelRunStatus"]
    assert status["x-modelruns-observed"][0]["decoder"] == 4
    [note] = found.notes
    assert "$.created_at" in note
    assert "format" in note


def test_traffic_of_errors_only_verifies_nothing_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = _browser_entry({"code": 404, "message": "no such run"})
    entry["response"]["status"] = 404
    path = _har(tmp_path, entry)
    assert check_hars("dataplatform", load_spec("dataplatform"), [path]).drifts == []
    assert main(["conformance", "dataplatform", "--har", str(path)]) == 2
    assert "no operation was verified" in capsys.readouterr().err


def test_a_request_body_is_checked_against_the_operations_schema(tmp_path: Path) -> None:
    entry = _browser_entry(RUN)
    entry["request"] = {
        "method": "POST",
        "url": "https://dp.example.com/v1/model-runs",
        "postData": {"mimeType": "application/json", "text": '{"full_refresh": "yes"}'},
    }
    entry["response"]["status"] = 201
    result = check_hars("dataplatform", load_spec("dataplatform"), [_har(tmp_path, entry)])
    assert [(d.check, d.path) for d in result.drifts] == [
        ("request_schema_conformance", "$.full_refresh")
    ]


def test_an_undocumented_content_type_is_a_drift_the_suggestion_documents(
    tmp_path: Path,
) -> None:
    plain = _browser_entry(RUN)
    plain["response"] = {
        "status": 500,
        "headers": [{"name": "content-type", "value": "text/plain; charset=utf-8"}],
        "content": {"mimeType": "text/plain", "text": "internal error"},
    }
    path = _har(tmp_path, _browser_entry(RUN), plain)
    spec = load_spec("dataplatform")
    [drift] = check_hars("dataplatform", spec, [path]).drifts
    assert drift.check == "content_type_conformance"
    assert "text/plain" in drift.what
    exchanges, _ = read_har(path)
    found = suggest(spec, exchanges)
    assert found.changes == ["content type text/plain documented"]
    assert check_hars("dataplatform", found.spec, [path]).drifts == []


def test_what_no_additive_change_can_say_is_a_note_and_changes_nothing(tmp_path: Path) -> None:
    broken = {"id": RUN["id"], "status": 7}  # created_at absent; a number for a status
    exchanges, _ = read_har(_har(tmp_path, _browser_entry(broken)))
    spec = load_spec("dataplatform")
    found = suggest(spec, exchanges)
    assert found.changes == []
    assert found.spec == spec
    assert sorted(found.notes) == [
        "getModelRun $.created_at: a required field absent (1 times); not suggested: no "
        "additive change says it",
        "getModelRun $.status: integer where the spec says string (1 times); not suggested: "
        "no additive change says it",
    ]
