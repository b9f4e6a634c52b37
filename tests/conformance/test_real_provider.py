"""`modelruns conformance --base-url` as it is pointed at a real provider from CI.

Every test runs over loopback HTTP: the stubs behind a request-counting proxy, or scripted
servers that misbehave on purpose.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from modelruns.__main__ import build_parser
from modelruns.conformance import _progress
from modelruns.conformance._progress import ProgressPrinter
from modelruns.stubs import Deviation, StubServer

from ._cli import run_cli as _run
from ._servers import Recorded, counting_proxy, dripping_server, scripted_server

FAST = ["--max-examples", "2"]
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
#: The spec's example runId (specs/dataplatform-models.yaml).
EXAMPLE_RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"


@pytest.fixture
def dataplatform() -> Iterator[tuple[str, list[Recorded]]]:
    """The Data Platform stub behind a counting proxy: (base URL, requests seen)."""
    with StubServer("dataplatform", log_level="error") as server:
        root = server.base_url.removesuffix("/v1")
        with counting_proxy(root) as (url, seen):
            yield url + "/v1", seen


def test_read_only_by_default_sends_no_other_method(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = dataplatform
    code, out, _ = _run(["conformance", "dataplatform", "--base-url", url, *FAST], capsys)
    assert code == 0, out
    methods = {request.method for request in seen}
    assert methods <= READ_METHODS, methods
    assert "GET" in methods
    assert "POST /model-runs " in out
    assert "read-only run (--allow-writes sends it)" in out
    assert "skipped" in out


def test_allow_writes_sends_state_changing_requests(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = dataplatform
    code, out, _ = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            url,
            "--max-examples",
            "1",
            "--allow-writes",
            "--exclude-operation-id",
            "listModelTestResults",
        ],
        capsys,
    )
    assert code in (0, 1), out
    posts = {request.path.split("?")[0] for request in seen if request.method == "POST"}
    assert "/v1/model-runs" in posts
    assert any(path.endswith("/cancel") for path in posts)
    assert "read-only run" not in out


def _first_run_id(url: str) -> str:
    answer = httpx.get(
        url + "/model-runs", headers={"X-API-Key": "demo-dataplatform-api-key"}, timeout=10
    )
    ids = [run["id"] for run in answer.json()["data"] if run["id"] != EXAMPLE_RUN_ID]
    return str(ids[0])


def test_path_params_replace_the_spec_examples(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = dataplatform
    run_id = _first_run_id(url)
    seen.clear()
    code, out, _ = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            url,
            *FAST,
            "--path-param",
            f"runId={run_id}",
        ],
        capsys,
    )
    assert code == 0, out
    paths = [request.path for request in seen]
    by_id = [path for path in paths if path.startswith("/v1/model-runs/")]
    assert sum(run_id in path for path in by_id) >= 3, by_id[:10]
    assert not any(EXAMPLE_RUN_ID in path for path in paths)


def test_unknown_path_param_is_a_usage_error_listing_valid_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            "http://127.0.0.1:1/v1",
            "--path-param",
            "studioRid=x",
        ],
        capsys,
    )
    assert code == 2
    assert "studioRid" in err
    assert "runId" in err
    assert "stepId" in err


def test_config_file_holds_the_same_settings(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, seen = dataplatform
    run_id = _first_run_id(url)
    seen.clear()
    config = tmp_path / "conformance.toml"
    config.write_text(
        f'base-url = "{url}"\nmax-examples = 2\ninclude-operation-id = ["getModelRun"]\n'
        f'[path-params]\nrunId = "{run_id}"\n[headers]\nX-Team = "ml-platform"\n'
    )
    code, out, _ = _run(["conformance", "dataplatform", "--config", str(config)], capsys)
    assert code == 0, out
    # Besides schemathesis' own probes of the base path, only getModelRun's path is requested.
    targets = {request.path.split("?")[0] for request in seen}
    assert {t.rsplit("/", 1)[0] for t in targets if t.startswith("/v1/model-runs")} == {
        "/v1/model-runs"
    }
    assert any(request.path == f"/v1/model-runs/{run_id}" for request in seen)
    assert all(request.headers.get("X-Team") == "ml-platform" for request in seen)
    config.write_text("allow_writes = true\n")
    code, _, err = _run(["conformance", "dataplatform", "--config", str(config)], capsys)
    assert code == 2
    assert "allow_writes" in err
    assert "allow-writes" in err


def test_rate_limit_bounds_requests_per_second(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = dataplatform
    limit = 20
    code, out, _ = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            url,
            "--max-examples",
            "2",
            "--include-operation-id",
            "listModelRuns",
            "--rate-limit",
            f"{limit}/s",
        ],
        capsys,
    )
    assert code == 0, out
    times = sorted(request.at for request in seen)
    assert len(times) >= 2 * limit, len(times)
    elapsed = times[-1] - times[0]
    # A bucket of `limit` may go at once; after that, `limit` per second. Generous slack.
    assert len(times) <= 1.5 * limit * (elapsed + 1), (len(times), elapsed)


def test_header_secrets_never_reach_table_junit_or_html(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = "hdr-secret-value-0b5e7"
    junit, page = tmp_path / "junit.xml", tmp_path / "report.html"
    stub = StubServer("nsml", deviations=[Deviation.WRONG_FIELD_TYPE], log_level="error")
    with stub, counting_proxy(stub.base_url.removesuffix("/nsml/v1")) as (root, seen):
        code, out, err = _run(
            [
                "conformance",
                "nsml",
                "--base-url",
                root + "/nsml/v1",
                *FAST,
                "-H",
                f"X-Tenant-Token: {secret}",
                "--header",
                "X-Trace: visible",
                "--junit-xml",
                str(junit),
                "--report",
                str(page),
            ],
            capsys,
        )
    assert code == 1, out
    assert all(request.headers.get("X-Tenant-Token") == secret for request in seen)
    assert "reproduce: curl" in out
    for text in (out, err, junit.read_text(), page.read_text()):
        assert secret not in text


def test_api_key_selects_the_x_api_key_scheme(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = dataplatform
    assert os.environ["DATAPLATFORM_TOKEN"]  # a bearer token is there too, and must not win
    code, out, _ = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            url,
            "--max-examples",
            "1",
            "--include-operation-id",
            "listModelRuns",
            "--api-key",
            "demo-dataplatform-api-key",
        ],
        capsys,
    )
    assert code == 0, out
    signed = [request for request in seen if "X-API-Key" in request.headers]
    assert signed
    assert not any("Authorization" in request.headers for request in signed)


def test_every_operation_skipped_exits_two(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = dataplatform
    code, out, err = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            url,
            "--include-operation-id",
            "triggerModelRun",
        ],
        capsys,
    )
    assert code == 2
    assert seen == []
    assert "every operation was skipped" in err.splitlines()[-1]
    assert "PASSED:" not in out


def test_ids_that_do_not_exist_exit_two(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = dataplatform
    code, out, err = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            url,
            *FAST,
            "--include-operation-id",
            "getModelRun",
            "--path-param",
            "runId=00000000-0000-4000-8000-000000000000",
        ],
        capsys,
    )
    assert code == 2, out
    assert "unverified" in out
    assert "no operation was verified" in err.splitlines()[-1]
    assert "PASSED:" not in out


def test_wrong_base_path_exits_two_with_the_expected_prefix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with StubServer("foundry", log_level="error") as server:
        code, out, err = _run(
            ["conformance", "foundry", "--base-url", server.base_url.removesuffix("/api"), *FAST],
            capsys,
        )
    assert code == 2, out
    last = err.splitlines()[-1]
    assert "no operation was verified" in last
    assert "/api" in last
    assert "PASSED:" not in out


@pytest.mark.parametrize("provider", ["dataplatform", "nsml"])
def test_wrong_base_path_is_not_a_misleading_check_failure(
    provider: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with StubServer(provider, log_level="error") as server:  # type: ignore[arg-type]
        parts = urlsplit(server.base_url)
        root = f"{parts.scheme}://{parts.netloc}"
        code, out, err = _run(["conformance", provider, "--base-url", root, *FAST], capsys)
    assert code == 2, out
    assert "missing_required_header" not in err


def test_unverified_operation_is_marked_in_table_and_junit(
    dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, _ = dataplatform
    junit = tmp_path / "junit.xml"
    code, out, _ = _run(
        [
            "conformance",
            "dataplatform",
            "--base-url",
            url,
            *FAST,
            "--path-param",
            "runId=00000000-0000-4000-8000-000000000000",
            "--junit-xml",
            str(junit),
        ],
        capsys,
    )
    assert code == 0, out  # the list operation was verified
    row = next(line for line in out.splitlines() if "GET /model-runs/{runId} " in line)
    assert "unverified" in row
    root = ET.parse(junit).getroot()  # noqa: S314  (our own output)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    skipped = cases["GET /model-runs/{runId}"].find("skipped")
    assert skipped is not None
    assert "unverified" in (skipped.get("message") or "")
    assert cases["GET /model-runs"].find("skipped") is None


# Hostile servers: each answers the first request the command sends (the reachability probe,
# a GET of the list operation) or a later one.

SECRET = "hostile-secret-token-4417"


def _endless() -> Iterator[bytes | None]:
    yield b'{"data": ['
    while True:
        yield b'{"id": "x"},' * 4096


def _nested() -> Iterator[bytes | None]:
    yield b"[" * 200_000 + b"]" * 200_000


def _not_utf8() -> Iterator[bytes | None]:
    yield b'{"data": "\xff\xfe\xfa"}'


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (_endless, "larger than"),
        (_nested, "nested too deeply"),
        (_not_utf8, "not UTF-8"),
    ],
)
def test_hostile_body_is_not_an_api(
    body: object, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def answer(
        method: str, path: str, sent: bytes
    ) -> tuple[int, dict[str, str], Iterator[bytes | None]]:
        chunks = body()  # type: ignore[operator]
        return 200, {"Content-Type": "application/json", "Connection": "close"}, chunks

    started = time.monotonic()
    with scripted_server(answer) as (url, _):
        code, out, err = _run(
            ["conformance", "foundry", "--base-url", url + "/api", *FAST, "--token", SECRET],
            capsys,
        )
    assert code == 2, out
    assert time.monotonic() - started < 60
    assert "not an API" in err
    assert reason in err
    assert len(err.splitlines()) == 1, err
    assert SECRET not in out + err


def test_hostile_body_after_the_probe_is_not_an_api(capsys: pytest.CaptureFixture[str]) -> None:
    listing = b'{"data": []}'

    def answer(
        method: str, path: str, sent: bytes
    ) -> tuple[int, dict[str, str], Iterator[bytes | None]]:
        if path.split("?")[0] == "/v1/model-runs":
            return (
                200,
                {"Content-Type": "application/json", "Content-Length": str(len(listing))},
                iter([listing]),
            )
        nested = b"[" * 100_000 + b"]" * 100_000
        return (
            200,
            {"Content-Type": "application/json", "Content-Length": str(len(nested))},
            iter([nested]),
        )

    with scripted_server(answer) as (url, _):
        code, out, err = _run(
            ["conformance", "dataplatform", "--base-url", url + "/v1", *FAST, "--token", SECRET],
            capsys,
        )
    assert code == 2, out
    assert "not an API" in err.splitlines()[-1]
    assert "nested too deeply" in out
    assert SECRET not in out + err


def test_state_changing_request_is_never_sent_twice(capsys: pytest.CaptureFixture[str]) -> None:
    """The server reads every POST and drops the connection: no POST arrives twice."""
    listing = b'{"data": []}'

    def answer(
        method: str, path: str, sent: bytes
    ) -> tuple[int, dict[str, str], Iterator[bytes | None]] | None:
        if method == "POST":
            return None
        return (
            200,
            {"Content-Type": "application/json", "Content-Length": str(len(listing))},
            iter([listing]),
        )

    with scripted_server(answer) as (url, seen):
        _run(
            [
                "conformance",
                "dataplatform",
                "--base-url",
                url + "/v1",
                *FAST,
                "--allow-writes",
                "--include-operation-id",
                "listModelRuns",
                "--include-operation-id",
                "triggerModelRun",
                "--api-key",
                SECRET,
            ],
            capsys,
        )
    posts = [(request.path, request.body) for request in seen if request.method == "POST"]
    assert posts
    assert len(posts) == len(set(posts)), "a POST that reached the server was sent again"


# Interrupted runs and progress.


def _subprocess_run(sig: int, tmp_path: Path) -> tuple[int, str, str]:
    with StubServer("dataplatform", log_level="error", faults=_latency(150)) as server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(  # noqa: S603  (our own command, fixed arguments)
            [
                sys.executable,
                "-m",
                "modelruns",
                "conformance",
                "dataplatform",
                "--base-url",
                server.base_url,
                "--junit-xml",
                str(tmp_path / "junit.xml"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "checking dataplatform" in line, line
        time.sleep(1.0)
        process.send_signal(sig)
        out, err = process.communicate(timeout=60)
    return process.returncode, out, line + err


def _latency(ms: int) -> object:
    from modelruns.stubs import Faults

    return Faults(latency_ms=ms)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_never_passes(sig: int, tmp_path: Path) -> None:
    code, out, err = _subprocess_run(sig, tmp_path)
    assert code == 130, (out, err)
    assert "INTERRUPTED" in out
    assert "PASSED:" not in out + err
    assert "requests" in out
    assert "Traceback" not in err
    junit = (tmp_path / "junit.xml").read_text()
    assert "INTERRUPTED" in junit


def test_progress_lines_in_ci(
    dataplatform: tuple[str, list[Recorded]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, _ = dataplatform
    monkeypatch.setattr(_progress, "PERIOD_SECONDS", 0.01)
    code, _, err = _run(
        ["conformance", "dataplatform", "--base-url", url, "--max-examples", "1"], capsys
    )
    assert code == 0
    lines = err.splitlines()
    assert lines[0].startswith("conformance: checking dataplatform at")
    assert "(read-only)" in lines[0]
    assert any(line.startswith("conformance: dataplatform GET /model-runs:") for line in lines)
    assert all("\r" not in line for line in lines)


def test_progress_without_a_terminal_is_a_line_every_period_between_scenarios() -> None:
    # One scenario, then a long wait (a stateful phase, a rate limit): lines keep coming.
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=False, period=0.05)
    printer.start("nsml", "http://127.0.0.1:1/nsml/v1", read_only=True)
    printer("", 0, 0)
    printer("GET /a", 3, 1)
    time.sleep(0.5)
    printer.end()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("conformance: checking nsml")
    beats = [line for line in lines[1:] if line.startswith("conformance: nsml GET /a: 3 requests")]
    assert len(beats) >= 3, lines
    assert len(beats) == len(lines) - 1
    count = len(stream.getvalue())
    time.sleep(0.2)
    assert len(stream.getvalue()) == count  # nothing after end()


def test_progress_on_a_terminal_is_one_live_line_per_operation() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=True)
    printer.start("nsml", "http://127.0.0.1:1/nsml/v1", read_only=True)
    printer("", 0, 0)
    printer("GET /a", 1, 0)
    printer("GET /a", 5, 1)
    printer("GET /b", 2, 0)
    printer.end()
    text = stream.getvalue()
    assert text.startswith("conformance: checking nsml")
    assert text.count("\n") == 3
    assert "\r\x1b[K  GET /a: 5 requests, 1 failures\n" in text
    assert text.endswith("GET /b: 2 requests, 0 failures\n")


def test_readme_ci_job_runs_read_only_and_uploads_the_junit_xml() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    workflows = [
        yaml.safe_load(b) for b in re.findall(r"```yaml[^\n]*\n(.*?)```", readme, re.DOTALL)
    ]
    blocks = [w for w in workflows if "conformance" in w.get("jobs", {})]
    assert len(blocks) == 1
    steps = blocks[0]["jobs"]["conformance"]["steps"]
    commands = [shlex.split(step["run"]) for step in steps if "modelruns" in step.get("run", "")]
    assert len(commands) == 1
    words = commands[0]
    assert words[:2] == ["modelruns", "conformance"]
    assert "--allow-writes" not in words
    junit = words[words.index("--junit-xml") + 1]
    build_parser().parse_args(words[1:])
    uploads = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload")]
    assert uploads
    assert uploads[0].get("if") == "always()"
    assert junit in uploads[0]["with"]["path"]


def test_proxy_carries_every_request(capsys: pytest.CaptureFixture[str]) -> None:
    with StubServer("nsml", log_level="error") as stub:
        root = stub.base_url.rsplit("/nsml", 1)[0]
        parts = urlsplit(stub.base_url)
        with counting_proxy(f"{parts.scheme}://{parts.netloc}") as (proxy, seen):
            code, out, _ = _run(
                ["conformance", "nsml", "--base-url", stub.base_url, *FAST, "--proxy", proxy],
                capsys,
            )
    assert code == 0, out
    assert seen
    # A forward proxy receives the absolute URL of each request.
    assert all(request.path.startswith(root + "/") for request in seen)


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--rate-limit", "fast"], "--rate-limit"),
        (["-H", "no-colon-here"], "-H/--header"),
        (["--tls-verify", "/no/such/bundle.pem"], "--tls-verify"),
        (["--include-operation-id", "launchEverything"], "listModelRuns"),
        (["--request-timeout", "0"], "--request-timeout"),
    ],
)
def test_bad_network_settings_exit_two_with_one_line(
    flags: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) if "--request-timeout" in flags else _no_exit():
        code, _, err = _run(
            ["conformance", "dataplatform", "--base-url", "http://127.0.0.1:1/v1", *flags],
            capsys,
        )
        assert code == 2
        assert len(err.strip().splitlines()) == 1, err
        assert named in err
    if "--request-timeout" in flags:
        assert named in capsys.readouterr().err


@contextlib.contextmanager
def _no_exit() -> Iterator[None]:
    yield


def test_body_that_trickles_forever_is_cut_at_the_request_timeout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def trickle() -> Iterator[bytes | None]:
        yield b'{"data": ['
        while True:
            time.sleep(0.2)
            yield b" "

    def answer(
        method: str, path: str, sent: bytes
    ) -> tuple[int, dict[str, str], Iterator[bytes | None]]:
        return 200, {"Content-Type": "application/json", "Connection": "close"}, trickle()

    started = time.monotonic()
    with scripted_server(answer) as (url, _):
        code, out, err = _run(
            ["conformance", "nsml", "--base-url", url + "/nsml/v1", "--request-timeout", "1"],
            capsys,
        )
    assert code == 2, out
    assert time.monotonic() - started < 20
    assert "still arriving after 1 s" in err


def test_headers_that_drip_are_cut_at_the_request_timeout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A status line and headers sent a byte every 0.5 s: each read is quick, their sum is not."""
    # 80 bytes: 40 s of dripping when nothing bounds the whole request.
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Pad: a\r\n" * 4
    started = time.monotonic()
    with dripping_server(answer) as (url, _):
        code, out, err = _run(
            ["conformance", "nsml", "--base-url", url + "/nsml/v1", "--request-timeout", "1"],
            capsys,
        )
    elapsed = time.monotonic() - started
    assert code == 2, out
    assert elapsed < 20, elapsed
    assert "not an API" in err
    assert "headers were still arriving after 1 s" in err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in out + err


def test_server_that_sends_nothing_is_still_a_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    """A server that never answers is not mistaken for one that drips: no answer in time."""
    with dripping_server(b"") as (url, _):
        code, out, err = _run(
            ["conformance", "nsml", "--base-url", url + "/nsml/v1", "--request-timeout", "1"],
            capsys,
        )
    assert code == 2, out
    assert "no answer within 1 s" in err
    assert len(err.splitlines()) == 1, err


# --max-time: a bound on the run, not a budget to spend.


def _timed_run(
    latency_ms: int, max_time: int, flags: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str, float]:
    with StubServer("dataplatform", log_level="error", faults=_latency(latency_ms)) as server:
        started = time.monotonic()
        bound = ["--max-time", str(max_time)]
        code, out, err = _run(
            ["conformance", "dataplatform", "--base-url", server.base_url, *bound, *flags], capsys
        )
        return code, out, err, time.monotonic() - started


def test_max_time_ends_a_run_against_a_slow_server(capsys: pytest.CaptureFixture[str]) -> None:
    """150 ms per answer: the whole run (400+ requests) takes over a minute; the bound ends it."""
    code, out, _, elapsed = _timed_run(150, 5, [], capsys)
    # Generous slack: the scenario in flight finishes, each request bounded by its timeout.
    assert elapsed / 5 < 6, elapsed
    assert code == 0, out
    notes = [line for line in out.splitlines() if "--max-time 5 s ended the run" in line]
    assert len(notes) == 1, out
    assert "before its work was done" in notes[0]
    assert "unverified" in out
    assert "ended by --max-time" in out.splitlines()[-1]


def test_max_time_counts_every_request_sent(capsys: pytest.CaptureFixture[str]) -> None:
    """The note's count is what reached the server, with the scenario the bound cut short."""
    with (
        StubServer("dataplatform", log_level="error", faults=_latency(150)) as server,
        counting_proxy(server.base_url.removesuffix("/v1")) as (url, seen),
    ):
        code, out, _ = _run(
            ["conformance", "dataplatform", "--base-url", url + "/v1", "--max-time", "3"], capsys
        )
    assert code in (0, 2), out
    note = re.search(r"ended the run before its work was done: (\d+) requests sent, (\d+)", out)
    assert note is not None, out
    sent, checked = int(note.group(1)), int(note.group(2))
    assert sent == len(seen)
    assert checked <= sent


def test_max_time_that_verified_nothing_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """The first answers take longer than the bound: nothing was verified, never a pass."""
    code, out, err, _ = _timed_run(1200, 1, [], capsys)
    assert code == 2, out
    assert "--max-time 1 s ended the run" in out
    assert "no operation was verified" in err
    assert "PASSED:" not in out + err


def test_max_time_does_not_hold_a_finished_run(capsys: pytest.CaptureFixture[str]) -> None:
    """A run whose work is done ends then, however generous the bound."""
    code, out, _, elapsed = _timed_run(0, 120, FAST, capsys)
    assert code == 0, out
    assert elapsed / 120 < 0.25, elapsed
    assert "--max-time" not in out
