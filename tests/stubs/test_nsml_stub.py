"""The NSML stub over HTTP: signature v2, the timestamp window, page numbers."""

from __future__ import annotations

import httpx

from modelruns._auth import NcpSignatureV2Auth
from modelruns.stubs import StubServer
from modelruns.stubs import _credentials as demo
from tests.stubs.conftest import Serve, client

RUNS = "/projects/runs"
NOW = 1_725_000_000.0


def test_pages_cover_every_run_newest_first(serve: Serve) -> None:
    http = client(serve("nsml", runs=12))
    first = http.get(RUNS, params={"page": 1, "pageSize": 5}).json()
    assert first["totalCount"] == 12
    names = []
    for page in range(1, 4):
        names += [
            r["runName"]
            for r in http.get(RUNS, params={"page": page, "pageSize": 5}).json()["runList"]
        ]
    assert names == [str(n) for n in range(12, 0, -1)]


def test_default_page_is_ten_runs(serve: Serve) -> None:
    body = client(serve("nsml", runs=12)).get(RUNS).json()
    assert len(body["runList"]) == 10


def test_invalid_page_is_a_400_error_body(serve: Serve) -> None:
    response = client(serve("nsml")).get(RUNS, params={"page": "0"})
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"errorCode", "message"}


def get(server: StubServer, auth: httpx.Auth | None) -> httpx.Response:
    return httpx.get(server.base_url + RUNS, params={"page": 1}, auth=auth)


def auth(**overrides: object) -> NcpSignatureV2Auth:
    values: dict[str, object] = {
        "access_key": demo.DEMO_NCP_ACCESS_KEY,
        "secret_key": demo.DEMO_NCP_SECRET_KEY,
        "api_key": demo.DEMO_NCP_API_KEY,
        "clock": lambda: NOW,
    }
    values.update(overrides)
    return NcpSignatureV2Auth(**values)  # type: ignore[arg-type]


def test_signed_request_inside_the_window_is_accepted(serve: Serve) -> None:
    server = serve("nsml", clock=lambda: NOW + 299)
    assert get(server, auth()).status_code == 200


def test_timestamp_outside_the_five_minute_window_is_401(serve: Serve) -> None:
    server = serve("nsml", clock=lambda: NOW + 301)
    response = get(server, auth())
    assert response.status_code == 401
    assert response.json()["error"]["errorCode"] == "200"


def test_wrong_secret_access_key_and_missing_headers_are_401(serve: Serve) -> None:
    server = serve("nsml", clock=lambda: NOW)
    for attempt in (auth(secret_key="wrong"), auth(access_key="wrong"), None):
        response = get(server, attempt)
        assert response.status_code == 401
        assert "error" in response.json()


def test_wrong_api_key_is_403(serve: Serve) -> None:
    server = serve("nsml", clock=lambda: NOW)
    response = get(server, auth(api_key="wrong"))
    assert response.status_code == 403
    assert response.json()["error"]["errorCode"] == "210"
