"""A call's request built: arguments checked, the spec's kwargs, the client's defaults, extras.

``RequestShape`` holds what every request of a client carries (base URL, default headers and
query, fixed parameters, PAI's action and version) and builds each request with the generated
``_get_kwargs``: the client's defaults under the operation's own parameters, the call's
``extra_*`` over them, all before the auth signs. It also builds the request a same-origin
redirect leads to, without the credentials (the auth signs it again).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from modelruns._connect import checked_headers, checked_query
from modelruns._exceptions import SECRETS_EXTENSION, APIConnectionError, mask_secrets
from modelruns._operations import Operation
from modelruns._options import Body, Headers, Query
from modelruns._params import MAX_URL_LENGTH, check_arguments, unencodable
from modelruns._secrets import CREDENTIAL_HEADERS

__all__ = ["AUTH_HEADERS", "RequestShape", "redirect_target", "redirected"]

#: Headers that carry credentials or sign the request; never copied onto a followed redirect
#: (the auth re-signs).
AUTH_HEADERS = CREDENTIAL_HEADERS | frozenset(
    {"x-ncp-apigw-timestamp", "x-acs-signature-nonce", "x-acs-date", "x-acs-content-sha256"}
)


def _longest(given: Mapping[str, Any]) -> str:
    """``"; the longest argument is NAME (N characters)"`` among ``given``'s strings, or ``""``."""
    texts = {name: value for name, value in given.items() if isinstance(value, str)}
    if not texts:
        return ""
    name = max(texts, key=lambda key: len(texts[key]))
    return f"; the longest argument is {name} ({len(texts[name])} characters)"


@dataclass(frozen=True)
class RequestShape:
    """What every request of one client carries, and how a call's request is built from it."""

    base_url: str
    auth: httpx.Auth
    secrets: tuple[str, ...]
    #: Query parameters sent with every call that accepts them (``Connection.default_params``).
    default_params: Mapping[str, Any]
    default_headers: Mapping[str, str]
    default_query: Mapping[str, Any]
    #: The headers (lower case) a caller may not set (``owned_headers``).
    owned_headers: frozenset[str]
    #: PAI's API version (the spec's ``x-acs-version``), sent with each operation's action.
    acs_version: Any = None

    def call_kwargs(
        self,
        op: Operation[Any],
        *args: Any,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        **params: Any,
    ) -> dict[str, Any]:
        """A call's arguments checked against the spec, as the generated request ``kwargs``."""
        accepted = inspect.signature(op.module._get_kwargs).parameters
        for key, value in {**self.default_params, **op.fixed_params}.items():
            if key in accepted and params.get(key) is None:
                params[key] = value
        args, params = check_arguments(op.provider, op.operation_id, op.module, args, params)
        kwargs = op.get_kwargs(*args, **params)
        kwargs = self._with_extras(kwargs, extra_headers, extra_query, extra_body)
        problem = self.unsendable(kwargs)
        if problem is not None:
            given = {**dict(zip(accepted, args, strict=False)), **params}
            method = op.module.__name__.rsplit(".", 1)[-1]
            raise ValueError(f"{method}(): {problem}{_longest(given)}")
        return kwargs

    def _with_extras(
        self,
        kwargs: dict[str, Any],
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: Body | None,
    ) -> dict[str, Any]:
        """The generated request ``kwargs`` with the call's extras merged after the spec's own.

        They are in the request before it is signed, so the signature covers them.
        """
        headers = checked_headers("extra_headers", extra_headers, self.owned_headers, self.auth)
        if headers:
            kwargs["headers"] = {**(kwargs.get("headers") or {}), **headers}
        query = checked_query("extra_query", extra_query)
        if query:
            kwargs["params"] = {**(kwargs.get("params") or {}), **query}
        if extra_body is not None:
            if not isinstance(extra_body, Mapping):
                raise TypeError(
                    f"extra_body must be a mapping of JSON fields, got {type(extra_body).__name__}"
                )
            body = kwargs.get("json")
            if body is not None and not isinstance(body, Mapping):
                raise TypeError("extra_body: this operation's body is not a JSON object")
            kwargs["json"] = {**(body or {}), **extra_body}
        return kwargs

    def unsendable(self, kwargs: Mapping[str, Any]) -> str | None:
        """Why the request ``kwargs`` describe cannot be sent, or ``None``: it can.

        The URL (base URL and path, percent-encoded) and its query each hold at most
        ``MAX_URL_LENGTH`` characters, and every query value must encode as UTF-8. Cheap: the
        query is encoded only when its values are long enough to overflow.
        """
        length = len(self.base_url) + len(kwargs["url"])
        if length > MAX_URL_LENGTH:
            return (
                f"the request's URL would be {length} characters long, "
                f"more than the {MAX_URL_LENGTH} a URL holds"
            )
        query = kwargs.get("params") or {}
        for name, value in query.items():
            problem = unencodable(value) if isinstance(value, str) else None
            if problem is not None:
                return f"query parameter {name} {problem}"
        rough = sum(len(str(name)) + len(str(value)) + 2 for name, value in query.items())
        if rough * 12 > MAX_URL_LENGTH:  # at most 12 characters per character, percent-encoded
            length = len(str(httpx.QueryParams(query)))
            if length > MAX_URL_LENGTH:
                return (
                    f"the request's query would be {length} characters long, "
                    f"more than the {MAX_URL_LENGTH} a URL holds"
                )
        return None

    def build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        timeout: Any,
        extensions: Mapping[str, Any] | None = None,
    ) -> httpx.Request:
        """The request ``kwargs`` describe, on ``http`` (its cookies and defaults), unsigned."""
        # The client's defaults first: the operation's own parameters and the call's extras win.
        headers = {**self.default_headers, **(kwargs.get("headers") or {})}
        if op.acs_action:
            headers["x-acs-action"] = op.acs_action
            headers["x-acs-version"] = str(self.acs_version)
        params = {**self.default_query, **(kwargs.get("params") or {})}
        try:
            return http.build_request(
                kwargs["method"],
                self.base_url + kwargs["url"],
                params=params or None,
                json=kwargs.get("json"),
                content=kwargs.get("content"),
                data=kwargs.get("data"),
                files=kwargs.get("files"),
                headers=headers,
                timeout=timeout,
                # Every error built from this request or its answer masks the client's secrets.
                extensions={**(extensions or {}), SECRETS_EXTENSION: self.secrets},
            )
        except (httpx.InvalidURL, UnicodeError, ValueError) as error:
            # Arguments are checked before (ValueError naming them) and a walk's tokens as they
            # come (PaginationError): whatever still cannot be built is sent nowhere, as ours.
            shown = mask_secrets(f"{type(error).__name__}: {error}", self.secrets)
            raise APIConnectionError(
                f"{op.operation_id}: the request cannot be built: {shown}"
            ) from None


def redirect_target(
    request: httpx.Request, response: httpx.Response, *, follows: bool
) -> httpx.URL | None:
    """Where to follow a 3xx, or ``None``: only same-origin, and only if the caller asked.

    Credentials (bearer tokens, ``X-API-Key``, NCP and ACS signature headers) must never
    reach another origin, whatever the ``httpx`` client's own ``follow_redirects`` says, so
    a redirect to another scheme, host or port is never followed: it is the 3xx error.
    """
    if not (response.is_redirect and follows):
        return None
    target = request.url.join(response.headers["location"])
    same = (target.scheme, target.host, target.port) == (
        request.url.scheme,
        request.url.host,
        request.url.port,
    )
    return target if same else None


def redirected(
    http: httpx.Client | httpx.AsyncClient,
    request: httpx.Request,
    target: httpx.URL,
    status: int,
) -> httpx.Request:
    """The request a followed redirect sends, without the credentials (the auth signs again)."""
    # As httpx does: 303 (and 301/302 after a POST) becomes a GET without a body.
    method = request.method
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        method = "GET"
    headers = {k: v for k, v in request.headers.items() if k.lower() not in AUTH_HEADERS}
    content = request.content if method == request.method else None
    if content is None:
        headers = {
            k: v for k, v in headers.items() if k.lower() not in ("content-length", "content-type")
        }
    return http.build_request(
        method, target, headers=headers, content=content, extensions=request.extensions
    )
