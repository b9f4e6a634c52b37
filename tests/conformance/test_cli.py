"""`modelruns conformance` end to end: against stubs (clean and deviating) and useless servers."""

from __future__ import annotations

import http.server
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelruns.__main__ import main
from modelruns.stubs import Credentials, Deviation, StubServer

# Small budgets: these tests pin behaviour, the contract tests pin coverage.
FAST = ["--max-examples", "3"]

#: Each deviation the stubs can switch on, the provider it is exercised on, and the check that
#: must name it. NSML passes every check when nothing deviates; its spec has no enum, so the
#: enum deviation runs on Data Platform.
DEVIATION_CHECKS = [
    (Deviation.MISSING_REQUIRED_FIELD, "nsml", "response_schema_conformance"),
    (Deviation.WRONG_FIELD_TYPE, "nsml", "response_schema_conformance"),
    (Deviation.UNDOCUMENTED_STATUS, "nsml", "status_code_conformance"),
    (Deviation.WRONG_CONTENT_TYPE, "nsml", "content_type_conformance"),
    (Deviation.ENUM_OUT_OF_SPEC, "dataplatform", "response_schema_conformance"),
    (Deviation.ENDLESS_PAGINATION, "nsml", "pagination_terminates"),
]


def _xml_root(path: Path) -> ET.Element:
    """The root of an XML file this test run just wrote."""
    return ET.parse(path).getroot()  # noqa: S314  (our own output, not untrusted input)


def test_every_deviation_has_a_case() -> None:
    assert {deviation for deviation, _, _ in DEVIATION_CHECKS} == set(Deviation)


def test_clean_nsml_stub_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    with StubServer("nsml") as server:
        code = main(
            ["conformance", "nsml", "--base-url", server.base_url, *FAST, "--junit-xml", str(junit)]
        )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "GET /projects/runs" in out
    assert "PASSED" in out
    suite = _xml_root(junit).find("testsuite")
    assert suite is not None
    assert suite.get("failures") == "0"


@pytest.mark.parametrize(("deviation", "provider", "check"), DEVIATION_CHECKS)
def test_deviation_is_caught_by_its_check(
    deviation: Deviation,
    provider: str,
    check: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    junit = tmp_path / "junit.xml"
    with StubServer(provider, deviations=[deviation]) as server:  # type: ignore[arg-type]
        code = main(
            [
                "conformance",
                provider,
                "--base-url",
                server.base_url,
                *FAST,
                "--junit-xml",
                str(junit),
            ]
        )
    out = capsys.readouterr().out
    assert code == 1, out
    assert check in out
    failures = _xml_root(junit).iter("failure")
    assert any(check in (failure.get("message") or "") for failure in failures)


def test_junit_xml_is_well_formed_for_ci(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    with StubServer("nsml", deviations=[Deviation.UNDOCUMENTED_STATUS]) as server:
        main(
            ["conformance", "nsml", "--base-url", server.base_url, *FAST, "--junit-xml", str(junit)]
        )
    root = _xml_root(junit)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["nsml"]
    cases = suites[0].findall("testcase")
    assert [case.get("name") for case in cases] == ["GET /projects/runs"]
    assert suites[0].get("tests") == str(len(cases))
    assert suites[0].get("failures") == str(sum(1 for c in cases if c.find("failure") is not None))
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("type")
    assert "curl" in (failure.text or "")
    for case in cases:
        assert case.get("classname")
        float(case.get("time") or "x")


def test_secrets_never_reach_any_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    secret = "s3cr3t-access-key-value"
    outputs = [tmp_path / "junit.xml", tmp_path / "report.md", tmp_path / "report.html"]
    accepted = Credentials(
        ncp_access_key="id-visible-nowhere-123",
        ncp_secret_key=secret,
        ncp_api_key="api-key-visible-nowhere-456",
    )
    deviating = [Deviation.WRONG_FIELD_TYPE]
    with StubServer("nsml", deviations=deviating, credentials=accepted) as server:
        for report in outputs[1:]:
            main(
                [
                    "conformance",
                    "nsml",
                    "--base-url",
                    server.base_url,
                    *FAST,
                    "--secret-key",
                    secret,
                    "--access-key",
                    "id-visible-nowhere-123",
                    "--api-key",
                    "api-key-visible-nowhere-456",
                    "--junit-xml",
                    str(outputs[0]),
                    "--report",
                    str(report),
                ]
            )
    texts = [capsys.readouterr().out, *(path.read_text() for path in outputs)]
    for text in texts:
        assert secret not in text
        assert "id-visible-nowhere-123" not in text
        assert "api-key-visible-nowhere-456" not in text


def test_report_format_follows_the_extension(tmp_path: Path) -> None:
    with StubServer("nsml", deviations=[Deviation.WRONG_CONTENT_TYPE]) as server:
        for name in ("r.md", "r.html"):
            main(
                [
                    "conformance",
                    "nsml",
                    "--base-url",
                    server.base_url,
                    *FAST,
                    "--report",
                    str(tmp_path / name),
                ]
            )
    markdown = (tmp_path / "r.md").read_text()
    assert markdown.startswith("# Conformance report")
    assert "| `GET /projects/runs` |" in markdown
    assert "content_type_conformance" in markdown
    page = (tmp_path / "r.html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "content_type_conformance" in page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _serving(body: bytes, status: int, content_type: str) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815  (http.server's handler naming)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def html_server() -> Iterator[str]:
    """A server that answers an HTML page on every path."""
    yield from _serving(b"<html><body>Welcome</body></html>", 200, "text/html; charset=utf-8")


@pytest.fixture
def not_found_server() -> Iterator[str]:
    """A server that answers a JSON 404 on every path."""
    yield from _serving(b'{"detail": "Not Found"}', 404, "application/json")


def _exit_two(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def test_wrong_port_exits_two_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}/v1"
    err = _exit_two(["conformance", "dataplatform", "--base-url", url, "--token", "t"], capsys)
    assert "connection refused" in err
    assert url.rsplit("/", 1)[0] in err


def test_html_page_exits_two(html_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = _exit_two(
        [
            "conformance",
            "nsml",
            "--base-url",
            html_server + "/nsml/v1",
            "--access-key",
            "a",
            "--secret-key",
            "b",
            "--api-key",
            "c",
        ],
        capsys,
    )
    assert "text/html" in err
    assert "not JSON" in err


def test_404_everywhere_exits_two(
    not_found_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _exit_two(
        ["conformance", "foundry", "--base-url", not_found_server + "/api", "--token", "t"], capsys
    )
    assert "404" in err
    assert "base URL" in err


def test_missing_credentials_exit_two_naming_flag_and_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOUNDRY_TOKEN", raising=False)
    err = _exit_two(["conformance", "foundry", "--base-url", "http://127.0.0.1:1/api"], capsys)
    assert "--token" in err
    assert "FOUNDRY_TOKEN" in err


def test_base_url_with_all_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    err = _exit_two(["conformance", "all", "--base-url", "http://127.0.0.1:1"], capsys)
    assert "all" in err


def test_report_with_unknown_extension_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    err = _exit_two(["conformance", "nsml", "--report", "out.pdf"], capsys)
    assert ".md or .html" in err


def test_embedded_stub_is_checked_without_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conformance", "nsml", *FAST]) == 0
    captured = capsys.readouterr()
    assert "(embedded stub)" in captured.out
    # The malformed requests are deliberate; uvicorn's warning for each is not shown.
    assert "Invalid HTTP request" not in captured.out + captured.err
