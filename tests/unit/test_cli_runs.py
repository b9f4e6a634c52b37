"""`modelruns runs list PROVIDER`: output, filters, progress and error exits.

The clients talk to an `httpx.MockTransport` answering the spec's documented examples, injected
through the clients' `http_client=` keyword.
"""

from __future__ import annotations

import copy
import importlib
import io
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from modelruns.__main__ import main
from modelruns._cli_runs._common import display_width, table_cell
from modelruns._cli_runs._list_command import Progress, format_table
from modelruns._specs import Provider, load_spec, resolve

Handler = Callable[[httpx.Request], httpx.Response]
Seen = list[httpx.Request]

STUDIO = "ri.models.main.model-studio.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
FOUNDRY_TOKEN = "foundry-secret-token-0123456789"


def _example(provider: Provider, path: str, method: str = "get") -> dict[str, Any]:
    spec = load_spec(provider)
    response = resolve(spec, spec["paths"][path][method]["responses"]["200"])
    return copy.deepcopy(response["content"]["application/json"]["example"])


def _foundry_pages() -> list[dict[str, Any]]:
    """Two pages: the documented example (with its next token), then a last page."""
    first = _example("foundry", "/v2/models/modelStudios/{modelStudioRid}/runs")
    second = copy.deepcopy(first)
    del second["nextPageToken"]
    second["data"][0] |= {"runId": "second-run", "buildStatus": "SUCCEEDED"}
    return [first, second]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Credentials in the environment; returns the list the mock transport records into."""
    monkeypatch.setenv("FOUNDRY_TOKEN", FOUNDRY_TOKEN)
    monkeypatch.setenv("DATAPLATFORM_TOKEN", "dataplatform-secret-token")
    monkeypatch.delenv("DATAPLATFORM_API_KEY", raising=False)
    return []


def _serve(
    monkeypatch: pytest.MonkeyPatch,
    provider: Provider,
    handler: Handler,
    seen: list[httpx.Request],
) -> None:
    module = importlib.import_module(f"modelruns.{provider}")
    client_class = module.Client

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    def make_client(**options: Any) -> Any:
        transport = httpx.MockTransport(recording)
        return client_class(http_client=httpx.Client(transport=transport), **options)

    monkeypatch.setattr(module, "Client", make_client)


def _foundry_handler(request: httpx.Request) -> httpx.Response:
    pages = _foundry_pages()
    page = pages[1] if request.url.params.get("pageToken") else pages[0]
    return httpx.Response(200, json=page)


def _list_foundry(*extra: str) -> int:
    base = ["runs", "list", "foundry", "--base-url", "http://foundry.test/api"]
    return main([*base, "--studio", STUDIO, *extra])


def test_table_lists_every_page_with_aligned_columns(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    assert _list_foundry() == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["PROVIDER", "ID", "NAME", "STATUS", "CREATED", "STARTED_BY"]
    assert lines[1].split() == [
        "foundry",
        "a1b2c3d4e5f6",
        "-",
        "RUNNING",
        "2003-05-06",
        "12:34:56+00:00",
        "f05f8da4-b84c-4fca-9c77-8af0b13d11de",
    ]
    assert lines[2].split()[:4] == ["foundry", "second-run", "-", "SUCCEEDED"]
    # Aligned: the status column starts at the same offset on every line.
    assert lines[0].index("STATUS") == lines[1].index("RUNNING") == lines[2].index("SUCCEEDED")
    assert err == ""
    assert [r.url.params.get("pageToken") for r in seen] == [
        None,
        _foundry_pages()[0]["nextPageToken"],
    ]


def test_json_lines_are_neutral_runs_without_raw(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    assert _list_foundry("--json") == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records[0] == {
        "provider": "foundry",
        "id": "a1b2c3d4e5f6",
        "name": None,
        "status": "RUNNING",
        "created_at": "2003-05-06T12:34:56.789000+00:00",
        "updated_at": None,
        "started_by": "f05f8da4-b84c-4fca-9c77-8af0b13d11de",
    }
    assert [r["id"] for r in records] == ["a1b2c3d4e5f6", "second-run"]


def test_raw_prints_the_providers_own_json(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    assert _list_foundry("--raw") == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    documented = _foundry_pages()[0]["data"][0]
    assert first["runId"] == documented["runId"]
    assert first["buildRid"] == documented["buildRid"]
    assert first["resolvedOutputs"] == documented["resolvedOutputs"]


def test_limit_stops_the_walk_without_fetching_more_pages(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    assert _list_foundry("--json", "--limit", "1") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert len(seen) == 1


def test_filters_and_page_size_reach_the_query(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    assert _list_foundry("--config-version", "3", "--page-size", "7", "--limit", "1") == 0
    params = seen[0].url.params
    assert (params["configVersion"], params["pageSize"], params["preview"]) == ("3", "7", "true")
    assert seen[0].url.path == f"/api/v2/models/modelStudios/{STUDIO}/runs"


def test_enum_filter_is_sent_as_the_spec_value(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = _example("dataplatform", "/model-runs")
    del page["next_page_token"]
    _serve(monkeypatch, "dataplatform", lambda _: httpx.Response(200, json=page), seen)
    argv = ["runs", "list", "dataplatform", "--base-url", "http://dp.test/v1"]
    assert main([*argv, "--status", "SUCCESS", "--page-size", "5", "--json"]) == 0
    assert (seen[0].url.params["status"], seen[0].url.params["max_results"]) == (
        "SUCCESS",
        "5",
    )
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (record["status"], record["name"]) == ("SUCCEEDED", "analytics")


def test_enum_filter_rejects_values_outside_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["runs", "list", "dataplatform", "--status", "SUCCEEDED"])
    assert exit_.value.code == 2
    assert "invalid choice: 'SUCCEEDED'" in capsys.readouterr().err


def test_progress_goes_to_stderr_only(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    assert _list_foundry("--json", "--progress") == 0
    out, err = capsys.readouterr()
    assert "\r" not in out
    assert len(out.splitlines()) == 2
    assert err == "\r2 runs\n"


def test_progress_rewrites_the_count_in_place() -> None:
    stream = io.StringIO()
    progress = Progress(stream, every=2)
    for _ in range(5):
        progress.step()
    progress.finish()
    assert stream.getvalue() == "\r2 runs\r4 runs\r5 runs\n"


def test_progress_does_not_repeat_a_count_it_just_showed() -> None:
    stream = io.StringIO()
    progress = Progress(stream, every=2)
    for _ in range(4):
        progress.step()
    progress.finish()
    assert stream.getvalue() == "\r2 runs\r4 runs\n"


def test_progress_is_silent_without_a_stream(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    progress = Progress(None, every=1)
    for _ in range(3):
        progress.step()  # each a multiple of `every`: a stream would be written to every time
    progress.interrupt()
    progress.finish()
    assert progress.count == 3
    assert capsys.readouterr() == ("", "")
    # The command: stderr is not a terminal here and --progress is not given, so no count.
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    assert _list_foundry("--json") == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert err == ""


def test_api_error_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = {
        "errorCode": "NOT_FOUND",
        "errorName": "ModelStudioNotFound",
        "errorInstanceId": "00000000-0000-0000-0000-000000000000",
        "parameters": {"studioRid": STUDIO},
    }
    _serve(monkeypatch, "foundry", lambda _: httpx.Response(404, json=body), seen)
    assert _list_foundry() == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("modelruns runs list: error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_error_messages_never_show_the_token(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = {
        "errorCode": "UNAUTHORIZED",
        "errorName": "Unauthorized",
        "errorInstanceId": "00000000-0000-0000-0000-000000000000",
        "parameters": {"echo": f"token was {FOUNDRY_TOKEN}"},
    }
    _serve(monkeypatch, "foundry", lambda _: httpx.Response(401, json=body), seen)
    assert _list_foundry("--max-retries", "0") == 1
    assert FOUNDRY_TOKEN not in capsys.readouterr().err


def test_unreachable_api_exits_2(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    _serve(monkeypatch, "foundry", refuse, seen)
    assert _list_foundry("--max-retries", "0") == 2
    err = capsys.readouterr().err
    assert err.startswith("modelruns runs list: error: cannot reach the foundry API")
    assert err.count("\n") == 1


def test_missing_credentials_exit_2_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FOUNDRY_TOKEN", raising=False)
    assert _list_foundry() == 2
    err = capsys.readouterr().err
    assert "FOUNDRY_TOKEN" in err
    assert err.count("\n") == 1


def test_missing_required_filter_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["runs", "list", "foundry"])
    assert exit_.value.code == 2
    assert "--studio" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_limit_must_be_a_positive_integer(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["runs", "list", "nsml", "--limit", value])
    assert exit_.value.code == 2
    assert f"expected a positive integer, got '{value}'" in capsys.readouterr().err


def _column(line: str, word: str) -> int:
    return display_width(line[: line.index(word)])


def test_table_aligns_wide_characters_by_display_width() -> None:
    rows = [
        ("nsml", "p/1", "실험", "RUNNING", "-", "a"),
        ("nsml", "p/2", "abcde", "FAILED", "-", "b"),
    ]
    lines = list(format_table(rows))
    assert (
        _column(lines[0], "STATUS") == _column(lines[1], "RUNNING") == _column(lines[2], "FAILED")
    )
    assert not any(line.endswith(" ") for line in lines)


def test_table_rows_stream_once_the_first_page_has_set_the_widths() -> None:
    read: list[int] = []

    def rows() -> Iterator[tuple[str, ...]]:
        for index in itertools.count():
            read.append(index)
            yield ("dataplatform", f"run-{index}", "-", "RUNNING", "-", "ci")

    lines = format_table(rows(), lookahead=20)
    head = list(itertools.islice(lines, 1 + 22))
    assert head[0].startswith("PROVIDER")
    assert head[-1].split()[1] == "run-21"
    # Rows are read as lines are written: 20 ahead for the widths, then one a line.
    assert len(read) == 22
    assert len({line.index("RUNNING") for line in head[1:]}) == 1


def test_cells_escape_control_characters_and_show_nothing_as_a_dash() -> None:
    assert table_cell("ab\ncd\x1b[31m") == "ab\\ncd\\x1b[31m"
    assert (table_cell(None), table_cell("")) == ("-", "-")


STUB_RUNS = 7


@pytest.mark.parametrize("provider", ["foundry", "dataplatform", "pai", "nsml"])
def test_lists_every_run_of_a_stub_server_over_http(
    provider: Provider, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from modelruns.stubs import StubServer
    from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES, Credentials

    demo = Credentials()
    for field, variable in ENVIRONMENT_VARIABLES.items():
        monkeypatch.setenv(variable, getattr(demo, field))
    with StubServer(provider, runs=STUB_RUNS) as server:
        argv = ["runs", "list", provider, "--base-url", server.base_url, "--page-size", "3"]
        if provider == "foundry":
            argv += ["--studio", STUDIO]
        assert main([*argv, "--json", "--progress"]) == 0
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert main(argv) == 0
        table = capsys.readouterr()
    assert len(records) == STUB_RUNS
    assert {r["provider"] for r in records} == {provider}
    assert len({r["id"] for r in records}) == STUB_RUNS
    assert len(table.out.splitlines()) == STUB_RUNS + 1
    assert table.err == ""


def test_argument_the_spec_rejects_exits_2_before_any_request(
    monkeypatch: pytest.MonkeyPatch,
    seen: Seen,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(monkeypatch, "foundry", _foundry_handler, seen)
    base = ["runs", "list", "foundry", "--base-url", "http://foundry.test/api"]
    assert main([*base, "--studio", "not-a-rid"]) == 2
    err = capsys.readouterr().err
    assert "model_studio_rid must match" in err
    assert err.count("\n") == 1
    assert seen == []


@pytest.mark.parametrize("strict_by", ["flag", "environment"])
def test_a_stub_deviation_warns_by_default_and_strict_fails_in_one_line(
    strict_by: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from modelruns.stubs import StubServer
    from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES, Credentials

    demo = Credentials()
    for field, variable in ENVIRONMENT_VARIABLES.items():
        monkeypatch.setenv(variable, getattr(demo, field))
    monkeypatch.delenv("MODELRUNS_STRICT", raising=False)
    with StubServer("dataplatform", runs=STUB_RUNS, deviations=["enum-out-of-spec"]) as server:
        argv = ["runs", "list", "dataplatform", "--base-url", server.base_url, "--json"]
        argv += ["--max-retries", "0", "--page-size", "3"]
        assert main(argv) == 0
        lenient = capsys.readouterr()
        if strict_by == "flag":
            code = main([*argv, "--strict"])
        else:
            monkeypatch.setenv("MODELRUNS_STRICT", "1")
            code = main(argv)
        strict = capsys.readouterr()
    assert len(lenient.out.splitlines()) == STUB_RUNS
    # One warning for the one (operation, path), however many runs and pages carry it.
    assert lenient.err.splitlines() == [
        "modelruns runs list: warning: listModelRuns: $.data[*].status: unknown value "
        "'NOT_IN_SPEC' (tolerated; --strict fails on it)"
    ]
    assert code == 1  # as every API error
    assert strict.out == ""
    assert strict.err.startswith("modelruns runs list: error: ")
    assert "$.data[0].status" in strict.err
    assert strict.err.count("\n") == 1
    assert "Traceback" not in strict.err


def test_strict_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["runs", "list", "dataplatform", "--help"])
    assert "--strict" in capsys.readouterr().out
