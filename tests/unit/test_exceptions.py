"""The exception tree of ``_exceptions`` and the one masking of ``_masking`` it keeps.

A non-2xx answer maps to the class of its status (or the provider's named class of that
status); its request id is read at the places the provider's spec names
(``x-modelruns-request-id``); its one line says what the server said; every request and
response an error keeps is a masked copy; and every error, Foundry's named ones included,
unpickles with its class and fields and no secret.
"""

from __future__ import annotations

import json
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
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    RunNotFoundError,
    WaitTimeoutError,
    foundry,
)
from modelruns._exceptions import status_class, status_error_from_response
from modelruns._specs import PROVIDERS, Provider, RequestIdPlace, load_spec, request_id_places

T = TypeVar("T")
SECRET = "SECRETtok123"
URL = "http://api.example/v1/model-runs/r-1"
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


# Masking on every field.


def test_every_part_of_an_error_is_masked() -> None:
    error = status_error_from_response(
        httpx.Response(
            401,
            request=httpx.Request("GET", "http://x/"),
            json={
                "errorCode": f"Bearer {SECRET}",
                "errorName": f"InvalidToken:Bearer {SECRET}",
                "parameters": {"token": SECRET, "nested": [{"again": f"x {SECRET} y"}]},
                "errorInstanceId": "00000000-0000-0000-0000-000000000000",
            },
        ),
        secrets=(SECRET,),
    )
    assert isinstance(error, AuthenticationError)
    parts = [str(error), repr(error), error.message, error.code, error.name, error.raw_body]
    parts += [json.dumps(error.parameters), json.dumps(error.body)]
    for part in parts:
        assert SECRET not in str(part), part
    assert error.name == "InvalidToken:Bearer ***"


# Statuses and classes.


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (520, InternalServerError),
        (418, APIStatusError),
        (422, APIStatusError),
    ],
)
def test_each_status_maps_to_its_class(status: int, cls: type[APIStatusError]) -> None:
    error = status_error_from_response(httpx.Response(status, json={}, request=_request()))
    assert type(error) is cls
    assert status_class(status) is cls
    assert (error.status, error.status_code) == (status, status)


def test_a_named_error_of_another_status_falls_back_to_the_status_class() -> None:
    body = {"errorCode": "NOT_FOUND", "errorName": "ModelStudioNotFound", "parameters": {}}
    named = status_error_from_response(_response(404, body), named=foundry.NAMED_ERRORS)
    assert type(named) is foundry.ModelStudioNotFound
    other = status_error_from_response(_response(409, body), named=foundry.NAMED_ERRORS)
    assert type(other) is ConflictError
    assert other.name == "ModelStudioNotFound"


# Request ids, where the spec says.


def _answer_with_ids(places: tuple[RequestIdPlace, ...]) -> httpx.Response:
    """An error answer with a distinct id at each of ``places`` (and at places no spec names)."""
    headers = {"x-trace-id": "not-an-id"}
    body: dict[str, Any] = {"request_id": "not-an-id", "message": "no"}
    for number, place in enumerate(places):
        if place.location == "header":
            headers[place.name] = f"id-{number}"
        else:
            body[place.name] = f"id-{number}"
    return httpx.Response(500, json=body, headers=headers, request=_request())


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_status_errors_request_id_is_read_at_its_specs_first_place(provider: Provider) -> None:
    places = request_id_places(provider)
    error = status_error_from_response(_answer_with_ids(places), request_id_places=places)
    assert error.request_id == ("id-0" if places else None)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_id_at_another_providers_place_is_not_this_providers(provider: Provider) -> None:
    mine = request_id_places(provider)
    others = tuple(
        place for other in PROVIDERS for place in request_id_places(other) if place not in mine
    )
    error = status_error_from_response(_answer_with_ids(others), request_id_places=mine)
    assert error.request_id is None


def test_the_specs_places_are_the_ones_the_providers_document() -> None:
    assert request_id_places("dataplatform") == (RequestIdPlace("header", "X-Request-ID"),)
    assert request_id_places("pai") == (
        RequestIdPlace("body", "requestId"),
        RequestIdPlace("body", "RequestId"),
    )
    assert request_id_places("foundry") == (RequestIdPlace("body", "errorInstanceId"),)
    assert request_id_places("nsml") == ()


def test_without_its_providers_places_an_error_looks_in_every_specs() -> None:
    every = {place for provider in PROVIDERS for place in request_id_places(provider)}
    for place in every:
        error = status_error_from_response(_answer_with_ids((place,)))
        assert error.request_id == "id-0", place
    assert status_error_from_response(_answer_with_ids(())).request_id is None


def test_a_body_place_is_also_read_in_a_nested_error_object() -> None:
    answer = httpx.Response(
        400, json={"error": {"requestId": "nested-1", "message": "bad"}}, request=_request()
    )
    error = status_error_from_response(answer, request_id_places=request_id_places("pai"))
    assert (error.request_id, error.message) == ("nested-1", "bad")


# What the one line says.


def test_an_html_page_is_summed_up_by_its_title_without_a_repeated_status() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    answer = httpx.Response(
        502, text=page, headers={"content-type": "text/html"}, request=_request()
    )
    error = status_error_from_response(answer)
    assert (str(error), error.message) == ("502 Bad Gateway", "Bad Gateway")


def test_a_redirect_names_its_target() -> None:
    answer = httpx.Response(
        307, headers={"location": "http://elsewhere/v1"}, request=_request(), content=b""
    )
    assert str(status_error_from_response(answer)) == (
        "307 Temporary Redirect (to http://elsewhere/v1)"
    )


def test_an_empty_404_says_what_the_provider_means_by_it() -> None:
    answer = httpx.Response(404, content=b"", request=_request())
    error = status_error_from_response(answer, empty_not_found="no API at this URL")
    assert str(error) == "404 Not Found: no API at this URL"
    assert str(status_error_from_response(answer)) == "404 Not Found"


def test_a_textual_code_labels_the_line_and_a_code_repeating_the_status_is_dropped() -> None:
    throttled = _response(429, {"Code": "Throttling.User", "Message": "slow down"})
    assert str(status_error_from_response(throttled)) == "429 [Throttling.User] slow down"
    repeated = status_error_from_response(_response(404, {"code": 404, "message": "gone"}))
    assert (str(repeated), repeated.code) == ("404 gone", None)


def test_a_named_error_without_a_message_shows_its_description_and_parameters() -> None:
    body = {"errorCode": "NOT_FOUND", "errorName": "ModelStudioNotFound"}
    body["parameters"] = {"modelStudioRid": FOUNDRY_RID}  # type: ignore[assignment]
    error = status_error_from_response(_response(404, body), named=foundry.NAMED_ERRORS)
    described = (foundry.ModelStudioNotFound.__doc__ or "").strip().splitlines()[0]
    assert error.message == f"{described} (modelStudioRid={FOUNDRY_RID!r})"
    assert str(error).startswith("404 ModelStudioNotFound: ")


# The one masking, on what an error keeps (``_masking`` itself: test_masking).


def test_every_part_of_a_status_error_is_a_masked_copy() -> None:
    answer = httpx.Response(
        403, json={"message": f"token {SECRET}"}, headers={"set-cookie": "s=1"}, request=_request()
    )
    error = status_error_from_response(answer, secrets=(SECRET,))
    assert error.request is not None
    assert error.request.headers["authorization"] == "Bearer ***"
    assert error.response.headers["set-cookie"] == "***"
    assert SECRET.encode() not in error.response.content
    assert SECRET not in json.dumps(error.body)
