"""``with_raw_response``, ``extra_*`` per call, ``default_*`` per client and ``with_options``.

Checked on the wire, against a capturing loopback server (what each request carried, how many
connections were opened) and against the stubs (signatures still verify; request ids).
"""

from __future__ import annotations

import asyncio
import http.server
import json
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from modelruns import AuthenticationError, dataplatform, foundry, nsml, pai
from modelruns._auth import AcsV3Auth
from modelruns._specs import Provider
from modelruns.stubs import StubServer

# What the capturing server answers, by (method, path): small bodies each operation decodes.
_PAI_LIST = {"requestId": "REQ-LIST", "Runs": [], "NextPageToken": 0}
_PAI_CREATE = {"RunId": "run-1", "requestId": "REQ-CREATE"}
_SECRET = "s3cr3t-access-key-secret"
_TOKEN = "t0ken-never-shown-anywhere"
_LIST_METHODS = ("list_model_studio_runs", "list_model_runs", "list_runs", "get_run_list")
_MODULES = {"foundry": foundry, "dataplatform": dataplatform, "pai": pai, "nsml": nsml}


class _Recorded:
    def __init__(self, method: str, target: str, headers: dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = urlsplit(target).path
        self.query = parse_qs(urlsplit(target).query)
        self.headers = headers
        self.body = body


class _CaptureServer(http.server.ThreadingHTTPServer):
    """A loopback HTTP/1.1 server that records each request and counts connections."""

    daemon_threads = True

    def __init__(
        self, answer: Callable[[str, str, dict[str, list[str]]], tuple[Any, dict[str, str]]]
    ):
        super().__init__(("127.0.0.1", 0), _CaptureHandler)
        self.answer = answer
        self.requests: list[_Recorded] = []
        self.connections = 0

    def get_request(self) -> Any:
        accepted = super().get_request()
        self.connections += 1
        return accepted

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _CaptureHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _CaptureServer

    def _serve(self) -> None:
        size = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(size) if size else b""
        recorded = _Recorded(
            self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
        )
        self.server.requests.append(recorded)
        payload, headers = self.server.answer(self.command, recorded.path, recorded.query)
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads the recorded requests instead."""


def _answer(method: str, path: str, query: dict[str, list[str]]) -> tuple[Any, dict[str, str]]:
    if path.endswith("/projects/runs"):  # NSML: three runs in pages of two
        page = int(query.get("page", ["1"])[0])
        runs = [_nsml_run(str(n)) for n in ((1, 2) if page == 1 else (3,))]
        return {"runList": runs, "totalCount": 3}, {}
    if path.endswith("/model-runs"):  # Data Platform: the id in its header
        return {"data": []}, {"X-Request-ID": "dp-req-7"}
    if path.endswith("/runs") and method == "POST":
        return _PAI_CREATE, {}
    return _PAI_LIST, {}


def _nsml_run(name: str) -> dict[str, str]:
    return {
        "runName": name,
        "runType": "NOTEBOOK",
        "projectId": "p1",
        "projectName": "demo",
        "status": "RUN_STATE_COMPLETED",
        "creator": "me",
        "createTime": "2024-01-01 00:00:00",
        "updateTime": "2024-01-01 00:00:00",
    }


@pytest.fixture
def capture() -> Iterator[_CaptureServer]:
    server = _CaptureServer(_answer)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _pai(capture: _CaptureServer, **options: Any) -> pai.Client:
    return pai.Client(
        access_key_id="AKID-test", access_key_secret=_SECRET, base_url=capture.url, **options
    )


# -- the wire ---------------------------------------------------------------------------------


def test_extra_and_default_headers_query_and_body_reach_the_wire(
    capture: _CaptureServer,
) -> None:
    with _pai(capture, default_headers={"X-Team": "ml"}, default_query={"Tenant": "t1"}) as client:
        client.create_run(
            experiment_id="exp-1",
            name="bert",
            extra_headers={"X-Trace-Id": "trace-1"},
            extra_query={"Preview": "yes"},
            extra_body={"Description": "from extra_body"},
        )
    (sent,) = capture.requests
    assert sent.headers["x-team"] == "ml"
    assert sent.headers["x-trace-id"] == "trace-1"
    assert sent.query == {"Tenant": ["t1"], "Preview": ["yes"]}
    assert json.loads(sent.body) == {
        "ExperimentId": "exp-1",
        "Name": "bert",
        "Description": "from extra_body",
    }


def test_the_spec_parameters_win_over_defaults_and_extras_over_both(
    capture: _CaptureServer,
) -> None:
    with _pai(capture, default_query={"MaxResults": "5", "Order": "ASC"}) as client:
        client.with_raw_response.list_runs(max_results=7)
        client.with_raw_response.list_runs(max_results=7, extra_query={"MaxResults": "9"})
        list(client.list_runs())
    first, second, walked = capture.requests
    assert first.query["MaxResults"] == ["7"]
    assert first.query["Order"] == ["ASC"]
    assert second.query["MaxResults"] == ["9"]
    assert walked.query["Order"] == ["ASC"]  # the client's default, on a paginator's page


def test_extras_go_with_every_page_of_an_async_walk(capture: _CaptureServer) -> None:
    async def walk() -> list[Any]:
        async with nsml.AsyncClient(
            access_key="ak-test",
            secret_key="sk-test-secret",
            api_key="api-test-key",
            base_url=capture.url + "/nsml/v1",
            default_headers={"X-Team": "ml"},
        ) as client:
            pager = client.get_run_list(
                page_size=2, extra_headers={"X-Trace": "t"}, extra_query={"flag": "1"}
            )
            return [run async for run in pager]

    assert [run.run_name for run in asyncio.run(walk())] == ["1", "2", "3"]
    assert len(capture.requests) == 2
    for sent in capture.requests:
        assert (sent.headers["x-team"], sent.headers["x-trace"]) == ("ml", "t")
        assert sent.query["flag"] == ["1"]


# -- signatures still verify ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pai_stub() -> Iterator[StubServer]:
    with StubServer("pai", runs=3) as server:
        yield server


@pytest.fixture(scope="module")
def nsml_stub() -> Iterator[StubServer]:
    with StubServer("nsml", runs=5) as server:
        yield server


def test_pai_acs3_signature_covers_the_extras(pai_stub: StubServer) -> None:
    experiment = pai_stub.app.stub.describe()["ExperimentIds"].split(",")[0]
    with pai.Client(
        **pai_stub.client_options(), default_headers={"x-team": "ml"}, default_query={"T": "1"}
    ) as client:
        raw = client.with_raw_response.create_run(
            experiment_id=experiment,
            name="signed",
            extra_headers={"x-trace-id": "abc"},
            extra_query={"Source": "sdk"},
            extra_body={"Description": "signed too"},
        )
        assert raw.status_code == 200
        run = client.get_run(raw.parse().run_id)
        assert run.name == "signed"
        assert len(list(client.list_runs(extra_query={"X": "y"}))) >= 3


def test_nsml_signature_v2_covers_the_extra_query(nsml_stub: StubServer) -> None:
    with nsml.Client(**nsml_stub.client_options(), default_query={"team": "ml"}) as client:
        runs = client.get_run_list(
            page_size=2, extra_query={"flag": "1"}, extra_headers={"X-Trace": "t"}
        )
        assert len(list(runs)) == 5


def test_a_tampered_signature_would_be_refused(nsml_stub: StubServer) -> None:
    """The stub does check what the extras put in the signed URI (so the test above can fail)."""
    options = nsml_stub.client_options()

    def tamper(request: httpx.Request) -> None:
        request.url = request.url.copy_add_param("after", "signing")

    with (
        nsml.Client(
            **options, http_client=httpx.Client(event_hooks={"request": [tamper]}), max_retries=0
        ) as client,
        pytest.raises(AuthenticationError),
    ):
        list(client.get_run_list())


# -- headers the auth sets cannot be overridden -----------------------------------------------


@pytest.mark.parametrize(
    ("make", "header"),
    [
        (lambda url: foundry.Client(token=_TOKEN, base_url=url), "AUTHORIZATION"),
        (lambda url: dataplatform.Client(api_key=_TOKEN, base_url=url), "x-api-key"),
        (
            lambda url: pai.Client(access_key_id="AK", access_key_secret=_SECRET, base_url=url),
            "X-Acs-Signature-Nonce",
        ),
        (
            lambda url: pai.Client(access_key_id="AK", access_key_secret=_SECRET, base_url=url),
            "x-acs-action",
        ),
        (
            lambda url: nsml.Client(
                access_key="ak", secret_key="sk-secret", api_key="k", base_url=url
            ),
            "x-ncp-apigw-timestamp",
        ),
    ],
)
def test_a_header_the_auth_sets_is_refused_naming_it(
    capture: _CaptureServer, make: Callable[[str], Any], header: str
) -> None:
    with make(capture.url) as client:
        method = getattr(client, next(n for n in _LIST_METHODS if hasattr(client, n)))
        args = ("ri.models.main.model-studio.1",) if isinstance(client, foundry.Client) else ()
        with pytest.raises(ValueError, match=f"extra_headers: the header '{header}' is set by"):
            list(method(*args, extra_headers={header: "mine"}))
        with pytest.raises(ValueError, match=f"default_headers: the header '{header}' is set"):
            client.with_options(default_headers={header: "mine"})
    assert capture.requests == []  # refused before any request


def test_a_constructor_refuses_an_auth_header_in_its_defaults() -> None:
    with pytest.raises(ValueError, match="default_headers: the header 'Authorization'"):
        foundry.Client(token=_TOKEN, hostname="h.example", default_headers={"Authorization": "x"})
    with pytest.raises(TypeError, match="default_query: 'n' must be a str, int"):
        foundry.Client(token=_TOKEN, hostname="h.example", default_query={"n": object()})


# -- with_options ------------------------------------------------------------------------------


def test_with_options_shares_the_pool_and_keeps_the_rest(capture: _CaptureServer) -> None:
    with _pai(capture, default_headers={"X-Team": "ml"}, max_retries=1) as client:
        copy = client.with_options(default_headers={"X-Env": "prod"}, timeout=5)
        assert copy._http is client._http
        assert type(copy) is pai.Client
        assert copy.base_url == client.base_url
        client.list_runs(limit=1).pages().__next__()
        copy.list_runs(limit=1).pages().__next__()
        copy.close()  # the copy does not own the pool: the original still works
        client.create_run(experiment_id="e", name="n")
    assert capture.connections == 1
    mine, copied, after = capture.requests
    assert "x-env" not in mine.headers
    assert "x-env" not in after.headers
    assert (copied.headers["x-team"], copied.headers["x-env"]) == ("ml", "prod")
    assert copy._timeout == 5
    assert copy._max_retries == 1


def test_with_options_new_credentials_sign_afresh(capture: _CaptureServer) -> None:
    with _pai(capture) as client:
        copy = client.with_options(access_key_id="AKID-other", access_key_secret="other-secret1")
        copy.create_run(experiment_id="e", name="n")
        assert isinstance(copy._auth, AcsV3Auth)
        assert copy._auth is not client._auth
    assert "Credential=AKID-other" in capture.requests[0].headers["authorization"]


def test_async_with_options_shares_the_pool(capture: _CaptureServer) -> None:
    async def both() -> bool:
        async with pai.AsyncClient(
            access_key_id="AK", access_key_secret=_SECRET, base_url=capture.url
        ) as client:
            copy = client.with_options(default_query={"Team": "ml"})
            await client.create_run(experiment_id="e", name="one")
            await copy.create_run(experiment_id="e", name="two")
            return copy._http is client._http

    assert asyncio.run(both())
    assert capture.connections == 1
    assert [r.query for r in capture.requests] == [{}, {"Team": ["ml"]}]


# -- raw responses ---------------------------------------------------------------------------


def test_a_raw_response_shows_the_answer_and_the_masked_request(
    capture: _CaptureServer,
) -> None:
    with _pai(capture) as client:
        raw = client.with_raw_response.create_run(experiment_id="e", name="n")
        assert raw.status_code == 200
        assert raw.headers["content-type"] == "application/json"
        assert raw.request_id == "REQ-CREATE"
        assert raw.elapsed.total_seconds() > 0
        assert raw.json() == _PAI_CREATE
        model = raw.parse()
        assert model.run_id == "run-1"
        assert raw.parse() is model
    shown = raw.http_request
    assert shown.method == "POST"
    assert shown.url.path == "/api/v1/runs"
    assert shown.headers["authorization"] == "ACS3-HMAC-SHA256 ***"  # the scheme, as on errors
    assert shown.headers["x-acs-action"] == "CreateRun"  # not a secret: shown
    assert json.loads(shown.content) == {"ExperimentId": "e", "Name": "n"}
    wire = capture.requests[0].headers["authorization"]
    assert wire.startswith("ACS3-HMAC-SHA256")
    assert wire not in repr(dict(shown.headers))
    assert _SECRET not in repr(raw) + repr(dict(shown.headers))


def test_a_raw_list_answers_the_first_page_and_parse_walks_on_from_it(
    capture: _CaptureServer,
) -> None:
    with nsml.Client(
        access_key="ak", secret_key="sk-secret", api_key="api-key-1", base_url=capture.url
    ) as client:
        raw = client.with_raw_response.get_run_list(page_size=2)
        assert raw.json()["runList"][0]["runName"] == "1"
        shown = dict(raw.http_request.headers)
        assert shown["x-ncp-apigw-api-key"] == shown["x-ncp-apigw-signature-v2"] == "***"
        assert capture.requests[0].headers["x-ncp-apigw-api-key"] == "api-key-1"
        assert len(capture.requests) == 1
        pager = raw.parse()
        assert [run.run_name for run in pager] == ["1", "2", "3"]
        assert len(capture.requests) == 2  # page 1 was not fetched again
        assert [run.run_name for run in pager] == ["1", "2", "3"]  # a second walk refetches
        assert len(capture.requests) == 4


def test_an_async_raw_call_parses_the_typed_model(capture: _CaptureServer) -> None:
    async def call() -> Any:
        async with pai.AsyncClient(
            access_key_id="AK", access_key_secret=_SECRET, base_url=capture.url
        ) as client:
            raw = await client.with_raw_response.create_run(experiment_id="e", name="n")
            page = await client.with_raw_response.list_runs()
            return (
                raw.request_id,
                raw.parse().run_id,
                page.request_id,
                [r async for r in page.parse()],
            )

    assert asyncio.run(call()) == ("REQ-CREATE", "run-1", "REQ-LIST", [])


def test_request_id_from_a_header_and_on_the_debug_line(
    capture: _CaptureServer, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        dataplatform.Client(token=_TOKEN, base_url=capture.url) as client,
        caplog.at_level(logging.DEBUG, logger="modelruns"),
    ):
        raw = client.with_raw_response.list_model_runs()
    assert raw.request_id == "dp-req-7"
    assert any("(request id dp-req-7)" in r.getMessage() for r in caplog.records)
    assert _TOKEN not in caplog.text
    assert _TOKEN not in repr(dict(raw.http_request.headers))


@pytest.mark.parametrize("provider", ["foundry", "dataplatform", "pai", "nsml"])
def test_request_id_on_the_stubs(provider: Provider, caplog: pytest.LogCaptureFixture) -> None:
    """Where the spec says (PAI's body, the Data Platform's header); None where it names none."""
    with (
        StubServer(provider, runs=2, in_process=True) as server,
        _MODULES[provider].Client(**server.client_options()) as client,
    ):
        name = next(n for n in _LIST_METHODS if hasattr(client, n))
        args = [server.app.stub.describe()["modelStudioRid"]] if provider == "foundry" else []
        with caplog.at_level(logging.DEBUG, logger="modelruns"):
            raw = getattr(client.with_raw_response, name)(*args)
        assert raw.status_code == 200
        assert len(list(raw.parse())) == 2
    if provider in ("foundry", "nsml"):
        assert raw.request_id is None  # their specs name no place for it
        assert "(request id" not in caplog.text
        return
    sent = raw.json()["requestId"] if provider == "pai" else raw.headers["x-request-id"]
    assert raw.request_id == sent
    assert f"(request id {sent})" in caplog.text
