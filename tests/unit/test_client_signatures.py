"""Each provider's ``Client`` and ``AsyncClient`` keep their constructor signature.

The constructors are generated from the specs' ``x-modelruns-credentials`` and server variables;
this is the recorded public surface they must keep: keyword names, order, defaults and
annotations, exactly as ``inspect.signature`` shows them.
"""

from __future__ import annotations

import inspect
import os
import pydoc
import re
from types import ModuleType

import pytest

from modelruns import dataplatform, foundry, nsml, pai

_COMMON = (
    "base_url: 'str | None' = None, timeout: 'float | httpx.Timeout | None' = 60.0, "
    "max_retries: 'int | None' = None, retry_policy: 'RetryPolicy | None' = None, "
)
# Every request's own headers and query parameters (the issue of raw responses and extras),
# then the engine's options and the recording file.
_OPTIONS = (
    "default_headers: 'Headers | None' = None, default_query: 'Query | None' = None, "
    "strict: 'bool | None' = None, "
    "on_deviation: 'Callable[[Deviation], None] | None' = None, "
    "max_response_size: 'int' = 67108864, "
    "record_to: 'str | os.PathLike[str] | None' = None, **unknown: 'Never') -> 'None'"
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


CLIENTS = [getattr(module, name) for module, name in EXPECTED]


@pytest.mark.parametrize("cls", CLIENTS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_help_documents_every_constructor_keyword(cls: type) -> None:
    text = pydoc.plain(pydoc.render_doc(cls))
    keywords = [
        name
        for name, parameter in inspect.signature(cls).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    assert "Initialize self" not in text
    assert {"strict", "on_deviation", "max_response_size", "base_url"} <= set(keywords)
    for name in keywords:
        assert re.search(rf"^[ |]+{name}: \S", text, flags=re.MULTILINE), name


@pytest.mark.parametrize("cls", CLIENTS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_a_mistyped_keyword_is_named_with_a_suggestion_before_credentials(
    cls: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in os.environ:
        if variable.startswith(("FOUNDRY_", "DATAPLATFORM_", "ALIBABA_CLOUD_", "NCP_")):
            monkeypatch.delenv(variable)
    with pytest.raises(TypeError) as caught:
        cls(base_url="http://127.0.0.1:9/x", max_retrys=1)
    message = str(caught.value)
    assert f"{cls.__module__}.{cls.__name__}()" in message
    assert "'max_retrys' (did you mean 'max_retries'?)" in message
    assert "credential" not in message.lower()


def test_a_mistyped_token_is_not_reported_as_a_missing_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FOUNDRY_TOKEN", raising=False)
    with pytest.raises(TypeError, match=r"'tokn' \(did you mean 'token'\?\)"):
        foundry.Client(tokn="x", hostname="stack.example.com")  # type: ignore[arg-type]
