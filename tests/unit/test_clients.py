"""The four clients against httpx.MockTransport answering the spec's examples."""

from __future__ import annotations

import asyncio
import copy
import threading
import typing
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from dataplatform_models_client.models import TriggerModelRunRequest
from modelruns import AcsV3Auth, _signing, dataplatform, foundry, nsml, pai
from modelruns._exceptions import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    NotFoundError,
    PaginationError,
    RateLimitError,
    ResponseValidationError,
    status_error_from_response,
)
from modelruns._retry import RetryPolicy
from modelruns._specs import load_spec

Handler = Callable[[httpx.Request], httpx.Response]
RID = "ri.models.main.model-studio.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
STEP_ID = "7a1e5d3c-2b4f-4a6d-9c8e-1f0b3a5d7e9c"


def example(provider: Any, operation_id: str) -> dict[str, Any]:
    """A private copy of an operation's 2xx example, read from the (shared, cached) spec."""
    for item in load_spec(provider)["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                for status, response in op["responses"].items():
                    if str(status).startswith("2"):
                        return copy.deepcopy(response["content"]["application/json"]["example"])
    raise LookupError(operation_id)


def http(handler: Handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def ahttp(handler: Handler) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


def no_sleep(delays: list[float] | None = None) -> RetryPolicy:
    return RetryPolicy(sleep=(delays.append if delays is not None else lambda _: None))


def fdry(handler: Handler, **kw: Any) -> foundry.Client:
    return foundry.Client(token="tok-secret", hostname="h.example", http_client=http(handler), **kw)


def test_foundry_list_walks_pages_and_sends_preview() -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        body = example("foundry", "listModelStudioRuns")
        if "pageToken" in request.url.params:
            body.pop("nextPageToken")
        return httpx.Response(200, json=body)

    runs = list(fdry(handler).list_model_studio_runs(RID))
    assert [r.run_id for r in runs] == ["a1b2c3d4e5f6", "a1b2c3d4e5f6"]
    assert all(url.params["preview"] == "true" for url in seen)
    assert seen[0].host == "h.example"


def test_foundry_launch_returns_typed_run() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST"
        assert request.headers["authorization"] == "Bearer tok-secret"
        return httpx.Response(200, json=example("foundry", "launchModelStudio"))

    assert fdry(handler).launch_model_studio(RID).config_version == 1


async def test_foundry_async_list_and_launch() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json=example("foundry", "launchModelStudio"))
        body = example("foundry", "listModelStudioRuns")
        body.pop("nextPageToken")
        return httpx.Response(200, json=body)

    async with foundry.AsyncClient(
        token="t0ken", hostname="h", http_client=ahttp(handler)
    ) as client:
        runs = [run async for run in client.list_model_studio_runs(RID)]
        assert len(runs) == 1
        assert (await client.launch_model_studio(RID)).run_id == "a1b2c3d4e5f6"


def dp_handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/test-results"):
        return httpx.Response(200, json=example("dataplatform", "listModelTestResults"))
    if path.endswith("/steps"):
        body = example("dataplatform", "listModelRunSteps")
        return httpx.Response(200, json=body)
    if path.endswith("/cancel"):
        return httpx.Response(200, json=example("dataplatform", "cancelModelRun"))
    if path == "/v1/model-runs" and request.method == "POST":
        return httpx.Response(201, json=example("dataplatform", "triggerModelRun"))
    if path == "/v1/model-runs":
        body = example("dataplatform", "listModelRuns")
        if "page_token" in request.url.params:
            body.pop("next_page_token")
        return httpx.Response(200, json=body)
    return httpx.Response(200, json=example("dataplatform", "getModelRun"))


def test_dataplatform_every_method_sync() -> None:
    client = dataplatform.Client(
        api_key="k-secret", base_url="http://dp.test/v1", http_client=http(dp_handler)
    )
    assert len(list(client.list_model_runs())) == 2
    assert client.trigger_model_run(project_name="analytics", model_names=["a"]).status
    assert client.get_model_run(RUN_ID).id
    assert client.cancel_model_run(RUN_ID).status.value == "CANCELLED"
    assert len(list(client.list_model_run_steps(RUN_ID))) == 1
    assert len(list(client.list_model_test_results(RUN_ID, STEP_ID))) == 2


async def test_dataplatform_every_method_async() -> None:
    client = dataplatform.AsyncClient(
        token="jwt", base_url="http://dp.test/v1", http_client=ahttp(dp_handler)
    )
    assert len([r async for r in client.list_model_runs()]) == 2
    body = TriggerModelRunRequest(project_name="analytics")
    assert (await client.trigger_model_run(body)).status
    assert (await client.get_model_run(RUN_ID)).id
    assert (await client.cancel_model_run(RUN_ID)).id
    assert len([s async for s in client.list_model_run_steps(RUN_ID)]) == 1
    assert len([t async for t in client.list_model_test_results(RUN_ID, STEP_ID)]) == 2


def test_dataplatform_steps_are_one_page_as_the_spec_says() -> None:
    # listModelRunSteps is single-page in the spec (the server sends every step at once):
    # one request, no paging parameters, and a stray token is not followed.
    sent: list[httpx.Request] = []

    def steps(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        body = example("dataplatform", "listModelRunSteps")
        body["data"] = body["data"] * 150
        body["next_page_token"] = "MTAw"
        return httpx.Response(200, json=body)

    client = dataplatform.Client(api_key="k", base_url="http://dp.test/v1", http_client=http(steps))
    assert len(list(client.list_model_run_steps(RUN_ID))) == 150
    assert len(sent) == 1
    assert not sent[0].url.params


@pytest.mark.parametrize(
    ("operation_id", "pick"),
    [
        ("getModelRun", lambda body: body),
        ("listModelRunSteps", lambda body: body["data"][0]),
        ("listModelTestResults", lambda body: body["data"][0]),
    ],
)
def test_dataplatform_strict_client_takes_an_error_message_of_any_length(
    operation_id: str, pick: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    # The server copies the stored text whole (handler_models.go:431-432, 514-515, 711-712):
    # a long compiler error is no deviation, even for a strict client.
    text = "Binder Error: " + "x" * 10_000
    body = example("dataplatform", operation_id)
    pick(body)["error_message"] = text

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    client = dataplatform.Client(
        api_key="k", base_url="http://dp.test/v1", http_client=http(answer), strict=True
    )
    if operation_id == "getModelRun":
        assert client.get_model_run(RUN_ID).error_message == text
    elif operation_id == "listModelRunSteps":
        assert next(iter(client.list_model_run_steps(RUN_ID))).error_message == text
    else:
        assert next(iter(client.list_model_test_results(RUN_ID, STEP_ID))).error_message == text


def test_trigger_sends_keyword_body_and_api_key() -> None:
    captured: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        return httpx.Response(201, json=example("dataplatform", "triggerModelRun"))

    client = dataplatform.Client(api_key="k-secret", http_client=http(handler))
    client.trigger_model_run(project_name="analytics", full_refresh=True)
    assert captured[0].headers["x-api-key"] == "k-secret"
    assert b'"project_name":"analytics"' in captured[0].content
    # The server requires no project_name (target_schema may stand in for it): the client
    # sends what it is given and leaves the refusal of a body naming neither to the server.
    client.trigger_model_run(model_names=["x"])
    assert b"project_name" not in captured[1].content


def pai_client(handler: Handler, **kw: Any) -> pai.Client:
    auth = AcsV3Auth("AKID", "AK-SECRET-VALUE", clock=lambda: 0.0, nonce=lambda: "n0")
    return pai.Client(auth=auth, base_url="http://pai.test", http_client=http(handler), **kw)


def test_pai_integer_token_walk_signs_requests() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["x-acs-action"] == "ListRuns"
        assert request.headers["x-acs-version"] == "2021-02-04"
        expected = _signing.acs3_expected_authorization(
            "AKID",
            "AK-SECRET-VALUE",
            request.method,
            request.url.path,
            request.url.query.decode(),
            dict(request.headers),
            request.content,
        )
        assert request.headers["authorization"] == expected
        body = example("pai", "ListRuns")
        token = int(request.url.params.get("PageToken", "0"))
        body["NextPageToken"] = 0 if token == 2 else token + 1
        assert "PageNumber" not in request.url.params
        return httpx.Response(200, json=body)

    assert len(list(pai_client(handler).list_runs())) == 3


def test_pai_page_number_style_when_page_size_given() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert "PageToken" not in request.url.params
        body = example("pai", "ListRuns")
        body["TotalCount"] = 3
        return httpx.Response(200, json=body)

    pages = list(pai_client(handler).list_runs(page_size=1).pages())
    assert [p.page_number for p in pages] == [1, 2, 3]
    assert pages[0].total_count == 3
    assert not pages[-1].has_next_page()


def nsml_handler(total: int, calls: list[int] | None = None) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        size = int(request.url.params["pageSize"])
        if calls is not None:
            calls.append(page)
        run = example("nsml", "getRunList")["runList"][0]
        start = (page - 1) * size
        items = [{**run, "runName": str(i)} for i in range(start, min(start + size, total))]
        return httpx.Response(200, json={"runList": items, "totalCount": total})

    return handler


def nsml_client(handler: Handler) -> nsml.Client:
    return nsml.Client(
        access_key="AK", secret_key="SK-secret", api_key="API-secret", http_client=http(handler)
    )


def test_nsml_page_number_walk_limit_and_resume() -> None:
    client = nsml_client(nsml_handler(25))
    assert [r.run_name for r in client.get_run_list()] == [str(i) for i in range(25)]
    assert len(list(client.get_run_list(limit=12))) == 12
    assert [r.run_name for r in client.get_run_list(page=3)] == [str(i) for i in range(20, 25)]


def test_nsml_signature_headers_verify() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        expected = _signing.nsml_expected_signature(
            "SK-secret", request.method, request.url.raw_path.decode(), dict(request.headers)
        )
        assert request.headers["x-ncp-apigw-signature-v2"] == expected
        assert request.headers["x-ncp-apigw-api-key"] == "API-secret"
        return nsml_handler(1)(request)

    assert len(list(nsml_client(handler).get_run_list())) == 1


def test_page_beyond_total_with_items_raises() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        run = example("nsml", "getRunList")["runList"][0]
        return httpx.Response(200, json={"runList": [run] * 10, "totalCount": 10})

    with pytest.raises(PaginationError, match="beyond the total"):
        list(nsml_client(handler).get_run_list(page=5))


def test_prefetch_keeps_order_and_overlaps_requests() -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()
    both = threading.Barrier(2, timeout=5)
    inner = nsml_handler(40)

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        if request.url.params["page"] in ("2", "3"):
            both.wait()  # pages 2 and 3 must be in flight together
        try:
            return inner(request)
        finally:
            with lock:
                in_flight -= 1

    names = [r.run_name for r in nsml_client(handler).get_run_list(prefetch=2)]
    assert names == [str(i) for i in range(40)]
    assert peak >= 2


async def test_async_prefetch_overlaps_requests() -> None:
    started = asyncio.Event()
    count = 0
    inner = nsml_handler(30)

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal count
        page = request.url.params["page"]
        if page == "2":
            await asyncio.wait_for(started.wait(), 5)  # waits for page 3 to start
        if page == "3":
            started.set()
        count += 1
        return inner(request)

    client = nsml.AsyncClient(
        access_key="a",
        secret_key="s",
        api_key="k",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    names = [r.run_name async for r in client.get_run_list(prefetch=3)]
    assert names == [str(i) for i in range(30)]


def test_sync_prefetch_sends_n_requests_from_the_first() -> None:
    opened = threading.Barrier(3, timeout=5)  # pages 1, 2 and 3 must all be in flight at once
    inner = nsml_handler(30)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] in ("1", "2", "3"):
            opened.wait()
        return inner(request)

    names = [r.run_name for r in nsml_client(handler).get_run_list(page_size=10, prefetch=3)]
    assert names == [str(i) for i in range(30)]


async def test_async_prefetch_sends_n_requests_from_the_first() -> None:
    # The same promise as the sync walk: the first page's request does not go out alone.
    started: set[str] = set()
    all_three = asyncio.Event()
    inner = nsml_handler(30)

    async def handler(request: httpx.Request) -> httpx.Response:
        page = request.url.params["page"]
        started.add(page)
        if {"1", "2", "3"} <= started:
            all_three.set()
        if page in ("1", "2", "3"):
            await asyncio.wait_for(all_three.wait(), 5)
        return inner(request)

    client = nsml.AsyncClient(
        access_key="a",
        secret_key="s",
        api_key="k",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    names = [r.run_name async for r in client.get_run_list(page_size=10, prefetch=3)]
    assert names == [str(i) for i in range(30)]


def test_repeated_token_raises_pagination_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=example("foundry", "listModelStudioRuns"))

    with pytest.raises(PaginationError, match="repeated"):
        list(fdry(handler).list_model_studio_runs(RID))


def test_empty_page_with_token_raises_pagination_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [], "nextPageToken": "x"})

    with pytest.raises(PaginationError, match="empty page"):
        list(fdry(handler).list_model_studio_runs(RID))


def test_pages_expose_token_and_resume_from_it() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = example("foundry", "listModelStudioRuns")
        if request.url.params.get("pageToken") == body["nextPageToken"]:
            body.pop("nextPageToken")
        return httpx.Response(200, json=body)

    client = fdry(handler)
    first = next(iter(client.list_model_studio_runs(RID).pages()))
    assert first.has_next_page()
    info = first.next_page_info()
    assert info is not None
    rest = list(client.list_model_studio_runs(RID, page_token=info["pageToken"]).pages())
    assert len(rest) == 1
    assert rest[0].next_page_token is None


def test_foundry_named_error_with_parameters() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403,
            json={
                "errorCode": "PERMISSION_DENIED",
                "errorName": "LaunchModelStudioPermissionDenied",
                "errorInstanceId": "id-1",
                "parameters": {"modelStudioRid": RID},
            },
        )

    with pytest.raises(foundry.LaunchModelStudioPermissionDenied) as info:
        fdry(handler).launch_model_studio(RID)
    assert info.value.studio_rid == RID
    assert info.value.request_id == "id-1"
    assert info.value.code == "PERMISSION_DENIED"


def test_unknown_error_name_falls_back_to_status_class() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            404,
            json={
                "errorCode": "NOT_FOUND",
                "errorName": "Nope",
                "errorInstanceId": "x",
                "parameters": {},
            },
        )

    with pytest.raises(NotFoundError) as info:
        fdry(handler).launch_model_studio(RID)
    assert type(info.value) is NotFoundError


def test_status_520_and_non_json_body_do_not_crash() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(520, text="<html>oops Bearer tok-secret</html>")

    with pytest.raises(InternalServerError) as info:
        fdry(handler, max_retries=0).launch_model_studio(RID)
    assert info.value.status == 520
    assert "tok-secret" not in info.value.raw_body
    assert "oops" in info.value.raw_body
    assert "tok-secret" not in str(info.value)


def test_other_4xx_is_plain_status_error_and_codes_are_carried() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(418, json={"RequestId": "r-1", "Code": "Teapot", "Message": "m"})

    with pytest.raises(APIStatusError) as info:
        list(pai_client(handler).list_runs())
    assert type(info.value) is APIStatusError
    assert (info.value.code, info.value.request_id) == ("Teapot", "r-1")


def test_response_validation_error_names_the_field() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = example("foundry", "listModelStudioRuns")
        body["data"][0]["configVersion"] = "one"
        return httpx.Response(200, json=body)

    with pytest.raises(ResponseValidationError) as info:
        list(fdry(handler).list_model_studio_runs(RID))
    assert info.value.path == "$.data[0].configVersion"


def test_missing_required_field_is_named() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"runList": [{}]})

    with pytest.raises(ResponseValidationError, match=r"\$\.totalCount"):
        list(nsml_client(handler).get_run_list())


def test_retry_429_honours_retry_after_then_succeeds() -> None:
    answers = iter(
        [
            httpx.Response(
                429, headers={"Retry-After": "3"}, json={"code": 429, "message": "slow"}
            ),
            httpx.Response(200, json=example("dataplatform", "getModelRun")),
        ]
    )
    delays: list[float] = []
    client = dataplatform.Client(
        token="t", http_client=http(lambda r: next(answers)), retry_policy=no_sleep(delays)
    )
    assert client.get_model_run(RUN_ID).id
    assert delays == [3.0]


def test_non_idempotent_not_retried_on_503_but_on_connect_error() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(503, json={"code": 503, "message": "busy"})

    client = dataplatform.Client(token="t", http_client=http(handler), retry_policy=no_sleep())
    with pytest.raises(APIStatusError):
        client.trigger_model_run(project_name="p")
    assert calls == 1

    attempts = 0

    def refuse(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, json=example("dataplatform", "triggerModelRun"))

    client = dataplatform.Client(token="t", http_client=http(refuse), retry_policy=no_sleep())
    assert client.trigger_model_run(project_name="p").id
    assert attempts == 2


def test_read_error_on_non_idempotent_is_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("reset", request=request)

    client = dataplatform.Client(token="t", http_client=http(handler), retry_policy=no_sleep())
    with pytest.raises(APIConnectionError):
        client.trigger_model_run(project_name="p")


def test_per_call_max_retries_overrides_client() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(429, json={"code": 429, "message": "slow"})

    client = dataplatform.Client(token="t", http_client=http(handler), retry_policy=no_sleep())
    with pytest.raises(RateLimitError):
        client.get_model_run(RUN_ID, max_retries=4)
    assert calls == 5


def test_missing_credentials_name_keyword_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FOUNDRY_TOKEN", "NCP_SECRET_KEY", "DATAPLATFORM_TOKEN", "DATAPLATFORM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ValueError, match=r"token=.*FOUNDRY_TOKEN"):
        foundry.Client(hostname="h")
    with pytest.raises(ValueError, match=r"DATAPLATFORM_TOKEN.*DATAPLATFORM_API_KEY"):
        dataplatform.Client()
    with pytest.raises(ValueError, match=r"secret_key=.*NCP_SECRET_KEY"):
        nsml.Client(access_key="a", api_key="k")


def test_credentials_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOUNDRY_TOKEN", "env-token")
    monkeypatch.setenv("FOUNDRY_HOSTNAME", "stack.example")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret-secret")
    assert foundry.Client().base_url == "https://stack.example/api"
    assert pai.Client().base_url == "https://aiworkspace.cn-hangzhou.aliyuncs.com"
    assert pai.Client(region="cn-shanghai").base_url.endswith("cn-shanghai.aliyuncs.com")


def test_reprs_mask_secrets() -> None:
    clients: list[Any] = [
        fdry(lambda r: httpx.Response(200)),
        dataplatform.Client(token="tok-secret"),
        pai.Client(access_key_id="id", access_key_secret="tok-secret"),
        nsml.Client(access_key="a", secret_key="tok-secret", api_key="tok-secret"),
    ]
    for client in clients:
        assert "tok-secret" not in repr(client)


def test_context_manager_closes_owned_client_only() -> None:
    shared = http(lambda r: httpx.Response(200))
    with foundry.Client(token="t", hostname="h", http_client=shared):
        pass
    assert not shared.is_closed
    with foundry.Client(token="t", hostname="h") as owned:
        pass
    assert owned._http.is_closed


@pytest.mark.parametrize(
    ("status", "body", "line", "message", "code"),
    [
        (
            404,
            {"errorCode": "NOT_FOUND", "errorName": "X", "parameters": {}},
            "404 X: ",
            None,
            "NOT_FOUND",
        ),
        (
            401,
            {"error": {"errorCode": "200", "message": "Authentication Failed"}},
            "401 Authentication Failed",
            "Authentication Failed",
            "200",
        ),
        (
            429,
            {"RequestId": "r", "Code": "Throttling.User", "Message": "slow down"},
            "429 [Throttling.User] slow down",
            "slow down",
            "Throttling.User",
        ),
        (500, {"code": 500, "message": "boom"}, "500 boom", "boom", None),
        (
            404,
            {"code": 404, "message": "Model run x not found."},
            "404 Model run x not found.",
            "Model run x not found.",
            None,
        ),
    ],
)
def test_status_error_line_names_status_then_the_servers_words_once(
    status: int, body: dict[str, Any], line: str, message: str | None, code: str | None
) -> None:
    response = httpx.Response(status, json=body, request=httpx.Request("GET", "http://x/"))
    error = status_error_from_response(response)
    assert str(error).startswith(line)
    assert error.code == code
    if message is not None:
        assert error.message == message
    assert not error.message.startswith(str(status))


def test_named_error_without_message_reads_its_description_and_parameters() -> None:
    body = {
        "errorCode": "NOT_FOUND",
        "errorName": "ModelStudioNotFound",
        "errorInstanceId": "00000000-0000-0000-0000-000000000000",
        "parameters": {"studioRid": RID},
    }
    response = httpx.Response(404, json=body, request=httpx.Request("GET", "http://x/"))
    error = status_error_from_response(response, named=foundry.NAMED_ERRORS)
    assert isinstance(error, foundry.ModelStudioNotFound)
    assert str(error) == (
        f"404 ModelStudioNotFound: The requested Model Studio was not found. (studioRid='{RID}')"
    )


def test_named_error_with_malformed_parameters_still_maps() -> None:
    body = {"errorCode": "NOT_FOUND", "errorName": "ModelStudioNotFound", "parameters": [1, 2]}
    response = httpx.Response(404, json=body, request=httpx.Request("GET", "http://x/"))
    error = status_error_from_response(response, named=foundry.NAMED_ERRORS)
    assert isinstance(error, foundry.ModelStudioNotFound)
    assert str(error) == "404 ModelStudioNotFound: The requested Model Studio was not found."
    assert error.parameters == {}


def test_operations_are_typed_by_their_model_and_checked_against_the_spec() -> None:
    from foundry_models_client.api.model_studios import launch_model_studio
    from foundry_models_client.models import ListModelStudioRunsResponse, ModelStudioRun
    from modelruns._facades.foundry import _LAUNCH_MODEL_STUDIO
    from modelruns._operations import operation
    from modelruns._options import NOT_GIVEN

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=example("foundry", "launchModelStudio"))

    # `_call` returns the operation's model type: mypy checks this line (Any would fail it).
    run = fdry(handler)._call(_LAUNCH_MODEL_STUDIO, RID, timeout=NOT_GIVEN, max_retries=NOT_GIVEN)
    typing.assert_type(run, ModelStudioRun)
    assert isinstance(run, ModelStudioRun)
    assert (
        operation("foundry", launch_model_studio, ModelStudioRun).response_model is ModelStudioRun
    )
    with pytest.raises(TypeError, match="answers ModelStudioRun, not ListModelStudioRunsResponse"):
        operation("foundry", launch_model_studio, ListModelStudioRunsResponse)
