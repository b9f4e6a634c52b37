"""What every stub shares: catch-all errors, faults, deviations, credentials, configuration."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from modelruns._specs import PROVIDERS, Provider, load_spec
from modelruns.stubs import Credentials, Deviation, Faults, StubServer, _provider, create_app
from modelruns.stubs import _credentials as demo
from tests.stubs.conftest import FOUNDRY_RID, Serve, client

#: A listing request per provider, and the key of its items.
LISTS: dict[Provider, tuple[str, dict[str, str], str]] = {
    "foundry": (f"/v2/models/modelStudios/{FOUNDRY_RID}/runs", {"preview": "true"}, "data"),
    "dataplatform": ("/model-runs", {}, "data"),
    "pai": ("/api/v1/runs", {}, "Runs"),
    "nsml": ("/projects/runs", {}, "runList"),
}
ERROR_KEYS: dict[Provider, set[str]] = {
    "foundry": {"errorCode", "errorName", "errorInstanceId", "parameters"},
    "dataplatform": {"code", "message"},
    "pai": {"RequestId", "HostId", "Code", "Message"},
    "nsml": {"error"},
}


def list_page(server: StubServer, **params: Any) -> httpx.Response:
    path, query, _ = LISTS[server.provider]
    return client(server).get(path, params={**query, **params})


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("path", ["/nowhere", "/odd%00path", "/%ff%fe", "/x%01y%0a"])
def test_unmatched_paths_get_a_json_404_in_the_provider_body(
    serve: Serve, provider: Provider, path: str
) -> None:
    server = serve(provider)
    response = client(server).get(server.base_url + path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == ERROR_KEYS[provider]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_method_is_405_with_allow(serve: Serve, provider: Provider) -> None:
    server = serve(provider)
    path, _, _ = LISTS[provider]
    response = client(server).delete(path)
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]
    assert set(response.json()) == ERROR_KEYS[provider]


#: Where each provider's error body carries its code (the spec's x-modelruns-error-codes).
def _error_code(provider: Provider, body: dict[str, Any]) -> str:
    if provider == "foundry":
        return str(body["errorCode"])
    if provider == "pai":
        return str(body["Code"])
    if provider == "nsml":
        return str(body["error"]["errorCode"])
    return ""


@pytest.mark.parametrize("provider", ["foundry", "pai", "nsml"])
def test_error_codes_come_from_the_spec(
    serve: Serve, provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_spec(provider)
    throttled = list_page(serve(provider, faults=Faults(throttle=1.0)))
    assert (
        _error_code(provider, throttled.json())
        == spec["x-modelruns-error-codes"]["throttled"]["code"]
    )
    # The spec is the one home of the codes: change it, and the stub says the new one.
    changed = copy.deepcopy(spec)
    changed["x-modelruns-error-codes"]["throttled"]["code"] = "7777"
    monkeypatch.setattr(_provider, "load_spec", lambda _provider: changed)
    again = list_page(serve(provider, faults=Faults(throttle=1.0)))
    assert _error_code(provider, again.json()) == "7777"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_injected_429_and_503_use_the_provider_body(serve: Serve, provider: Provider) -> None:
    throttled = list_page(serve(provider, faults=Faults(throttle=1.0, retry_after=7)))
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "7"
    assert set(throttled.json()) == ERROR_KEYS[provider]
    unavailable = list_page(serve(provider, faults=Faults(unavailable=1.0)))
    assert unavailable.status_code == 503
    assert set(unavailable.json()) == ERROR_KEYS[provider]


def test_faults_are_deterministic_for_a_seed(serve: Serve) -> None:
    def statuses(seed: int) -> list[int]:
        server = serve("dataplatform", seed=seed, faults=Faults(throttle=0.3, unavailable=0.2))
        http = client(server)
        return [http.get("/model-runs").status_code for _ in range(30)]

    first = statuses(1)
    assert first == statuses(1)
    assert {200, 429, 503} <= set(first)


def test_dropped_connection_and_truncated_json(serve: Serve) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        list_page(serve("dataplatform", faults=Faults(drop=1.0)))
    truncated = list_page(serve("dataplatform", faults=Faults(truncate=1.0)))
    assert truncated.status_code == 200
    with pytest.raises(ValueError, match=r"\w"):
        truncated.json()


def test_latency_is_added_to_responses(serve: Serve) -> None:
    response = list_page(serve("nsml", faults=Faults(latency_ms=50)))
    assert response.status_code == 200
    assert response.elapsed.total_seconds() >= 0.05


@pytest.mark.parametrize("provider", PROVIDERS)
def test_missing_required_field(serve: Serve, provider: Provider) -> None:
    plain = list_page(serve(provider)).json()
    broken = list_page(serve(provider, deviations=[Deviation.MISSING_REQUIRED_FIELD])).json()
    assert plain != broken
    items = LISTS[provider][2]
    if provider in ("foundry", "dataplatform"):
        key = "runId" if provider == "foundry" else "id"
        assert all(key not in item for item in broken[items])
    else:
        assert len(broken) == len(plain) - 1


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_field_type(serve: Serve, provider: Provider) -> None:
    broken = list_page(serve(provider, deviations=["wrong-field-type"])).json()
    first = broken[LISTS[provider][2]][0]
    assert 12345 in first.values()


@pytest.mark.parametrize("provider", ["foundry", "dataplatform"])
def test_enum_out_of_spec(serve: Serve, provider: Provider) -> None:
    broken = list_page(serve(provider, deviations=["enum-out-of-spec"])).json()
    assert "NOT_IN_SPEC" in broken[LISTS[provider][2]][0].values()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_undocumented_status_and_wrong_content_type(serve: Serve, provider: Provider) -> None:
    server = serve(provider, deviations=["undocumented-status", "wrong-content-type"])
    response = list_page(server)
    assert response.status_code == 203
    assert response.headers["content-type"].startswith("text/plain")


def test_deviations_leave_errors_alone(serve: Serve) -> None:
    server = serve("dataplatform", deviations=list(Deviation))
    response = client(server).get("/model-runs/not-a-uuid")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_endless_pagination_never_signals_the_end(serve: Serve, provider: Provider) -> None:
    server = serve(provider, runs=3, deviations=["endless-pagination"])
    body = list_page(server).json()
    if provider in ("foundry", "dataplatform"):
        token_key = "nextPageToken" if provider == "foundry" else "next_page_token"
        assert token_key in body
        path, query, _ = LISTS[provider]
        token_param = "pageToken" if provider == "foundry" else "page_token"
        again = client(server).get(path, params={**query, token_param: body[token_key]}).json()
        assert again[token_key] == body[token_key]
    elif provider == "pai":
        assert body["NextPageToken"] != 0
    else:
        assert body["totalCount"] > len(body["runList"])


def test_the_seed_changes_the_data() -> None:
    first = create_app("nsml", seed=1).stub.describe()
    assert first == create_app("nsml", seed=1).stub.describe()
    assert first != create_app("nsml", seed=2).stub.describe()


def test_bad_configuration_is_rejected_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown provider"):
        create_app("nowhere")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="runs"):
        create_app("nsml", runs=-1)
    with pytest.raises(ValueError, match="fault rates"):
        Faults(throttle=0.8, unavailable=0.5)
    with pytest.raises(ValueError, match="bad fault"):
        Faults.parse("teapot=1")
    with pytest.raises(ValueError, match="not-a-deviation"):
        create_app("nsml", deviations=["not-a-deviation"])


def test_faults_parse_reads_every_key() -> None:
    faults = Faults.parse("429=0.1,503=0.2,drop=0.05,truncate=0.05,latency=20,retry-after=3")
    assert faults == Faults(0.1, 0.2, 0.05, 0.05, latency_ms=20, retry_after=3)


def test_credentials_come_from_the_sdk_environment_variables() -> None:
    credentials = Credentials.from_env({"FOUNDRY_TOKEN": "secret-token-value"})
    assert credentials.foundry_token == "secret-token-value"
    assert credentials.dataplatform_token == demo.DEMO_DATAPLATFORM_TOKEN
    assert "secret-token-value" not in repr(credentials)
    assert credentials.masked()["FOUNDRY_TOKEN"] == "****"
    assert credentials.masked()["NCP_ACCESS_KEY"] == demo.DEMO_NCP_ACCESS_KEY


def test_custom_credentials_replace_the_demo_ones(serve: Serve) -> None:
    server = serve("foundry", credentials=Credentials(foundry_token="other"))
    path, query, _ = LISTS["foundry"]
    assert client(server).get(path, params=query).status_code == 401
    ok = httpx.get(server.base_url + path, params=query, headers={"Authorization": "Bearer other"})
    assert ok.status_code == 200


def test_server_base_url_includes_the_spec_base_path() -> None:
    with StubServer("nsml") as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert server.base_url.endswith("/nsml/v1")
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.base_url
