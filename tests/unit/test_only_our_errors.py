"""Every exception a call or a walk raises is a modelruns ``APIError``, or, for an argument, a
``ValueError``/``TypeError`` naming it, raised before any request.

What the transport cannot send (a URL longer than it takes, text that does not encode as
UTF-8, a number JSON has no word for) is refused where requests are built: an argument by name,
before anything is sent; a page token the server sent, as a ``PaginationError`` naming the field.
A property test tries every string parameter of every operation of every provider.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import math
import typing
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelruns import APIError, PaginationError, dataplatform, foundry, nsml, pai
from modelruns._names import snake_case, squash
from modelruns._specs import PROVIDERS, Provider, iter_operations, load_spec, resolve
from tests.unit.test_clients import RID, RUN_ID, example

URL_LIMIT = 65536  # the longest URL httpx sends

MODULES: dict[str, Any] = {
    "foundry": foundry,
    "dataplatform": dataplatform,
    "pai": pai,
    "nsml": nsml,
}
CREDENTIALS: dict[str, dict[str, str]] = {
    "foundry": {"token": "tok-secret", "hostname": "h.example"},
    "dataplatform": {"api_key": "dp-key-secret"},
    "pai": {"access_key_id": "ak-id", "access_key_secret": "ak-secret", "region": "cn-hangzhou"},
    "nsml": {"access_key": "ncp-ak", "secret_key": "ncp-sk", "api_key": "ncp-api"},
}


class _Recorder:
    """A transport answering each operation's 2xx example, counting what it was sent."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.sent: list[httpx.Request] = []
        self._answer = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self._answer(request)


def _client(provider: str, recorder: _Recorder, *, asynchronous: bool = False) -> Any:
    cls = MODULES[provider].AsyncClient if asynchronous else MODULES[provider].Client
    http_cls = httpx.AsyncClient if asynchronous else httpx.Client
    http = http_cls(transport=httpx.MockTransport(recorder))
    # Lenient, as users get it by default: the tokens here break no schema rule but length.
    return cls(**CREDENTIALS[provider], http_client=http, max_retries=0, strict=False)


# --- a server's page token that cannot be sent back -------------------------------------------

# Every list the server pages with a token (steps come in one answer, so they have none).
TOKEN_WALKS = [
    ("foundry", "list_model_studio_runs", (RID,), "listModelStudioRuns", "nextPageToken"),
    ("dataplatform", "list_model_runs", (), "listModelRuns", "next_page_token"),
]


def _first_page_leads_to(
    provider: str, operation_id: str, field: str, token_json: str
) -> Callable[[httpx.Request], httpx.Response]:
    """The example page, with ``field`` set to the JSON text ``token_json`` on the first page."""

    def answer(request: httpx.Request) -> httpx.Response:
        body = example(provider, operation_id)
        body.pop(field, None)
        text = json.dumps(body)
        if len(answer.seen) == 0:  # type: ignore[attr-defined]
            text = text[:-1] + f', "{field}": {token_json}}}'
        answer.seen.append(request)  # type: ignore[attr-defined]
        return httpx.Response(200, content=text.encode(), headers={"content-type": "json"})

    answer.seen = []  # type: ignore[attr-defined]
    return answer


TOKENS = {
    "70,000 characters": json.dumps("t" * 70_000),
    "a lone surrogate": '"ab\\ud800cd"',
}


@pytest.mark.parametrize("token", list(TOKENS))
@pytest.mark.parametrize("prefetch", [0, 1])
@pytest.mark.parametrize(("provider", "method", "args", "operation_id", "field"), TOKEN_WALKS)
def test_a_page_token_that_cannot_be_sent_back_ends_the_walk_in_pagination_error(
    provider: str,
    method: str,
    args: tuple[Any, ...],
    operation_id: str,
    field: str,
    prefetch: int,
    token: str,
) -> None:
    recorder = _Recorder(_first_page_leads_to(provider, operation_id, field, TOKENS[token]))
    pages = getattr(_client(provider, recorder), method)(*args, prefetch=prefetch).pages()
    assert next(pages).items  # the first page is whole
    with pytest.raises(PaginationError) as info:
        next(pages)
    assert field in str(info.value)
    assert "cannot be sent back" in str(info.value)
    assert len(recorder.sent) == 1


@pytest.mark.parametrize("token", list(TOKENS))
@pytest.mark.parametrize("prefetch", [0, 1])
@pytest.mark.parametrize(("provider", "method", "args", "operation_id", "field"), TOKEN_WALKS)
def test_a_page_token_that_cannot_be_sent_back_ends_the_walk_in_pagination_error_async(
    provider: str,
    method: str,
    args: tuple[Any, ...],
    operation_id: str,
    field: str,
    prefetch: int,
    token: str,
) -> None:
    recorder = _Recorder(_first_page_leads_to(provider, operation_id, field, TOKENS[token]))

    async def walk() -> list[Any]:
        client = _client(provider, recorder, asynchronous=True)
        return [run async for run in getattr(client, method)(*args, prefetch=prefetch)]

    with pytest.raises(PaginationError) as info:
        asyncio.run(walk())
    assert field in str(info.value)
    assert len(recorder.sent) == 1


# --- arguments the transport cannot send ------------------------------------------------------


def _refused_before_sending(provider: str, call: Callable[[Any], Any], name: str) -> Exception:
    recorder = _Recorder(lambda request: httpx.Response(500))
    with pytest.raises((ValueError, TypeError)) as info:
        call(_client(provider, recorder))
    assert not recorder.sent
    assert name in str(info.value)
    return info.value


def test_a_100_kb_path_id_is_refused_naming_the_parameter() -> None:
    error = _refused_before_sending("pai", lambda c: c.get_run("r" * 100_000), "run_id")
    assert "too long to send in a URL" in str(error)


def test_a_lone_surrogate_in_a_parameter_is_refused_naming_it() -> None:
    error = _refused_before_sending("pai", lambda c: list(c.list_runs(name="a\ud800")), "name")
    assert "lone surrogate" in str(error)
    _refused_before_sending("pai", lambda c: c.delete_run_label("run-1", "k\udfff"), "key")


def test_a_url_that_only_all_its_arguments_together_overflow_names_the_longest() -> None:
    # Each under the limit, together over it: the one URL cannot hold them.
    error = _refused_before_sending(
        "pai",
        lambda c: c.list_runs(name="n" * 30_000, labels="l" * 40_000, workspace_id="w" * 10),
        "labels",
    )
    assert "query" in str(error)
    long_rid = "ri.models.main.model-studio." + "x" * (URL_LIMIT - 40)
    _refused_before_sending(
        "foundry", lambda c: c.launch_model_studio(long_rid), "model_studio_rid"
    )


def test_a_body_the_transport_cannot_encode_is_refused_naming_the_field() -> None:
    def surrogate(client: Any) -> Any:
        return client.create_run(experiment_id="exp-1", name="run\ud800")

    def nan(client: Any) -> Any:
        return client.log_run_metrics("run-1", metrics=[{"Key": "loss", "Value": math.nan}])

    _refused_before_sending("pai", surrogate, "body.Name")
    _refused_before_sending("pai", nan, "body.Metrics[0].Value")


def test_a_lone_surrogate_is_refused_before_sending_async() -> None:
    recorder = _Recorder(lambda request: httpx.Response(500))

    async def call() -> Any:
        return await _client("pai", recorder, asynchronous=True).get_run("r\ud800")

    with pytest.raises(ValueError, match="run_id"):
        asyncio.run(call())
    assert not recorder.sent


def test_a_base_url_httpx_cannot_parse_is_refused_by_name_or_a_modelruns_error() -> None:
    # Refused with the constructor's arguments, by name, or else a modelruns error at the call.
    def call() -> Any:
        client = dataplatform.Client(base_url="http://h.example/v1\x01", api_key="k", max_retries=0)
        return client.get_model_run(RUN_ID)

    with pytest.raises((ValueError, APIError)) as info:
        call()
    assert isinstance(info.value, APIError) or "base_url" in str(info.value)


# --- every string parameter of every operation ------------------------------------------------


def _path_examples(provider: Provider) -> dict[str, Any]:
    """A valid value for each path parameter keyword, from the spec's examples."""
    spec = load_spec(provider)
    found: dict[str, Any] = {}
    for op in iter_operations(spec):
        for entry in [*op.path_item.get("parameters", []), *op.operation.get("parameters", [])]:
            parameter = resolve(spec, entry)
            value = parameter.get("example", resolve(spec, parameter["schema"]).get("example"))
            if parameter["in"] == "path" and value is not None:
                found[snake_case(parameter["name"])] = value
    return found


def _body_example(provider: Provider, operation_id: str) -> dict[str, Any]:
    spec = load_spec(provider)
    for op in iter_operations(spec):
        if op.operation_id == operation_id:
            body = resolve(spec, op.operation.get("requestBody", {}))
            media = body.get("content", {}).get("application/json", {})
            return dict(media.get("example") or {})
    return {}


def _string_cases() -> list[tuple[Provider, str, str]]:
    """``(provider, method, keyword)`` for every string parameter (path, query, body field)."""
    cases = []
    for provider in PROVIDERS:
        for op in iter_operations(load_spec(provider)):
            method = snake_case(op.operation_id)
            function = getattr(MODULES[provider].Client, method)
            hints = typing.get_type_hints(function)
            for name in inspect.signature(function).parameters:
                if name not in ("self", "body", "timeout", "max_retries") and (
                    hints.get(name) in (str, str | None)
                ):
                    cases.append((provider, method, name))
    return cases


STRING_CASES = _string_cases()
_CHARACTERS = st.characters(exclude_categories=())  # surrogates and control characters too
STRINGS = st.one_of(
    st.text(_CHARACTERS, max_size=12),
    st.builds(
        lambda text, times: text * times,
        st.text(_CHARACTERS, min_size=1, max_size=4),
        st.integers(1_000, 40_000),
    ),
)


def _call(provider: Provider, method: str, keyword: str, value: str, client: Any) -> Any:
    function = getattr(client, method)
    signature = inspect.signature(function)
    examples = _path_examples(provider)
    path = [n for n, p in signature.parameters.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    path = [n for n in path if n != "body"]
    args = [value if name == keyword else examples[name] for name in path]
    operation_id = next(
        op.operation_id
        for op in iter_operations(load_spec(provider))
        if snake_case(op.operation_id) == method
    )
    keywords = {
        name: member
        for name in signature.parameters
        for wire, member in _body_example(provider, operation_id).items()
        if squash(wire) == squash(name) and name not in path
    }
    for name, parameter in signature.parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            keywords.setdefault(name, "k")  # a required query parameter (ListRunMetrics' Key)
    if keyword not in path:
        keywords[keyword] = value
    result = function(*args, **keywords)
    return next(iter(result.pages()), None) if hasattr(result, "pages") else result


def test_the_property_cases_cover_every_provider_with_string_parameters() -> None:
    # NSML's one operation takes integers only.
    assert {provider for provider, _, _ in STRING_CASES} == set(PROVIDERS) - {"nsml"}
    assert len(STRING_CASES) >= 20


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=st.sampled_from(STRING_CASES), value=STRINGS)
def test_any_string_argument_ends_in_an_answer_an_api_error_or_an_error_naming_it(
    case: tuple[Provider, str, str], value: str
) -> None:
    provider, method, keyword = case

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(599, json={"message": "refused"})

    recorder = _Recorder(answer)
    with pytest.raises((ValueError, TypeError, APIError)) as info:
        _call(provider, method, keyword, value, _client(provider, recorder))
    error = info.value
    if isinstance(error, APIError):
        assert recorder.sent  # the answer (a 599) is a modelruns error
    else:
        assert not recorder.sent, f"{error!r} raised after a request was sent"
        assert squash(keyword) in squash(str(error)), f"{error!r} does not name {keyword}"
