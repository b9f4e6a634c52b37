"""The one masking of a request or a response: what an error keeps, a raw response shows and a
recording writes.

``masked_request``/``masked_response`` copy an exchange with every credential masked:
credential headers (``CREDENTIAL_HEADERS``, and those a client's auth sets) keep only their
scheme (``Bearer ***``), or become a fixed ``marker`` (a recording's ``****``); the URL loses
its userinfo and the values of credential query parameters; every known secret, and anything
shaped like a credential, is masked in the other headers, the URL and the body. The engine puts
its client's secrets on each request it sends (``SECRETS_EXTENSION``), so a copy made from that
request or its response masks them, wherever it is made.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import httpx

from modelruns._secrets import CREDENTIAL_HEADERS, CREDENTIAL_PARAMS, mask_bytes, mask_secrets

__all__ = ["SECRETS_EXTENSION", "masked_request", "masked_response", "request_of"]

#: The request extension where the engine puts its client's secrets (``masked_request``).
SECRETS_EXTENSION = "modelruns.secrets"
# Marks a copy made here (masking it again would change nothing).
_MASKED = "modelruns.masked"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_SIGNATURE = re.compile(r"(?i)\bsignature=([^,;\s]+)")
_CREDENTIAL_PARAM = re.compile(r"([?&])([^=&#]*)=([^&#]*)")
# Signing headers whose values are not secret: masked as headers, not searched for in bodies.
_NOT_SECRET = ("-date", "-timestamp", "-nonce", "-sha256")


def _whole(masked_headers: Iterable[str]) -> frozenset[str]:
    """The headers masked whole: the credential headers and ``masked_headers`` (but ``host``)."""
    return CREDENTIAL_HEADERS | ({name.lower() for name in masked_headers} - {"host"})


def _sent_credentials(request: httpx.Request, whole: frozenset[str]) -> list[str]:
    """The credentials on ``request``'s own headers, which a server may echo: each credential
    header's value, the part after its scheme, and any ``Signature=`` in it (ACS3)."""
    found = []
    for name in whole:
        if name.endswith(_NOT_SECRET):
            continue
        for value in request.headers.get_list(name):
            found += [value, value.partition(" ")[2], *_SIGNATURE.findall(value)]
    return [value for value in found if value]


def _known_secrets(
    request: httpx.Request, secrets: Iterable[str], whole: frozenset[str]
) -> tuple[str, ...]:
    known = (
        *secrets,
        *request.extensions.get(SECRETS_EXTENSION, ()),
        *_sent_credentials(request, whole),
    )
    # A secret in a URL may be percent-encoded.
    return tuple({*known, *(quote(s, safe="") for s in known)})


def _masked_headers(
    headers: httpx.Headers, secrets: tuple[str, ...], whole: frozenset[str], marker: str | None
) -> httpx.Headers:
    masked = []
    for raw_name, raw_value in headers.raw:
        value = raw_value.decode("latin-1")
        if raw_name.decode("latin-1").lower() not in whole:
            value = mask_secrets(value, secrets)
        elif marker is not None:
            value = marker
        else:
            scheme, space, rest = value.partition(" ")
            value = f"{scheme} ***" if space and rest and _SCHEME.fullmatch(scheme) else "***"
        masked.append((raw_name, value.encode("latin-1", "replace")))
    return httpx.Headers(masked)


def _masked_url(url: httpx.URL, secrets: tuple[str, ...]) -> httpx.URL:
    def param(match: re.Match[str]) -> str:
        name = match.group(2)
        if name.lower().replace("-", "_") in CREDENTIAL_PARAMS:
            return f"{match.group(1)}{name}=***"
        return match.group(0)

    text = mask_secrets(str(url), secrets)
    text = _CREDENTIAL_PARAM.sub(param, text)
    try:
        return httpx.URL(text)
    except httpx.InvalidURL:  # masking broke it: keep only where it went
        return httpx.URL(scheme=url.scheme, host=url.host, port=url.port, path=url.path)


def masked_request(
    request: httpx.Request,
    secrets: Iterable[str] = (),
    masked_headers: Iterable[str] = (),
    *,
    marker: str | None = None,
) -> httpx.Request:
    """A copy of ``request`` safe to keep on an error, show or record: no credential left in it.

    Credential headers (``CREDENTIAL_HEADERS``, and ``masked_headers``: those a client's auth
    sets, but ``host``) keep only their scheme (``Bearer ***``), or are ``marker`` when one is
    given; the URL loses its userinfo and the values of credential query parameters; every known
    secret (``secrets``, those the engine put in its ``SECRETS_EXTENSION``, the values of the
    request's own credential headers) and anything shaped like one is masked in the other
    headers, the URL and the body. A streamed body is not kept.
    """
    if request.extensions.get(_MASKED):
        return request
    whole = _whole(masked_headers)
    known = _known_secrets(request, secrets, whole)
    try:
        content = request.content
    except httpx.RequestNotRead:  # a streamed body: not kept
        content = b""
    masked = httpx.Request(
        request.method,
        _masked_url(request.url, known),
        content=mask_bytes(content, known),
        extensions={_MASKED: True},
    )
    masked.headers = _masked_headers(request.headers, known, whole, marker)
    return masked


def masked_response(
    response: httpx.Response,
    secrets: Iterable[str] = (),
    masked_headers: Iterable[str] = (),
    *,
    marker: str | None = None,
) -> httpx.Response:
    """A copy of ``response`` (and of its request) with every credential masked, as
    ``masked_request`` masks one: a server that echoes a token keeps none in the copy."""
    if response.extensions.get(_MASKED):
        return response
    masked_headers = tuple(masked_headers)
    whole = _whole(masked_headers)
    request = request_of(response)
    if request is not None:
        known = _known_secrets(request, secrets, whole)
        request = masked_request(request, secrets, masked_headers, marker=marker)
    else:
        known = tuple(secrets)
    try:
        content = response.content
    except httpx.ResponseNotRead:  # a body that could not be read (a broken encoding)
        content = b""
    extensions: dict[str, Any] = {
        key: response.extensions[key]
        for key in ("http_version", "reason_phrase")
        if key in response.extensions
    }
    masked = httpx.Response(
        response.status_code,
        content=mask_bytes(content, known),
        request=request,
        extensions={**extensions, _MASKED: True},
        default_encoding=response.default_encoding,
    )
    # Set after the body is in: the copy's body is already decoded (no Content-Encoding step).
    masked.headers = _masked_headers(response.headers, known, whole, marker)
    with contextlib.suppress(RuntimeError):
        masked.elapsed = response.elapsed
    return masked


def request_of(response: httpx.Response) -> httpx.Request | None:
    """``response``'s request, or ``None`` for a response built without one."""
    try:
        return response.request
    except RuntimeError:
        return None
