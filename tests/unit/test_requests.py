"""A call's request built (``_requests``): defaults under the spec's parameters, extras over."""

from __future__ import annotations

import httpx
import pytest

from modelruns import APIConnectionError
from modelruns._auth import BearerAuth
from modelruns._facades import dataplatform as facade
from modelruns._requests import RequestShape, redirect_target, redirected

SECRET = "s3cret-token"
SHAPE = RequestShape(
    "https://api.example/v1",
    BearerAuth(SECRET),
    (SECRET,),
    default_params={},
    default_headers={"X-Team": "models", "X-Trace": "default"},
    default_query={"tenant": "t1"},
    owned_headers=frozenset({"authorization"}),
)
OP = facade._LIST_MODEL_RUNS


def test_the_clients_defaults_go_under_the_calls_own_and_its_extras_over() -> None:
    kwargs = SHAPE.call_kwargs(OP, extra_headers={"X-Trace": "call"}, extra_query={"q": "1"})
    with httpx.Client() as http:
        request = SHAPE.build(http, OP, kwargs, timeout=5.0)
    assert request.url.host == "api.example"
    assert request.url.path.startswith("/v1/")
    assert request.headers["x-team"] == "models"
    assert request.headers["x-trace"] == "call"
    assert request.url.params["tenant"] == "t1"
    assert request.url.params["q"] == "1"
    assert "authorization" not in request.headers  # the auth signs it when it is sent


def test_a_header_the_auth_owns_is_refused_as_an_extra() -> None:
    with pytest.raises(ValueError, match="'Authorization' is set by"):
        SHAPE.call_kwargs(OP, extra_headers={"Authorization": "Bearer other"})


def test_a_url_too_long_to_send_is_named_before_sending() -> None:
    kwargs = {"method": "GET", "url": "/runs/" + "x" * 100_000}
    assert "characters long" in (SHAPE.unsendable(kwargs) or "")
    assert SHAPE.unsendable({"method": "GET", "url": "/runs"}) is None


def test_what_httpx_cannot_build_is_a_masked_connection_error() -> None:
    kwargs = {"method": "GET", "url": f"/runs/{SECRET}\x00"}
    with httpx.Client() as http, pytest.raises(APIConnectionError) as raised:
        SHAPE.build(http, OP, kwargs, timeout=5.0)
    assert SECRET not in str(raised.value)
    assert "listModelRuns: the request cannot be built: InvalidURL" in str(raised.value)


def test_only_a_same_origin_redirect_is_followed_and_only_when_asked() -> None:
    request = httpx.Request("POST", "https://api.example/v1/runs", headers={"Authorization": "x"})
    here = httpx.Response(302, headers={"Location": "/v1/other"}, request=request)
    away = httpx.Response(302, headers={"Location": "https://evil.example/"}, request=request)
    assert redirect_target(request, here, follows=True) == httpx.URL("https://api.example/v1/other")
    assert redirect_target(request, here, follows=False) is None
    assert redirect_target(request, away, follows=True) is None
    with httpx.Client() as http:
        followed = redirected(http, request, httpx.URL("https://api.example/v1/other"), 302)
    assert followed.method == "GET"  # as httpx does after a POST
    assert "authorization" not in followed.headers  # the auth signs it again
