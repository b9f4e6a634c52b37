"""Arguments are checked against the spec before any request; the SDK surface tracks the spec."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataplatform_models_client.models import ModelRunStatus, TriggerModelRunRequest
from modelruns import _facades, dataplatform, foundry, nsml, pai
from modelruns._exceptions import NotFoundError
from modelruns._operations import Operation
from modelruns._specs import PROVIDERS, load_spec
from tests.specs import operations

RUN_ID = load_spec("dataplatform")["components"]["parameters"]["RunId"]["example"]
RID = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]


def _refusing(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was sent: {request.url}")


def _dp() -> dataplatform.Client:
    transport = httpx.Client(transport=httpx.MockTransport(_refusing))
    return dataplatform.Client(api_key="k", base_url="http://dp.test/v1", http_client=transport)


def _pai() -> pai.Client:
    transport = httpx.Client(transport=httpx.MockTransport(_refusing))
    return pai.Client(
        access_key_id="a", access_key_secret="b", base_url="http://pai.test", http_client=transport
    )


@pytest.mark.parametrize(
    "bad", ["../x", "..", ".", "", "%2F", "a/b", "3F2C8A4E-9B1D-4C6E-8F7A-2D5B6C9E0A1F"]
)
def test_malicious_or_malformed_path_ids_are_refused_before_any_request(bad: str) -> None:
    with pytest.raises(ValueError, match=r"get_model_run\(\): run_id must"):
        _dp().get_model_run(bad)


def test_a_path_id_of_the_wrong_type_is_a_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match=r"run_id must be a string, got int"):
        _dp().get_model_run(5)  # type: ignore[arg-type]


def test_path_ids_that_pass_the_spec_are_percent_encoded() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path.decode())
        return httpx.Response(404, json={"errorCode": "NOT_FOUND", "errorName": "X"})

    client = foundry.Client(
        token="t",
        base_url="http://f.test/api",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    # The spec's RID pattern allows `..` inside the last segment; it stays one path segment.
    with pytest.raises(NotFoundError):
        client.launch_model_studio(RID + "..", max_retries=0)
    assert seen[0].startswith("/api/v2/models/modelStudios/" + RID + "../launch")


# The server clamps page sizes below 1 and above 1000 (its spec has no bounds), but a
# value that does not fit the parameter's int32 never reaches it.
@pytest.mark.parametrize("size", [2**31, -(2**31) - 1, 10**30])
def test_page_sizes_outside_the_wire_integer_are_refused(size: int) -> None:
    with pytest.raises(ValueError, match=r"list_model_runs\(\): max_results must"):
        _dp().list_model_runs(max_results=size)


def test_a_huge_unbounded_page_size_must_still_fit_the_wire_integer() -> None:
    with pytest.raises(ValueError, match=r"max_results must fit int64"):
        _pai().list_runs(max_results=2**64)


@pytest.mark.parametrize(
    ("keyword", "value"), [("max_results", "10"), ("max_results", True), ("page_token", 7)]
)
def test_wrong_types_are_type_errors_naming_the_parameter(keyword: str, value: Any) -> None:
    with pytest.raises(TypeError, match=rf"list_model_runs\(\): {keyword} must be"):
        _dp().list_model_runs(**{keyword: value})


def test_enum_parameters_take_their_string_values() -> None:
    client = _dp()
    kwargs = client.request_kwargs(_facades.dataplatform._LIST_MODEL_RUNS, status="FAILED")
    assert kwargs["params"]["status"] == "FAILED"
    assert (
        client.request_kwargs(_facades.dataplatform._LIST_MODEL_RUNS, status=ModelRunStatus.FAILED)
        == kwargs
    )


def test_an_unknown_enum_string_names_the_parameter_and_the_allowed_values() -> None:
    with pytest.raises(ValueError, match=r"sort_by must be one of GmtCreateTime, Name, got 'Size'"):
        _pai().list_runs(sort_by="Size")


def test_a_bad_request_body_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match=r"trigger_model_run\(\): body.project_name"):
        _dp().trigger_model_run(TriggerModelRunRequest(project_name=5))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("keyword", "value", "error"),
    [
        ("limit", "3", TypeError),
        ("limit", -1, ValueError),
        ("prefetch", 10**6, ValueError),
        ("prefetch", 1.5, TypeError),
    ],
)
def test_paginator_knobs_are_checked(keyword: str, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=keyword):
        _pai().list_runs(**{keyword: value})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_id_is_either_refused_or_sent_as_one_encoded_segment(text: str) -> None:
    client = _dp()
    try:
        kwargs = client.request_kwargs(_facades.dataplatform._GET_MODEL_RUN, text)
    except ValueError:
        return
    segment = kwargs["url"].removeprefix("/model-runs/")
    assert "/" not in segment
    assert segment not in {".", ".."}


def test_every_spec_operation_declares_whether_it_is_idempotent() -> None:
    for provider in PROVIDERS:
        for _, method, _, operation in operations(load_spec(provider)):
            declared = operation.get("x-modelruns-idempotent")
            name = f"{provider} {operation['operationId']}"
            assert isinstance(declared, bool), name
            assert declared or method.lower() != "get", f"{name}: a GET is idempotent"


def test_the_retry_decision_follows_the_spec() -> None:
    assert _facades.dataplatform._CANCEL_MODEL_RUN.idempotent
    assert _facades.dataplatform._GET_MODEL_RUN.idempotent
    assert not _facades.dataplatform._TRIGGER_MODEL_RUN.idempotent
    assert not _facades.foundry._LAUNCH_MODEL_STUDIO.idempotent


# Keywords a method adds to the operation's own parameters.
SDK_KEYWORDS = {"self", "limit", "prefetch", "timeout", "max_retries", "extra_headers"}
SDK_KEYWORDS |= {"extra_query"}  # and extra_body, on the methods of an operation with a body


@pytest.mark.parametrize("module", [foundry, dataplatform, pai, nsml])
@pytest.mark.parametrize("kind", ["Client", "AsyncClient"])
def test_each_method_takes_exactly_the_generated_operation_parameters(
    module: Any, kind: str
) -> None:
    provider = module.__name__.rsplit(".", 1)[-1]
    facade = getattr(_facades, provider)
    ops = [value for value in vars(facade).values() if isinstance(value, Operation)]
    # One method per operation of the spec, none missing.
    assert ops
    assert len(ops) == len(list(operations(load_spec(provider))))
    for op in ops:
        # Parameters the client always fills itself (x-modelruns-fixed: Foundry's preview).
        client_filled = set(op.fixed_params)
        name = op.module.__name__.rsplit(".", 1)[-1]
        method = getattr(getattr(module, kind), name)
        expected = set(inspect.signature(op.module._get_kwargs).parameters)
        body = inspect.signature(op.module._get_kwargs).parameters.get("body")
        if body is not None:
            # A body-taking method also takes the body model's fields as keywords
            # (`additional_properties` is the generator's catch-all for undeclared keys of
            # an open object, not a field of the API).
            fields = {a.name for a in body.annotation.__attrs_attrs__}
            expected |= fields - {"additional_properties"}
        actual = set(inspect.signature(method).parameters) - SDK_KEYWORDS
        if body is not None:
            expected.add("extra_body")
        assert actual == expected - client_filled, f"{kind}.{name}"
        # Its with_raw_response twin takes the very same keywords.
        raw = getattr(getattr(facade, f"{kind}MethodsWithRawResponse"), name)
        assert inspect.signature(raw).parameters == inspect.signature(method).parameters
