"""A client constructor's keywords turned into a ``Connection``: credentials, URL, defaults.

``connect`` fills each credential the spec declares (``x-modelruns-credentials``) from its
keyword, else its environment variables (``resolve_credentials``), turns them into the request
signer with the provider module's hook, fills the server URL from its variables, and checks the
``default_headers`` and ``default_query`` every request carries (a header the auth or the spec
sets is refused). ``refuse_unknown_keywords`` names a mistyped keyword before any of that.
"""

from __future__ import annotations

import difflib
import inspect
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from modelruns._auth import SecretAuth
from modelruns._exceptions import APIStatusError, MissingCredentialsError
from modelruns._options import Headers, Query
from modelruns._specs import (
    Credential,
    Provider,
    load_spec,
    server_variable_credential,
    spec_credentials,
)

__all__ = [
    "Connection",
    "checked_headers",
    "checked_query",
    "connect",
    "default_base_url",
    "owned_headers",
    "refuse_unknown_keywords",
    "resolve_credentials",
    "without_userinfo",
]


def resolve_credentials(
    client_name: str,
    given: Mapping[str, str | None],
    credentials: Sequence[Credential],
    *,
    any_of: bool = False,
) -> dict[str, str]:
    """Fill each credential from its keyword, else its environment variables.

    A missing one is a ``MissingCredentialsError`` (a ``ValueError``) naming the keyword and
    the variables; with ``any_of``,
    one of them is enough.
    """
    found: dict[str, str] = {}
    missing: list[Credential] = []
    for credential in credentials:
        value = given.get(credential.keyword)
        if not value:
            value = next((os.environ[e] for e in credential.env if os.environ.get(e)), None)
        if value:
            found[credential.keyword] = value
        else:
            missing.append(credential)
    if missing and (not any_of or not found):
        raise MissingCredentialsError(
            client_name, tuple((c.keyword, c.env) for c in missing), any_of=any_of
        )
    return found


def default_base_url(provider: Provider, variables: Mapping[str, str | None]) -> str:
    """The spec's first server URL with its variables filled (given value, else default)."""
    server = load_spec(provider)["servers"][0]
    url: str = server["url"]
    for name, var in server.get("variables", {}).items():
        url = url.replace("{" + name + "}", variables.get(name) or str(var["default"]))
    return url


def refuse_unknown_keywords(client: object, unknown: Mapping[str, object]) -> None:
    """Raise TypeError for keywords a client's constructor does not take, suggesting the nearest.

    Checked before credentials are looked for, so a mistyped ``tokn=`` is named as such rather
    than reported as a missing token.
    """
    if not unknown:
        return
    cls = type(client)
    known = [
        name
        for name, parameter in inspect.signature(cls.__init__).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    problems = []
    for name in sorted(unknown):
        close = difflib.get_close_matches(name, known, n=1)
        problems.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise TypeError(
        f"{cls.__module__}.{cls.__qualname__}() got unexpected keyword argument(s) "
        f"{', '.join(problems)}; it takes: {', '.join(known)}"
    )


def connect(
    provider: Provider,
    make_auth: Callable[[Mapping[str, str]], SecretAuth],
    credentials: Mapping[str, str | None],
    variables: Mapping[str, str | None],
    base_url: str | None,
    *,
    auth: SecretAuth | None = None,
    named_errors: Mapping[str, type[APIStatusError]] | None = None,
    empty_not_found: str | None = None,
    default_headers: Headers | None = None,
    default_query: Query | None = None,
) -> Connection:
    """The ``Connection`` a generated client constructor builds from its keywords.

    ``credentials`` (the spec's ``x-modelruns-credentials`` keywords) are filled from the
    environment and checked, unless a preconfigured ``auth`` is given; ``make_auth``, the
    provider module's one hook, turns them into the request signer. Without ``base_url`` the
    spec's server URL is filled from ``variables``: a server variable with ``x-modelruns-env``
    must be given (keyword or environment, its default being only an example), any other falls
    back to its default. ``default_headers`` and ``default_query`` go with every request, under
    the operation's own parameters; a header the auth sets is refused (``owned_headers``).
    """
    client_name = f"modelruns.{provider}"
    if auth is None:
        declared, any_of = spec_credentials(provider)
        auth = make_auth(resolve_credentials(client_name, credentials, declared, any_of=any_of))
    if not base_url:
        filled: dict[str, str | None] = {}
        for name, value in variables.items():
            needed = server_variable_credential(provider, name)
            filled[name] = (
                resolve_credentials(client_name, {name: value}, (needed,))[name]
                if needed.env
                else value
            )
        base_url = default_base_url(provider, filled)
    owned = owned_headers(provider, auth)
    return Connection(
        provider,
        base_url,
        auth,
        auth.secrets(),
        named_errors=dict(named_errors or {}),
        empty_not_found=empty_not_found,
        default_headers=checked_headers("default_headers", default_headers, owned, auth),
        default_query=checked_query("default_query", default_query),
    )


# Headers the engine itself sets from the spec (PAI's action and version, which are signed).
_SPEC_SET_HEADERS = ("x-acs-action", "x-acs-version")


def owned_headers(provider: Provider, auth: httpx.Auth) -> frozenset[str]:
    """The headers (lower case) a caller may not set: the auth's, and those the spec sets."""
    names = set(auth.header_names()) if isinstance(auth, SecretAuth) else set()
    if load_spec(provider).get("x-acs-version"):
        names.update(_SPEC_SET_HEADERS)
    return frozenset(names)


def checked_headers(
    what: str, headers: Headers | None, owned: frozenset[str], auth: httpx.Auth
) -> dict[str, str]:
    """``headers`` as a dict, or a ``TypeError``/``ValueError`` naming ``what`` and the header.

    A header the client's authentication or the spec sets cannot be overridden: it would be
    overwritten on the wire (or break the signature) without a word, so it is refused here.
    """
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise TypeError(f"{what} must be a mapping of header names to strings")
    found: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            # The value's type only: a header value may be a credential.
            raise TypeError(
                f"{what}: header {name!r} must map a str to a str, got {type(value).__name__}"
            )
        if name.lower() in owned:
            setter = (
                "the spec (x-acs-action, x-acs-version)"
                if name.lower() in _SPEC_SET_HEADERS
                else f"the client's authentication ({type(auth).__name__})"
            )
            raise ValueError(
                f"{what}: the header {name!r} is set by {setter} and cannot be overridden"
            )
        found[name] = value
    return found


def checked_query(what: str, query: Query | None) -> dict[str, Any]:
    """``query`` as a dict, or a ``TypeError`` naming ``what`` and the parameter."""
    if query is None:
        return {}
    if not isinstance(query, Mapping):
        raise TypeError(f"{what} must be a mapping of query parameter names to values")
    for name, value in query.items():
        if not isinstance(name, str):
            raise TypeError(f"{what}: parameter names must be str, got {name!r}")
        values = value if isinstance(value, (list, tuple)) else [value]
        if not all(isinstance(v, (str, int, float)) or v is None for v in values):
            raise TypeError(
                f"{what}: {name!r} must be a str, int, float, bool or a list of them, "
                f"got {type(value).__name__}"
            )
    return dict(query)


@dataclass(frozen=True)
class Connection:
    """The provider-specific part of a client: where it sends requests and how they are signed."""

    provider: Provider
    base_url: str
    auth: httpx.Auth
    #: Values masked out of error messages (tokens, keys).
    secrets: tuple[str, ...]
    #: Query parameters sent with every call that accepts them.
    default_params: Mapping[str, Any] = field(default_factory=dict)
    #: The provider's named errors (``errorName`` -> class), for every operation.
    named_errors: Mapping[str, type[APIStatusError]] = field(default_factory=dict)
    #: What a 404 with an empty body means for this provider (Foundry: not its API's URL).
    empty_not_found: str | None = None
    #: Headers sent with every request (``default_headers=``), under the call's own.
    default_headers: Mapping[str, str] = field(default_factory=dict)
    #: Query parameters sent with every request (``default_query=``), under the call's own.
    default_query: Mapping[str, Any] = field(default_factory=dict)


def without_userinfo(url: str) -> str:
    """``url`` without a ``user:password@`` part: never sent (the provider's auth signs each
    request), it would only show in request URLs and so in httpx's own log lines."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
