"""Each provider's ``Client`` and ``AsyncClient`` keep their constructor signature.

The constructors are generated from the specs' ``x-modelruns-credentials`` and server variables;
this is the recorded public surface they must keep: keyword names, order, defaults and
annotations, exactly as ``inspect.signature`` shows them.
"""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

from modelruns import dataplatform, foundry, nsml, pai

_COMMON = (
    "base_url: 'str | None' = None, timeout: 'float | httpx.Timeout | None' = 60.0, "
    "max_retries: 'int | None' = None, retry_policy: 'RetryPolicy | None' = None, "
)
# Every request's own headers and query parameters (the issue of raw responses and extras).
_OPTIONS = (
    "default_headers: 'Headers | None' = None, default_query: 'Query | None' = None, "
    "**options: 'Unpack[ClientOptions]') -> 'None'"
)

EXPECTED = {
    (foundry, "Client"): "(*, token: 'str | None' = None, hostname: 'str | None' = None, "
    + _COMMON
    + "http_client: 'httpx.Client | None' = None, "
    + _OPTIONS,
    (foundry, "AsyncClient"): "(*, token: 'str | None' = None, hostname: 'str | None' = None, "
    + _COMMON
    + "http_client: 'httpx.AsyncClient | None' = None, "
    + _OPTIONS,
    (dataplatform, "Client"): "(*, token: 'str | None' = None, api_key: 'str | None' = None, "
    "host: 'str | None' = None, "
    + _COMMON
    + "http_client: 'httpx.Client | None' = None, "
    + _OPTIONS,
    (dataplatform, "AsyncClient"): "(*, token: 'str | None' = None, api_key: 'str | None' = None, "
    "host: 'str | None' = None, "
    + _COMMON
    + "http_client: 'httpx.AsyncClient | None' = None, "
    + _OPTIONS,
    (pai, "Client"): "(*, access_key_id: 'str | None' = None, "
    "access_key_secret: 'str | None' = None, region: 'str | None' = None, "
    + _COMMON
    + "http_client: 'httpx.Client | None' = None, auth: 'AcsV3Auth | None' = None, "
    + _OPTIONS,
    (pai, "AsyncClient"): "(*, access_key_id: 'str | None' = None, "
    "access_key_secret: 'str | None' = None, region: 'str | None' = None, "
    + _COMMON
    + "http_client: 'httpx.AsyncClient | None' = None, auth: 'AcsV3Auth | None' = None, "
    + _OPTIONS,
    (nsml, "Client"): "(*, access_key: 'str | None' = None, secret_key: 'str | None' = None, "
    "api_key: 'str | None' = None, "
    + _COMMON
    + "http_client: 'httpx.Client | None' = None, auth: 'NcpSignatureV2Auth | None' = None, "
    + _OPTIONS,
    (nsml, "AsyncClient"): "(*, access_key: 'str | None' = None, secret_key: 'str | None' = None, "
    "api_key: 'str | None' = None, " + _COMMON + "http_client: 'httpx.AsyncClient | None' = None, "
    "auth: 'NcpSignatureV2Auth | None' = None, " + _OPTIONS,
}

DOCS = {
    (foundry, "Client"): "Synchronous Foundry client.",
    (foundry, "AsyncClient"): "Asynchronous Foundry client.",
    (dataplatform, "Client"): "Synchronous Data Platform client.",
    (dataplatform, "AsyncClient"): "Asynchronous Data Platform client.",
    (pai, "Client"): (
        "Synchronous PAI client (``auth=`` takes a preconfigured ``AcsV3Auth``, e.g. for tests)."
    ),
    (pai, "AsyncClient"): "Asynchronous PAI client.",
    (nsml, "Client"): (
        "Synchronous NSML client (``auth=`` takes a preconfigured ``NcpSignatureV2Auth``)."
    ),
    (nsml, "AsyncClient"): "Asynchronous NSML client.",
}


@pytest.mark.parametrize(
    ("module", "name"), list(EXPECTED), ids=lambda x: getattr(x, "__name__", x)
)
def test_constructor_signature_is_the_recorded_one(module: ModuleType, name: str) -> None:
    cls = getattr(module, name)
    assert str(inspect.signature(cls)) == EXPECTED[(module, name)]
    assert cls.__doc__ == DOCS[(module, name)]
    # The public home is the provider module (reprs and tracebacks name it).
    assert cls.__module__ == module.__name__


@pytest.mark.parametrize(
    ("module", "name"), list(EXPECTED), ids=lambda x: getattr(x, "__name__", x)
)
def test_with_options_takes_the_constructor_keywords_but_the_pool(
    module: ModuleType, name: str
) -> None:
    cls = getattr(module, name)
    constructor = list(inspect.signature(cls).parameters)
    copy = list(inspect.signature(cls.with_options).parameters)
    assert copy == ["self", *(p for p in constructor if p != "http_client")]
    assert inspect.signature(cls.with_options).return_annotation == "Self"
