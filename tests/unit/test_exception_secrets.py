"""No credential stays on an error: not in its request, its response, nor its pickle.

A server that echoes every header it got (and the token in its body and headers) answers each
provider's client; whatever the error keeps is searched for every credential and signature the
client sent. A password in ``base_url`` shows in no repr and no log line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import pickle
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from modelruns import (
    APIConnectionError,
    APIError,
    APIStatusError,
    ResponseValidationError,
    dataplatform,
    foundry,
    nsml,
    pai,
)
from modelruns._exceptions import masked_request
from modelruns._secrets import CREDENTIAL_HEADERS, mask_bytes
from modelruns._specs import PROVIDERS, Provider, load_spec

RID = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]
RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"

#: Each provider's client, its credentials, and one call that sends a signed request.
CLIENTS: dict[Provider, tuple[Any, dict[str, str], Callable[[Any], Any]]] = {
    "foundry": (
        foundry.Client,
        {"token": "fdry-TOKEN-0123456789", "hostname": "h.example"},
        lambda c: c.launch_model_studio(RID),
    ),
    "dataplatform": (
        dataplatform.Client,
        {"token": "dp-TOKEN-0123456789"},
        lambda c: c.get_model_run(RUN_ID),
    ),
    "pai": (
        pai.Client,
        {"access_key_id": "LTAI-KEYID-0123", "access_key_secret": "pai-SECRET-0123456789"},
        lambda c: c.get_run("run-1"),
    ),
    "nsml": (
        nsml.Client,
        {
            "access_key": "ncp-ACCESS-0123456789",
            "secret_key": "ncp-SECRET-0123456789",
            "api_key": "ncp-APIKEY-0123456789",
        },
        lambda c: list(c.get_run_list(limit=1)),
    ),
}


_IDENTIFIERS = ("hostname", "access_key_id")


def _credentials_sent(request: httpx.Request) -> set[str]:
    """Every credential value on ``request``: its credential headers' values and the
    signature inside an ACS3 ``Authorization``."""
    found = set()
    for name in CREDENTIAL_HEADERS:
        value = request.headers.get(name)
        if value:
            found.add(value.split(" ", 1)[-1])
            found.update(re.findall(r"Signature=(\w+)", value))
    return found


def _echoing(seen: list[httpx.Request], status: int = 401) -> httpx.MockTransport:
    """A server that answers ``status`` and echoes the request's headers and credentials."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        sent = sorted(_credentials_sent(request))
        headers = [("x-echo-credential", value) for value in sent]
        headers += [("set-cookie", f"session={sent[0]}"), ("x-request-id", "req-1")]
        body = {
            "message": "denied",
            "code": "Unauthorized",
            "headers": dict(request.headers),
            "words": " ".join(f"you sent {value}." for value in sent),
        }
        return httpx.Response(status, json=body, headers=headers)

    return httpx.MockTransport(handler)


def _everything_kept(error: APIError) -> list[str]:
    """Every text an error keeps about its exchange, pickle included."""
    kept = [repr(error), str(error), repr(vars(error))]
    for message in (error.request, getattr(error, "response", None)):
        if message is None:
            continue
        kept += [str(message.headers), repr(message.headers.raw), message.content.decode("latin-1")]
        kept.append(str(message.url) if isinstance(message, httpx.Request) else message.text)
    response = getattr(error, "response", None)
    if response is not None:
        kept += [str(response.request.url), repr(response.request.headers.raw)]
    context = error.__context__  # hidden by `raise ... from None`, still reachable
    if isinstance(context, httpx.HTTPError):
        with contextlib.suppress(RuntimeError):  # an httpx error without a request
            kept.append(repr(context.request.headers.raw))  # (str() hides authorization)
    kept.append(pickle.dumps(error).decode("latin-1"))
    return kept


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_status_error_keeps_no_credential_the_client_sent_or_the_server_echoed(
    provider: Provider,
) -> None:
    make, credentials, call = CLIENTS[provider]
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_echoing(seen))
    client = make(**credentials, http_client=http, max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        call(client)
    # A hostname and an access key id are identifiers, not secrets.
    given = {value for key, value in credentials.items() if key not in _IDENTIFIERS}
    secrets = _credentials_sent(seen[-1]) | given
    assert given
    assert secrets
    kept = _everything_kept(caught.value)
    leaks = sorted({secret for secret in secrets for text in kept if secret in text})
    assert leaks == []
    # The masked copies still say what was sent and what came back.
    error = caught.value
    assert error.request is not None
    assert error.request.method == seen[-1].method
    assert error.request.url.path == seen[-1].url.path
    assert error.response.status_code == 401
    assert error.response.headers["x-request-id"] == "req-1"
    assert json.loads(error.response.content)["message"] == "denied"


def test_a_bearer_header_keeps_its_scheme_and_loses_its_token() -> None:
    make, credentials, call = CLIENTS["dataplatform"]
    client = make(**credentials, http_client=httpx.Client(transport=_echoing([])), max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        call(client)
    assert caught.value.request is not None
    assert caught.value.request.headers["authorization"] == "Bearer ***"
    assert caught.value.response.headers["set-cookie"] == "***"


def test_a_transport_error_keeps_a_masked_request() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    token = "dp-TOKEN-0123456789"
    http = httpx.Client(transport=httpx.MockTransport(refuse))
    client = dataplatform.Client(token=token, base_url="http://x/v1", http_client=http)
    with pytest.raises(APIConnectionError) as caught:
        client.get_model_run(RUN_ID, max_retries=0)
    assert [text for text in _everything_kept(caught.value) if token in text] == []


def test_a_2xx_body_that_echoes_the_token_is_masked_on_the_validation_error() -> None:
    token = "dp-TOKEN-0123456789"

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": "not-a-run", "echo": token})

    http = httpx.Client(transport=httpx.MockTransport(echo))
    client = dataplatform.Client(token=token, base_url="http://x/v1", http_client=http, strict=True)
    with pytest.raises(ResponseValidationError) as caught:
        client.get_model_run(RUN_ID)
    assert [text for text in _everything_kept(caught.value) if token in text] == []
    assert caught.value.response is not None
    assert b'"echo":"***"' in caught.value.response.content.replace(b" ", b"")


def test_credential_query_parameters_and_known_secrets_in_the_url_are_masked() -> None:
    secret = "a/secret+value=="
    request = httpx.Request(
        "GET",
        "http://user:hunter2pw@h.example/v1/runs",
        params={"token": "abc", "page_token": "keep-me", "q": secret, "API-Key": "k1"},
    )
    url = str(masked_request(request, (secret,)).url)
    assert "hunter2pw" not in url
    assert "user" not in url
    assert "token=***" in url
    assert "API-Key=***" in url
    assert "page_token=keep-me" in url  # a page token is no credential
    assert "secret" not in url


def test_a_password_in_base_url_shows_in_no_repr_and_no_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_echoing(seen, status=404))
    base_url = "http://someone:hunter2pw@h.example/v1"
    client = dataplatform.Client(token="dp-TOKEN-0123456789", base_url=base_url, http_client=http)
    assert "hunter2pw" not in repr(client)
    assert "someone" not in repr(client)
    assert "h.example/v1" in repr(client)
    with caplog.at_level(logging.DEBUG), pytest.raises(APIStatusError) as caught:
        client.get_model_run(RUN_ID, max_retries=1)
    lines = [record.getMessage() for record in caplog.records]
    assert any("h.example" in line for line in lines)  # the request was logged
    assert [line for line in lines if "hunter2pw" in line or "someone" in line] == []
    assert "hunter2pw" not in str(seen[-1].url)  # never sent: the auth signs the request
    assert [text for text in _everything_kept(caught.value) if "hunter2pw" in text] == []


def test_a_body_is_masked_as_bytes_without_a_copy_when_nothing_is_found() -> None:
    secret = "SECRETtok123"
    clean = b'{"ok": true, "\xff\xfe": "caf\xc3\xa9"}' * 1000
    assert mask_bytes(clean, (secret,)) is clean
    echoed = b"\xff before " + secret.encode() + b" Bearer abc.def-123 after \xc3\xa9"
    assert mask_bytes(echoed, (secret,)) == b"\xff before *** Bearer *** after \xc3\xa9"
