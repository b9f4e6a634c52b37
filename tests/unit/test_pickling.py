"""Errors and clients cross process boundaries: each pickles and unpickles whole.

Every modelruns exception (the tree of ``_exceptions`` and Foundry's named errors generated
into ``_facades.foundry``) comes back with its class and fields; a ``Client`` or
``AsyncClient`` of every provider pickles as its options, credentials included, connections
not, and the copy works against a stub served over HTTP.
"""

from __future__ import annotations

import asyncio
import itertools
import pickle
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from modelruns import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    PaginationError,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    RetryPolicy,
    RunNotFoundError,
    WaitTimeoutError,
    dataplatform,
    foundry,
    nsml,
    pai,
)
from modelruns._auth import AcsV3Auth
from modelruns._exceptions import status_class, status_error_from_response
from modelruns._specs import PROVIDERS, Provider, load_spec
from modelruns.pytest_plugin import StubFactory

T = TypeVar("T")
SECRET = "SECRETtok123"
URL = "http://api.example/v1/model-runs/r-1"
MODULES = {"foundry": foundry, "dataplatform": dataplatform, "pai": pai, "nsml": nsml}
FOUNDRY_RID = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]


def _roundtrip(value: T) -> T:
    copy: T = pickle.loads(pickle.dumps(value))  # noqa: S301 - bytes this test just made
    return copy


def _request() -> httpx.Request:
    return httpx.Request("GET", URL, headers={"Authorization": f"Bearer {SECRET}"})


def _response(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body, request=_request(), headers={"x-request-id": "q-1"})


def _all_subclasses(cls: type[APIError]) -> Iterator[type[APIError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _status_of(cls: type[APIStatusError]) -> int:
    """The status whose class ``cls`` is or subclasses (418: a plain ``APIStatusError``)."""
    return next(
        s for s in (400, 401, 403, 404, 409, 429, 500, 418) if issubclass(cls, status_class(s))
    )


def _status_error(cls: type[APIStatusError]) -> APIStatusError:
    """An error of ``cls`` as the client builds it from an answer (named, if Foundry names it)."""
    body: dict[str, Any] = {
        "errorCode": "INVALID_ARGUMENT",
        "message": f"refused, token {SECRET}",
        "errorInstanceId": "00000000-0000-4000-8000-000000000001",
        "parameters": {"studioRid": FOUNDRY_RID, "echo": SECRET},
    }
    if cls.__name__ in foundry.NAMED_ERRORS:
        body["errorName"] = cls.__name__
    error = status_error_from_response(
        _response(_status_of(cls), body), named=foundry.NAMED_ERRORS, secrets=(SECRET,)
    )
    assert type(error) is cls
    return error


#: The other errors, as the engine raises them.
OTHER_ERRORS: dict[type[APIError], Callable[[], APIError]] = {
    APIError: lambda: APIError("it failed", request=_request()),
    APIConnectionError: lambda: APIConnectionError(
        "Connection error (refused)", request=_request()
    ),
    APITimeoutError: lambda: APITimeoutError("Request timed out", request=_request()),
    PaginationError: lambda: PaginationError("the token repeats", request=_request()),
    ResponseValidationError: lambda: ResponseValidationError(
        "getModelRun: $.status: not one of the enum", path="$.status", response=_response(200, {})
    ),
    ResponseDecodingError: lambda: ResponseDecodingError(
        "does not decode as 'gzip'", request=_request(), response=_response(502, {})
    ),
    ResponseTooLargeError: lambda: ResponseTooLargeError(
        "larger than max_response_size=10 bytes", request=_request(), limit=10
    ),
    WaitTimeoutError: lambda: WaitTimeoutError(
        "run r-1 is still RUNNING after 5 s", run_id="r-1", timeout=5.0, last={"status": "RUNNING"}
    ),
    RunNotFoundError: lambda: RunNotFoundError("run r-2 is not in 10 pages", run_id="r-2"),
}


def _every_error() -> list[APIError]:
    classes = sorted(set(_all_subclasses(APIError)) | {APIError}, key=lambda c: c.__qualname__)
    errors: list[APIError] = []
    for cls in classes:
        if cls is foundry.FoundryAPIError:
            continue  # abstract: only its named subclasses are raised (each one below)
        if issubclass(cls, APIStatusError) and cls not in OTHER_ERRORS:
            errors.append(_status_error(cls))
        else:
            assert cls in OTHER_ERRORS, f"{cls.__qualname__}: no example here; add one"
            errors.append(OTHER_ERRORS[cls]())
    return errors


def _fields(error: APIError) -> dict[str, Any]:
    """What a user reads on an error, in comparable form."""
    fields: dict[str, Any] = {
        "class": type(error),
        "str": str(error),
        "args": error.args,
        "message": error.message,
    }
    for name in ("status", "code", "name", "request_id", "parameters", "body", "raw_body"):
        fields[name] = getattr(error, name, None)
    for name in ("path", "limit", "run_id", "timeout", "last"):
        fields[name] = getattr(error, name, None)
    if error.request is not None:
        fields["request"] = (error.request.method, str(error.request.url), error.request.headers)
    response = getattr(error, "response", None)
    if response is not None:
        fields["response"] = (response.status_code, response.headers, response.content)
    return fields


@pytest.mark.parametrize("error", _every_error(), ids=lambda e: type(e).__name__)
def test_every_error_unpickles_with_its_class_and_fields(error: APIError) -> None:
    copy = _roundtrip(error)
    assert type(copy) is type(error)
    assert _fields(copy) == _fields(error)
    assert SECRET.encode() not in pickle.dumps(error)


def test_the_errors_cover_foundrys_named_ones() -> None:
    raised = {type(error) for error in _every_error()}
    assert set(foundry.NAMED_ERRORS.values()) <= raised
    named = _status_error(foundry.ModelStudioNotFound)
    copy = _roundtrip(named)
    assert isinstance(copy, foundry.FoundryAPIError)
    assert copy.studio_rid == named.studio_rid == FOUNDRY_RID  # type: ignore[attr-defined]


def test_a_pai_auth_pickles_with_its_own_nonce() -> None:
    auth = AcsV3Auth("AKID-example", "secret-example")
    copy = _roundtrip(auth)
    assert repr(copy) == repr(auth)
    assert copy.secrets() == auth.secrets()


def test_a_retry_policy_unpickles_drawing_from_the_processs_generator() -> None:
    copy = _roundtrip(RetryPolicy(max_retries=4))
    assert copy.max_retries == 4
    # A copy of the generator's state would draw the same numbers as the original from here.
    draws = [RetryPolicy().random() for _ in range(3)]
    assert [copy.random() for _ in range(3)] != draws


def _first_runs(provider: Provider, client: Any) -> list[Any]:
    walks: dict[Provider, Callable[[], Any]] = {
        "foundry": lambda: client.list_model_studio_runs(FOUNDRY_RID, limit=2),
        "dataplatform": lambda: client.list_model_runs(limit=2),
        "pai": lambda: client.list_runs(limit=2),
        "nsml": lambda: client.get_run_list(limit=2),
    }
    return list(itertools.islice(walks[provider](), 2))


async def _first_runs_async(provider: Provider, client: Any) -> list[Any]:
    walks: dict[Provider, Callable[[], Any]] = {
        "foundry": lambda: client.list_model_studio_runs(FOUNDRY_RID, limit=2),
        "dataplatform": lambda: client.list_model_runs(limit=2),
        "pai": lambda: client.list_runs(limit=2),
        "nsml": lambda: client.get_run_list(limit=2),
    }
    return [run async for run in walks[provider]()]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_used_client_pickles_as_its_options_and_works_on_the_other_side(
    provider: Provider, modelruns_stub: StubFactory
) -> None:
    server = modelruns_stub(provider, runs=3)
    client = MODULES[provider].Client(
        **server.client_options(), timeout=7, max_retries=1, strict=False, max_response_size=1 << 20
    )
    assert len(_first_runs(provider, client)) == 2  # its pool now holds a connection
    copy = _roundtrip(client)
    client.close()  # the copy's connections are its own
    assert type(copy) is type(client)
    assert (repr(copy), copy.base_url, copy.strict) == (repr(client), client.base_url, False)
    assert (copy._timeout, copy._max_retries, copy._max_response_size) == (7, 1, 1 << 20)
    assert len(_first_runs(provider, copy)) == 2  # credentials included: the stub checks them
    copy.close()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_async_client_pickles_and_works_in_another_event_loop(
    provider: Provider, modelruns_stub: StubFactory
) -> None:
    server = modelruns_stub(provider, runs=3)
    client = MODULES[provider].AsyncClient(**server.client_options(), timeout=7)

    async def use(it: Any) -> int:
        async with it:
            return len(await _first_runs_async(provider, it))

    copy = _roundtrip(client)
    assert type(copy) is type(client)
    assert asyncio.run(use(client)) == 2
    assert asyncio.run(use(copy)) == 2


def test_a_client_with_a_callers_http_client_refuses_to_pickle_naming_it() -> None:
    with httpx.Client() as http:
        client = dataplatform.Client(token=SECRET, base_url="http://x/v1", http_client=http)
        with pytest.raises(TypeError, match="http_client="):
            pickle.dumps(client)


def test_a_with_options_copy_pickles_as_its_own_options(modelruns_stub: StubFactory) -> None:
    server = modelruns_stub("dataplatform", runs=3)
    client = dataplatform.Client(**server.client_options())
    copy = _roundtrip(client.with_options(timeout=9))
    client.close()  # the unpickled copy has connections of its own
    assert copy._timeout == 9
    assert len(_first_runs("dataplatform", copy)) == 2
    copy.close()
