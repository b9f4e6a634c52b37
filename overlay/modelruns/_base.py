"""The one request engine behind every provider's ``Client`` and ``AsyncClient``.

The generated facades declare the operations (``operation(provider, generated_module)``) and
the constructors (``connect``); a provider module adds only its auth hook. Everything else is
read from the spec: base URL, success status, response model, pagination styles, ``x-acs-*``
headers, named errors. Requests are built by the generated
module's ``_get_kwargs``; 2xx bodies are checked against the spec schema and decoded with the
generated model's ``from_dict``; everything else becomes an exception from ``_exceptions``.

Every call is bounded: ``timeout`` bounds the whole call (every attempt, every wait between
attempts and every byte of the body), ``max_response_size`` bounds the body and what it decodes
to, and whatever the server sends ends as a modelruns ``APIError``; a connection whose answer
broke HTTP framing is never reused. Responses are decoded leniently unless the client
is ``strict`` (see ``ClientOptions``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import difflib
import heapq
import importlib
import inspect
import itertools
import os
import re
import socket
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType, TracebackType
from typing import Any, ClassVar, Generic, Self, TypedDict, TypeVar, overload
from urllib.parse import urlsplit, urlunsplit

import attrs
import httpx

from modelruns._auth import SecretAuth
from modelruns._decode import (
    Decoder,
    Deviations,
    TolerantDecoder,
    compile_decoder,
    compile_tolerant,
    decode_fast_or_tolerant,
    gc_paused,
    loads,
)
from modelruns._exceptions import (
    SECRETS_EXTENSION,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    MissingCredentialsError,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    mask_secrets,
    masked_request,
    status_error_from_response,
)
from modelruns._log import LOGGER
from modelruns._names import snake_case, squash
from modelruns._params import MAX_URL_LENGTH, check_arguments, unencodable
from modelruns._record import recorder_for
from modelruns._response import RawResponse, request_id_from
from modelruns._retry import RetryPolicy
from modelruns._secrets import CREDENTIAL_HEADERS
from modelruns._specs import (
    IDEMPOTENT_METHODS,
    Credential,
    Provider,
    find_operation,
    load_spec,
    request_id_places,
    resolve,
    server_variable_credential,
    spec_credentials,
)
from modelruns._validation import Check, InvalidBodyError, compile_schema

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "PEAK_MEMORY_MULTIPLE",
    "AsyncAPIClient",
    "Body",
    "Cancellation",
    "ClientOptions",
    "Connection",
    "Credential",
    "Deviation",
    "Headers",
    "NotGiven",
    "Operation",
    "PaginationStyle",
    "Query",
    "RawResponse",
    "SyncAPIClient",
    "Timeout",
    "connect",
    "operation",
    "request_body",
    "server_variable_credential",
    "spec_credentials",
]

DEFAULT_TIMEOUT = 60.0
#: Largest response body a client reads by default (bytes, after decompression).
DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
#: A call's peak memory is at most this many times ``max(max_response_size, 1 MiB)``: bytes are
#: bounded by the size limit, and what they decode to by the two rules below (what Python
#: makes of a JSON value costs up to about 72 bytes: an empty object and its slot in a list).
PEAK_MEMORY_MULTIPLE = 8
#: A 2xx body holds at most one JSON value (or object key) per this many bytes of the limit
#: (real pages hold one per 9 to 20 bytes, so one of half the limit passes).
_BYTES_PER_JSON_VALUE = 16
#: An error body is kept (and decoded) up to this fraction of the limit, at least 64 KiB; the
#: rest is read and dropped (an error's own handling copies its body, three times over).
_ERROR_BODY_FRACTION = 16
_ERROR_BODY_FLOOR = 64 * 1024
# Same-origin redirects followed at most (when the caller's httpx client follows redirects).
_MAX_REDIRECTS = 5
# Distinct (operation, path) deviations remembered per client, so each is reported once.
_DEVIATION_MEMORY = 4096
_DECLINED = (LookupError, TypeError, ValueError, AttributeError)


class NotGiven:
    """Marks a per-call override that was not given (``None`` means "no timeout")."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

#: A per-call ``timeout=`` override: seconds, an ``httpx.Timeout``, ``None`` (no timeout) or not
#: given (the client's own).
Timeout = float | httpx.Timeout | None | NotGiven
#: ``default_headers`` / ``extra_headers``: header names to values, sent as given.
Headers = Mapping[str, str]
#: ``default_query`` / ``extra_query``: query parameters (wire names) to values.
Query = Mapping[str, Any]
#: ``extra_body``: JSON fields merged into the top level of the request body.
Body = Mapping[str, Any]


@dataclass(frozen=True)
class PaginationStyle:
    """One entry of an operation's ``x-modelruns-pagination`` (wire names, as in the spec)."""

    style: str
    items: str
    request_token: str | None = None
    response_token: str | None = None
    page_size: str | None = None
    end: Any = None
    page: str | None = None
    total: str | None = None
    first_page: int = 1
    #: The parameter that counts the items to skip (``offset`` style).
    offset: str | None = None
    #: Where the paging parameters travel: ``query`` or ``body`` (the spec's ``in``).
    location: str = "query"

    @classmethod
    def from_spec(cls, entry: Mapping[str, Any]) -> PaginationStyle:
        """Read one spec entry; an unknown style is an error here, not a silent loop later."""
        style = entry.get("style")
        if style not in ("token", "integer-token", "page-number", "single-page", "offset"):
            raise ValueError(f"unknown x-modelruns-pagination style {style!r}")
        location = str(entry.get("in", "query"))
        if location not in ("query", "body"):
            raise ValueError(
                f"x-modelruns-pagination: 'in' must be query or body, got {location!r}"
            )
        known = {f for f in cls.__dataclass_fields__ if f not in ("first_page", "location")}
        values = {k.replace("-", "_"): v for k, v in entry.items() if k in known}
        return cls(first_page=int(entry.get("first_page", 1)), location=location, **values)

    def request_names(self) -> tuple[str, ...]:
        """The request parameters this style drives."""
        names = (self.request_token, self.page, self.page_size, self.offset)
        return tuple(n for n in names if n)


ModelT = TypeVar("ModelT")
T = TypeVar("T")


@dataclass(frozen=True)
class Operation(Generic[ModelT]):
    """An API operation: its generated module plus the facts the spec states about it.

    Generic in the model its 2xx body decodes to, so a call through it is typed by it.
    """

    provider: Provider
    operation_id: str
    module: ModuleType
    method: str
    success_statuses: frozenset[int]
    response_model: Any
    check: Check
    idempotent: bool
    acs_action: str | None
    pagination: tuple[PaginationStyle, ...]
    named_errors: Mapping[str, type[APIStatusError]] = field(default_factory=dict)
    decoder: Decoder | None = None
    tolerant: TolerantDecoder | None = None
    #: Parameters the client always sends with their spec ``const`` (``x-modelruns-fixed``).
    fixed_params: Mapping[str, Any] = field(default_factory=dict)
    #: The media type of a binary 2xx body (returned as ``bytes``), or ``None`` for JSON.
    binary: str | None = None
    #: 2xx statuses the spec gives no body (a ``None`` answer, as Foundry's 204).
    empty_statuses: frozenset[int] = frozenset()

    def bodiless(self, response: httpx.Response) -> tuple[Any, Any] | None:
        """``(answer, None)`` for a 2xx that carries no JSON to decode, else ``None``.

        A status the spec gives no body answers ``None``; a binary operation answers the
        body's bytes as they came.
        """
        if response.status_code in self.empty_statuses:
            return None, None
        if self.binary is not None:
            return response.content, None
        return None

    def get_kwargs(self, *args: Any, **params: Any) -> dict[str, Any]:
        """The generated ``_get_kwargs`` (path, query, body encoding), dropping ``None``s."""
        given = {key: value for key, value in params.items() if value is not None}
        kwargs: dict[str, Any] = self.module._get_kwargs(*args, **given)
        return kwargs

    def _decode_raw(self, raw: Any) -> Any:
        # The compiled decoder checks and builds in one pass; without one, check then from_dict.
        if self.decoder is not None:
            return self.decoder(raw)
        self.check(raw)
        return self.response_model.from_dict(raw)

    def parse(self, response: httpx.Response) -> Any:
        """The 2xx body as JSON (not yet checked against the spec)."""
        try:
            with gc_paused():
                return loads(response.content)
        except ValueError as error:
            raise ResponseValidationError(
                f"{self.operation_id}: the 2xx body is not JSON ({error})", response=response
            ) from None
        except RecursionError:
            raise ResponseValidationError(
                f"{self.operation_id}: the 2xx body is nested too deeply to decode",
                response=response,
            ) from None

    def build(
        self,
        raw: Any,
        response: httpx.Response,
        report: Callable[[Operation[Any], Deviations], None] | None = None,
        *,
        strict: bool = False,
    ) -> Any:
        """Check the parsed body ``raw`` against the spec and decode it into the model.

        With ``report``, deviations that leave the structure whole (an unknown enum value, a
        null optional field, a broken format, maxLength or pattern) are tolerated and handed
        to it; without, the first one raises ``ResponseValidationError``. ``strict`` checks
        every body the thorough way (a strict client); otherwise a valid body takes the fast
        route, which declines any deviation to the thorough one.
        """
        found: Deviations = []
        try:
            with gc_paused():
                model = decode_fast_or_tolerant(
                    raw, found, self.decoder, self.tolerant, self._decode_raw, strict=strict
                )
        except InvalidBodyError as error:
            raise ResponseValidationError(
                f"{self.operation_id}: {error.path}: {error.problem}",
                path=error.path,
                response=response,
            ) from None
        except RecursionError:
            raise ResponseValidationError(
                f"{self.operation_id}: the body is nested too deeply to decode", response=response
            ) from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ResponseValidationError(
                f"{self.operation_id}: the body does not decode: {type(error).__name__}: {error}",
                response=response,
            ) from None
        if found:
            if report is None:
                path, _kind, detail = found[0]
                raise ResponseValidationError(
                    f"{self.operation_id}: {path}: {detail} (strict)", path=path, response=response
                )
            report(self, found)
        return model

    def decode(self, response: httpx.Response) -> tuple[Any, Any]:
        """Check and decode a 2xx body, any deviation raising: ``(model, raw JSON)``."""
        bodiless = self.bodiless(response)
        if bodiless is not None:
            return bodiless
        with gc_paused():  # one pause for both steps (see gc_paused)
            raw = self.parse(response)
            return self.build(raw, response), raw


@overload
def operation(
    provider: Provider,
    module: ModuleType,
    model: type[ModelT],
    *,
    named_errors: Mapping[str, type[APIStatusError]] | None = None,
) -> Operation[ModelT]: ...


@overload
def operation(
    provider: Provider,
    module: ModuleType,
    model: None = None,
    *,
    named_errors: Mapping[str, type[APIStatusError]] | None = None,
) -> Operation[Any]: ...


def operation(
    provider: Provider,
    module: ModuleType,
    model: type[Any] | None = None,
    *,
    named_errors: Mapping[str, type[APIStatusError]] | None = None,
) -> Operation[Any]:
    """Describe the generated ``module``'s operation from the provider's spec.

    ``model``, when given, is the class the 2xx body decodes to (it types the calls); it must
    be the spec's, or this is a ``TypeError`` (a facade older than its spec). Whether a lost
    answer may be retried is the spec's ``x-modelruns-idempotent``; an operation without it
    falls back to the HTTP method's rule.
    """
    spec = load_spec(provider)
    # The generator names an operation's module after its operationId, snake_cased.
    found = find_operation(spec, module.__name__.rsplit(".", 1)[-1], key=snake_case)
    op, path_item, method = found.operation, found.path_item, found.method
    idempotent = op.get("x-modelruns-idempotent")
    statuses = sorted(int(code) for code in op["responses"] if str(code).startswith("2"))
    success = resolve(spec, op["responses"][str(statuses[0])])
    empty = frozenset(
        code
        for code in statuses[1:]
        if not resolve(spec, op["responses"][str(code)]).get("content")
    )
    content = success["content"]
    binary = binary_media(spec, content)
    # A binary answer is a JSON schema of no object: its bytes are the answer (a string).
    schema = content["application/json"]["schema"] if binary is None else {"type": "string"}
    model_name = schema["$ref"].rsplit("/", 1)[-1] if binary is None else "bytes"
    package = importlib.import_module(module.__name__.split(".", 1)[0] + ".models")
    model_cls = getattr(package, model_name) if binary is None else bytes
    if model is not None and model is not model_cls:
        raise TypeError(
            f"{found.operation_id} answers {model_name}, not {model.__name__}: run `make generate`"
        )
    components = spec.get("components", {})
    check = compile_schema(schema, components)
    accepted = {squash(name): name for name in inspect.signature(module._get_kwargs).parameters}
    fixed = {}
    for entry in [*path_item.get("parameters", []), *op.get("parameters", [])]:
        parameter = resolve(spec, entry)
        if parameter.get("x-modelruns-fixed"):
            keyword = accepted.get(squash(parameter["name"]))
            if keyword is not None:
                fixed[keyword] = resolve(spec, parameter["schema"])["const"]
    return Operation(
        provider=provider,
        operation_id=found.operation_id,
        module=module,
        method=method,
        success_statuses=frozenset(statuses),
        response_model=model_cls,
        check=check,
        decoder=None if binary else compile_decoder(schema, components, model_cls, check),
        tolerant=None if binary else compile_tolerant(schema, components, model_cls),
        idempotent=method in IDEMPOTENT_METHODS if idempotent is None else bool(idempotent),
        acs_action=op.get("x-acs-action"),
        pagination=tuple(
            PaginationStyle.from_spec(e) for e in op.get("x-modelruns-pagination", ())
        ),
        named_errors=dict(named_errors or {}),
        fixed_params=fixed,
        binary=binary,
        empty_statuses=empty,
    )


def binary_media(spec: Mapping[str, Any], content: Mapping[str, Any]) -> str | None:
    """The media type of a response ``content`` whose schema is binary (none is JSON), if any."""
    if "application/json" in content:
        return None
    for media, entry in content.items():
        schema = resolve(spec, (entry or {}).get("schema") or {})
        if schema.get("type") == "string" and schema.get("format") == "binary":
            return str(media)
    return None


def attribute_for(model_cls: Any, wire_name: str) -> str:
    """The attrs attribute of ``model_cls`` that holds JSON key ``wire_name``."""
    for name in model_cls.__attrs_attrs__:
        if squash(name.name) == squash(wire_name):
            return str(name.name)
    raise LookupError(f"{model_cls.__name__} has no attribute for {wire_name!r}")


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


def request_body(
    method: str, model: type[Any], body: Any, fields: Mapping[str, Any], *, required: bool
) -> Any:
    """A request model, given whole (``body``) or built from its fields given as keywords.

    ``None`` means "not given". A field the model requires must be given when it is built from
    keywords; without either, an optional body is left out.
    """
    given = {key: value for key, value in fields.items() if value is not None}
    if body is not None:
        if given:
            raise TypeError(f"pass either a {model.__name__} or keyword fields, not both")
        return body
    if not given and not required:
        return None
    needed = [a.name for a in model.__attrs_attrs__ if a.default is attrs.NOTHING]
    missing = [name for name in needed if name not in given]
    if missing:
        names = ", ".join(f"{name}=" for name in missing)
        raise TypeError(f"{method}() needs {names} (or a {model.__name__})")
    for name, value in given.items():
        item_model = _list_item_model(model, name)
        if item_model is not None:
            given[name] = _list_of(method, name, item_model, value)
            continue
        field_models = _field_models(model, name)
        if field_models and isinstance(value, Mapping):
            given[name] = _model_of_any(f"{method}(): {name}", field_models, value)
    return model(**given)


def _field_models(model: type[Any], attribute: str) -> list[type[Any]]:
    """The generated models an attribute of ``model`` holds (one, or a union's), else none."""
    field_ = attrs.fields_dict(model).get(attribute)
    annotation = field_.type if field_ is not None else None
    if not isinstance(annotation, str):
        return []
    names = [n.strip() for n in annotation.removesuffix(" | Unset").split("|")]
    found = [_generated_model(model, n) if n.isidentifier() else None for n in names]
    return [m for m in found if m is not None] if all(found) else []


def _model_of_any(where: str, models: Sequence[type[Any]], item: Mapping[str, Any]) -> Any:
    """A dict as the first of ``models`` it is (a union's variants tell themselves apart)."""
    problems = []
    for candidate in models:
        try:
            return _model_of(where, candidate, item)
        except ValueError as error:
            problems.append(str(error))
    if len(models) == 1:
        raise ValueError(problems[0])
    names = ", ".join(m.__name__ for m in models)
    raise ValueError(f"{where} is none of {names} (a dict takes the JSON keys the spec names)")


def _model_of(where: str, item_model: type[Any], item: Mapping[str, Any]) -> Any:
    """A dict with the JSON keys of ``item_model``, as that model (unknown keys refused)."""
    try:
        built = item_model.from_dict(item)
    except KeyError as error:
        raise ValueError(f"{where} is missing the key {error.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"{where} is not a {item_model.__name__}: {error}") from None
    unknown = sorted(getattr(built, "additional_properties", {}) or {})
    if unknown:
        raise ValueError(
            f"{where} has keys that {item_model.__name__} does not have: {unknown} "
            "(a dict takes the JSON keys the spec names)"
        )
    return built


_LIST_OF_MODEL = re.compile(r"\blist\[(\w+)\]")


def _list_item_model(model: type[Any], attribute: str) -> type[Any] | None:
    """The generated model a list attribute of ``model`` holds, if its items are models."""
    field_ = attrs.fields_dict(model).get(attribute)
    annotation = field_.type if field_ is not None else None
    match = _LIST_OF_MODEL.search(annotation) if isinstance(annotation, str) else None
    return None if match is None else _generated_model(model, match.group(1))


def _generated_model(model: type[Any], name: str) -> type[Any] | None:
    """The generated model class ``name`` of ``model``'s package, if there is one."""
    # The generated package's ``models`` module exports every model by its class name.
    package = importlib.import_module(model.__module__.rsplit(".", 1)[0])
    found: Any = getattr(package, name, None)
    is_model = isinstance(found, type) and attrs.has(found) and hasattr(found, "from_dict")
    return found if is_model else None


def _list_of(method: str, name: str, item_model: type[Any], value: Any) -> list[Any]:
    """A list argument as models: each item given as the model or as a dict of its JSON keys."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise TypeError(
            f"{method}(): {name} must be a list of {item_model.__name__} or dicts, "
            f"got {type(value).__name__}"
        )
    items = []
    for index, item in enumerate(value):
        where = f"{method}(): {name}[{index}]"
        if isinstance(item, item_model):
            items.append(item)
            continue
        if not isinstance(item, Mapping):
            raise TypeError(
                f"{where} must be a {item_model.__name__} or a dict, got {type(item).__name__}"
            )
        items.append(_model_of(where, item_model, item))
    return items


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


@dataclass(frozen=True)
class Deviation:
    """A response that broke the spec in a way the lenient decoding tolerated.

    ``path`` is the JSON path with array indexes as ``[*]`` (``$.data[*].buildStatus``): each
    ``(operation, path)`` is reported once per client. ``kind`` is ``enum`` (a value the spec
    does not list), ``null`` (null in an optional field), ``format`` (a uuid or date-time that
    does not parse) or ``string`` (longer than ``maxLength``, or not matching its ``pattern``);
    ``detail`` says what was seen (secrets masked), ``example_path`` where it was first seen.
    """

    provider: Provider
    operation: str
    path: str
    kind: str
    detail: str
    example_path: str


class ClientOptions(TypedDict, total=False):
    """Keyword options every provider's ``Client`` and ``AsyncClient`` accept.

    - ``strict``: raise ``ResponseValidationError`` on any deviation from the spec instead of
      tolerating it (default: ``MODELRUNS_STRICT=1`` in the environment, else ``False``).
    - ``on_deviation``: called with each ``Deviation`` tolerated (once per operation and JSON
      path), besides the WARNING on the ``modelruns`` logger. An exception it raises does not
      fail the call (as with a ``logging`` handler): it is logged at ERROR on the ``modelruns``
      logger, with its traceback, and decoding goes on.
    - ``max_response_size``: the largest body read, in bytes after decompression (default
      ``DEFAULT_MAX_RESPONSE_SIZE``, 64 MiB); a larger one is a ``ResponseTooLargeError``, and
      so is a 2xx body holding more than one JSON value per 16 bytes of it; an error body is
      kept up to a sixteenth of it (at least 64 KiB). A call's peak memory is then at most
      ``PEAK_MEMORY_MULTIPLE`` (8) times it (or 8 MiB, for a limit under 1 MiB).
    - ``record_to``: a file that every exchange and tolerated deviation is recorded to as HAR
      1.2, credentials masked (default: ``MODELRUNS_RECORD`` in the environment, else none;
      see ``modelruns._record``).
    """

    strict: bool | None
    on_deviation: Callable[[Deviation], None] | None
    max_response_size: int
    record_to: str | os.PathLike[str] | None


_INDEX = re.compile(r"\[\d+\]")


def _strict_from_environment() -> bool:
    value = os.environ.get("MODELRUNS_STRICT", "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"MODELRUNS_STRICT must be 1 or 0 (true/false), got {value!r}")


def _forget_credentials(error: BaseException) -> None:
    """Mask the request an httpx error holds: it becomes the context of the error raised for
    it (``raise ... from None`` hides it from tracebacks, not from ``__context__``)."""
    if isinstance(error, httpx.HTTPError):
        with contextlib.suppress(RuntimeError):  # an error without a request
            error.request = masked_request(error.request)


def _without_userinfo(url: str) -> str:
    """``url`` without a ``user:password@`` part: never sent (the provider's auth signs each
    request), it would only show in request URLs and so in httpx's own log lines."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _total_seconds(timeout: float | httpx.Timeout | None) -> float | None:
    """The whole-call budget a ``timeout`` gives: seconds, or an httpx.Timeout's largest phase."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        phases = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
        return max(phases) if phases else None
    return float(timeout)


class _Deadline:
    """The end of a call's time budget (``None``: unbounded), on the monotonic clock."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds
        self.passed = False
        #: The network stream of the attempt in progress (httpcore's), once known.
        self.stream: Any = None
        #: Finds the stream of a pooled connection the attempt reuses (sync, see ``watch``).
        self.lookup: Callable[[], Any] | None = None
        #: Ends the call's attempts at once when its walk is abandoned (see ``Cancellation``).
        self.cancellation: Cancellation | None = None

    def remaining(self) -> float | None:
        if self.at is None:
            return None
        return max(self.at - time.monotonic(), 0.0)

    def expired(self) -> bool:
        self.passed = self.passed or (self.at is not None and time.monotonic() >= self.at)
        return self.passed

    def cap(self, timeout: Any) -> Any:
        """``timeout`` (as an httpx.Timeout) with no phase longer than the time left."""
        left = self.remaining()
        if left is None:
            return timeout
        base = httpx.Timeout(timeout) if timeout is not None else httpx.Timeout(None)
        left = max(left, 0.001)

        def capped(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=capped(base.connect),
            read=capped(base.read),
            write=capped(base.write),
            pool=capped(base.pool),
        )

    def watch(self, request: httpx.Request, http: httpx.Client) -> None:
        """Learn which connection serves ``request``, so ``cut`` can end it (sync calls).

        A connection the attempt opens is named by httpcore's trace when it connects. One taken
        from the pool opens nothing: ``cut`` then looks it up in ``http``'s pool (see
        ``_pooled_stream``), and once the answer's head is in, its response names it too.
        """
        previous = request.extensions.get("trace")
        previous = getattr(previous, "_modelruns_inner", previous)

        def trace(name: str, info: Mapping[str, Any]) -> None:
            self._traced(name, info)
            if previous is not None:
                previous(name, info)

        trace._modelruns_inner = previous  # type: ignore[attr-defined]
        request.extensions["trace"] = trace
        self.lookup = lambda: _pooled_stream(http, request, trace)

    def watch_async(self, request: httpx.Request, http: httpx.AsyncClient) -> None:
        """``watch`` for an async call (httpcore awaits an async call's trace)."""
        previous = request.extensions.get("trace")
        previous = getattr(previous, "_modelruns_inner", previous)

        async def trace(name: str, info: Mapping[str, Any]) -> None:
            self._traced(name, info)
            if previous is not None:
                await previous(name, info)

        trace._modelruns_inner = previous  # type: ignore[attr-defined]
        request.extensions["trace"] = trace
        self.lookup = lambda: _pooled_stream(http, request, trace)  # type: ignore[arg-type]

    def _traced(self, name: str, info: Mapping[str, Any]) -> None:
        if name.endswith(("connect_tcp.complete", "start_tls.complete")):
            self.stream = info.get("return_value") or self.stream
        if self.passed and name.endswith(("connect_tcp.complete", _SENDING)):
            self.cut()  # cut before its connection was known: cut it now

    def seen(self, response: httpx.Response) -> None:
        self.stream = response.extensions.get("network_stream") or self.stream

    def cut(self) -> None:
        """The budget ran out: shut the connection's socket so a blocked read ends now."""
        self.passed = True
        stream = self.stream
        if stream is None and self.lookup is not None:
            stream = self.lookup()
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None and hasattr(sock, "shutdown"):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


# httpcore's trace event as an HTTP/1.1 request starts on its connection, new or pooled.
_SENDING = "send_request_headers.started"


class Cancellation:
    """Ends at once the calls that carry it: those of a walk that is abandoned.

    A prefetching walk has requests in flight on worker threads (sync) or tasks (async); when
    it ends before their answers are read (Ctrl-C, an error; a sync ``break``), ``cancel()``
    shuts the connection of each attempt in progress, as its deadline would when the time is
    up, and refuses any attempt after. They then fail within moments, through the transport's
    own error path (which closes the connection), instead of at the calls' timeout.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: set[_Deadline] = set()
        self.cancelled = False

    def enter(self, deadline: _Deadline) -> bool:
        """Track one attempt's deadline; ``False``: cancelled already, do not send."""
        with self._lock:
            if not self.cancelled:
                self._attempts.add(deadline)
            return not self.cancelled

    def leave(self, deadline: _Deadline) -> None:
        with self._lock:
            self._attempts.discard(deadline)

    def cancel(self) -> None:
        """Cut every attempt in progress; refuse those to come."""
        with self._lock:
            self.cancelled = True
            attempts = list(self._attempts)
        for deadline in attempts:
            deadline.cut()


def _pooled_stream(http: httpx.Client, request: httpx.Request, trace: object) -> Any:
    """The network stream of the pooled connection now serving ``request``, if it can be found.

    httpx's default transport hands ``request.extensions`` to httpcore, whose
    ``ConnectionPool`` keeps each request in flight (``_requests``) with the connection it was
    given. The request is recognised by the trace callable ``watch`` put in its extensions
    (unique to this attempt). These are httpcore's internals (1.x): any other transport (a
    custom one, a mock) or layout finds nothing, and the call is then bounded as before: each
    read of the head waits no longer than the time left when the attempt began. On an HTTP/2
    connection (``httpx.Client(http2=True)``) the cut also ends the other calls it carries.
    """
    try:
        pool = http._transport_for_url(request.url)._pool  # type: ignore[attr-defined]
        for pool_request in list(pool._requests):
            if pool_request.request.extensions.get("trace") is trace:
                connection = pool_request.connection
                # HTTPConnection (and the proxy ones) wrap the HTTP/1.1 or HTTP/2 connection.
                inner = getattr(connection, "_connection", connection)
                return getattr(inner, "_network_stream", None)
    except Exception:  # any layout but httpcore 1.x's: nothing to cut
        LOGGER.debug("no pooled connection found to cut", exc_info=True)
    return None


# The private names between an httpx response and the h11 state of the httpcore HTTP/1.1
# connection that read it (httpx 0.28: BoundSyncStream/BoundAsyncStream, ResponseStream; httpcore
# 1.x: PoolByteStream, HTTP11ConnectionByteStream, HTTP11Connection). See `_unread_bytes`.
_TO_H11_STATE = ("_stream", "_httpcore_stream", "_stream", "_connection", "_h11_state")


def _unread_bytes(response: httpx.Response) -> bool:
    """Whether the connection holds bytes the server sent past the end of ``response``.

    httpcore keeps what a read brought beyond the answer in the connection's h11 state and
    would read it as the answer to the next request; it exposes that state nowhere public, so
    it is reached through the private names of ``_TO_H11_STATE`` (h11's ``trailing_data`` is
    public). Any other layout (another transport, a proxy, HTTP/2) answers ``False``: bytes
    that arrive on the socket after the answer are still caught by httpcore's own readability
    check before the connection is reused.
    """
    state: Any = response.stream
    for name in _TO_H11_STATE:
        state = getattr(state, name, None)
    trailing = getattr(state, "trailing_data", None)
    return bool(trailing and trailing[0])


def _breaks_framing(response: httpx.Response) -> bool:
    """Whether ``response`` broke HTTP/1.1 message framing (RFC 9112 §6), read whole.

    A 1xx or 204 declares no body (RFC 9110 §8.6), a 304 none to send, and both
    ``Transfer-Encoding`` and ``Content-Length`` is the mark of response splitting (RFC 9112
    §6.3); bytes past the end of the answer are the next "answer" of nobody's request.
    """
    if response.http_version not in ("HTTP/1.1", "HTTP/1.0"):
        return False
    headers = response.headers
    chunked = "transfer-encoding" in headers
    if chunked and "content-length" in headers:
        return True
    status = response.status_code
    if status < 200 or status == 204:
        if chunked or headers.get("content-length", "0").strip() != "0":
            return True
    elif status == 304 and chunked:
        return True
    return _unread_bytes(response)


def _retire_connection(response: httpx.Response) -> None:
    """Keep the connection that carried ``response`` from serving another request.

    Its socket is shut (before the response is closed, while no other request can hold the
    connection): httpcore's pool then finds it readable, as a connection the server closed, and
    closes it instead of reusing it.
    """
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is not None and hasattr(sock, "shutdown"):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _retire_if_broken(response: httpx.Response) -> None:
    """Retire the connection of a wholly read ``response`` that broke HTTP framing."""
    if _breaks_framing(response):
        LOGGER.debug("closing a connection whose answer broke HTTP framing")
        _retire_connection(response)


def _json_values_at_most(content: bytes) -> int:
    """An upper bound on the JSON values and object keys ``content`` holds, without parsing.

    A container's first member follows its bracket, each other one a comma, an object's value
    a colon; the same characters in quoted text only add to the count.
    """
    count = content.count
    return count(b",") + count(b":") + count(b"[") + count(b"{") + 1


class _Body:
    """The bytes of one body as they come: counted against the limit, kept as its answer needs.

    A 2xx body is kept whole; an error body up to ``keep`` bytes (the rest is read, so the
    connection can serve again, and dropped).
    """

    __slots__ = ("chunks", "keep", "kept", "limit", "size")

    def __init__(self, limit: int, keep: int) -> None:
        self.chunks: list[bytes] = []
        self.limit = limit
        self.keep = keep
        self.kept = 0
        self.size = 0

    def add(self, chunk: bytes) -> bool:
        """Count and keep ``chunk``; ``False`` once the body is larger than the limit."""
        self.size += len(chunk)
        if self.size > self.limit:
            return False
        room = self.keep - self.kept
        if room > 0:
            part = chunk if len(chunk) <= room else chunk[:room]
            self.chunks.append(part)
            self.kept += len(part)
        return True

    def content(self) -> bytes:
        content = b"".join(self.chunks)
        self.chunks = []
        return content


class _Alarm:
    """One scheduled action of the ``_Watchdog``; ``cancel()`` before it fires stops it."""

    __slots__ = ("action", "cancelled", "watchdog")

    def __init__(self, action: Callable[[], None], watchdog: _Watchdog) -> None:
        self.action = action
        self.cancelled = False
        self.watchdog = watchdog

    def cancel(self) -> None:
        # One attribute store: atomic, and the watchdog reads it under its lock before firing.
        self.cancelled = True
        self.watchdog.forget()


class _Watchdog:
    """One daemon thread that runs each sync call's ``_Deadline.cut`` when its time comes.

    A ``threading.Timer`` per call starts a thread per request, and waits for it to start:
    on a busy machine that costs milliseconds, longer than decoding a page. Here a call adds
    an entry to a heap and, only when it becomes the earliest, wakes the thread. Cancelled
    entries are dropped when they reach the top, and the heap is rebuilt without them once
    they are most of it, so it stays as small as the calls in flight.
    """

    def __init__(self) -> None:
        self._wake = threading.Condition(threading.Lock())
        self._heap: list[tuple[float, int, _Alarm]] = []
        self._order = itertools.count()
        self._cancelled = 0
        self._thread: threading.Thread | None = None

    def schedule(self, seconds: float, action: Callable[[], None]) -> _Alarm:
        alarm = _Alarm(action, self)
        with self._wake:
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._order), alarm))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="modelruns-deadlines", daemon=True
                )
                self._thread.start()
            elif self._heap[0][2] is alarm:
                self._wake.notify()
        return alarm

    def forget(self) -> None:
        """Count one cancellation; sweep the heap once cancelled entries are most of it."""
        with self._wake:
            self._cancelled += 1
            if self._cancelled > 64 and self._cancelled * 2 > len(self._heap):
                self._heap = [entry for entry in self._heap if not entry[2].cancelled]
                heapq.heapify(self._heap)
                self._cancelled = 0

    def _run(self) -> None:
        with self._wake:
            while True:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                    self._cancelled = max(self._cancelled - 1, 0)
                if not self._heap:
                    self._wake.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                alarm = heapq.heappop(self._heap)[2]
                self._wake.release()
                try:
                    alarm.action()
                except Exception:
                    LOGGER.debug("a deadline action failed", exc_info=True)
                finally:
                    self._wake.acquire()

    def _after_fork(self) -> None:
        # The thread does not survive a fork (and its lock may have been held): start afresh.
        self.__init__()  # type: ignore[misc]


_WATCHDOG = _Watchdog()

#: Every client of this process, so that a forked child can give each its own connections.
_CLIENTS: weakref.WeakSet[_ClientCore] = weakref.WeakSet()
_CLIENTS_LOCK = threading.Lock()


def _track(client: _ClientCore) -> None:
    with _CLIENTS_LOCK:
        _CLIENTS.add(client)


def _after_fork_in_child() -> None:
    """In a forked child: nothing of the parent's threads, locks or connections is used again.

    The watchdog thread is gone and its lock may have been held; every client's pool holds the
    parent's sockets, which both processes would read and write at once (each could read the
    other's answer). Each client gets fresh locks and connections (``_ClientCore._after_fork``).
    """
    global _CLIENTS_LOCK  # a lock a parent's thread held stays held: renew it
    _CLIENTS_LOCK = threading.Lock()
    _WATCHDOG._after_fork()
    for client in list(_CLIENTS):
        client._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _OpenedOnFirstUse:
    """Stands in a forked child for the httpx client a client made itself, until first used.

    Then it makes the client's new one (``_new_http``): a child that never calls does not pay
    for an httpx client (its TLS context) per client it inherited. A ``with_options`` copy
    (``pool_owner``) takes the new client of the client whose pool it shares, so the two still
    share one pool in the child.
    """

    #: One lock for every stand-in: a copy and its pool's owner may open the pool at once.
    _lock = threading.Lock()

    def __init__(self, owner: _ClientCore, pool_owner: _ClientCore | None = None) -> None:
        self._owner = owner
        self._pool_owner = pool_owner or owner

    def __getattr__(self, name: str) -> Any:
        with _OpenedOnFirstUse._lock:
            http = self._owner._http
            if http is self:
                source = self._pool_owner
                http = source._http
                if isinstance(http, _OpenedOnFirstUse):
                    http = source._http = source._new_http()
                self._owner._http = http
        return getattr(http, name)

    def close(self) -> None:
        """Nothing opened yet: nothing to close."""

    async def aclose(self) -> None:
        """Nothing opened yet: nothing to close."""


class _InheritedHTTPClient:
    """Stands in a forked child for the ``http_client=`` a caller gave to the parent's client.

    That client's pool holds the parent's connections and the SDK cannot make a fresh one like
    it (its transport is the caller's), so any use is an ``APIConnectionError`` saying what to
    do, before anything is sent; sharing the connections could return another request's answer.
    """

    follow_redirects = False

    def __init__(self, client_name: str, parent_pid: int) -> None:
        self._message = (
            f"{client_name} was built with http_client= in process {parent_pid} and this "
            f"process ({os.getpid()}) is a fork of it: the httpx client's connections are the "
            "parent's. Build the client (and its http_client) in this process, or build it "
            "without http_client= (it then opens its own connections after a fork)"
        )

    def build_request(self, *args: Any, **kwargs: Any) -> Any:
        raise APIConnectionError(self._message)

    def send(self, *args: Any, **kwargs: Any) -> Any:
        raise APIConnectionError(self._message)


class _ClientCore:
    """What sync and async clients share: configuration, request building, answer handling."""

    _provider: Provider
    _secrets: tuple[str, ...]
    #: Whether this client made its httpx client (and so may close it, or make a new one).
    _owns_http: bool
    #: The client whose own pool a ``with_options`` copy shares (None: not such a copy).
    _pool_owner: _ClientCore | None = None
    #: Each engine's httpx client (typed there).
    _http: Any
    #: What a 404 with an empty body means, if the provider module says (``Connection``).
    _empty_not_found_hint: ClassVar[str | None] = None

    @staticmethod
    def _auth_from(credentials: Mapping[str, str]) -> SecretAuth:
        """The provider module's hook: the resolved credentials -> the request signer.

        The generated constructor resolves the keywords the spec declares and calls this; each
        provider module's ``Client`` and ``AsyncClient`` set it to their one function.
        """
        raise NotImplementedError("the provider module's client class supplies _auth_from")

    def _setup(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        options: ClientOptions,
    ) -> None:
        unknown = set(options) - set(ClientOptions.__annotations__)
        if unknown:
            raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
        self._connection = connection
        self._built_in = os.getpid()
        self._provider = connection.provider
        self._base_url = _without_userinfo(connection.base_url).rstrip("/")
        self._auth = connection.auth
        self._secrets = connection.secrets
        self._empty_not_found = connection.empty_not_found
        self._timeout = timeout
        self._retry = retry_policy or RetryPolicy()
        self._max_retries = self._retry.max_retries if max_retries is None else max_retries
        self._default_params = dict(connection.default_params)
        self._default_headers = dict(connection.default_headers)
        self._default_query = dict(connection.default_query)
        self._owned_headers = owned_headers(connection.provider, connection.auth)
        self._request_id_places = request_id_places(connection.provider)
        self._named_errors = dict(connection.named_errors)
        self._acs_version = load_spec(connection.provider).get("x-acs-version")
        strict = options.get("strict")
        self._strict = _strict_from_environment() if strict is None else bool(strict)
        callback = options.get("on_deviation")
        if callback is not None and not callable(callback):
            raise TypeError(f"on_deviation must be callable, got {type(callback).__name__}")
        self._on_deviation = callback
        size = options.get("max_response_size", DEFAULT_MAX_RESPONSE_SIZE)
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise ValueError(f"max_response_size must be a positive integer, got {size!r}")
        self._max_response_size = size
        self._record_to = options.get("record_to")
        self._recorder = recorder_for(self._record_to)
        self._reported: set[tuple[str, str]] = set()
        self._reported_lock = threading.Lock()
        _track(self)

    def _name(self) -> str:
        return f"{type(self).__module__}.{type(self).__name__}"

    def _new_http(self) -> Any:
        """A new httpx client of the engine's kind, with this client's timeout."""
        raise NotImplementedError

    def _after_fork(self) -> None:
        """In a forked child (``_after_fork_in_child``): fresh locks, fresh connections.

        The parent's pool is dropped, never closed: closing could write on the parent's
        sockets (a TLS close, an HTTP/2 GOAWAY) or wait on a lock a parent's thread held.
        """
        self._reported_lock = threading.Lock()
        if not hasattr(self, "_http"):
            return  # forked while another thread was building this client
        if self._owns_http:
            self._http = _OpenedOnFirstUse(self)
        elif self._pool_owner is not None:
            self._http = _OpenedOnFirstUse(self, self._pool_owner)
        else:
            self._http = _InheritedHTTPClient(self._name(), self._built_in)
        self._built_in = os.getpid()

    def _options(self) -> tuple[Any, ...]:
        """What a pickled client carries: the engine's arguments, resolved (``_rebuild_client``)."""
        options: ClientOptions = {
            "strict": self._strict,
            "on_deviation": self._on_deviation,
            "max_response_size": self._max_response_size,
            "record_to": self._record_to,
        }
        return (self._connection, self._timeout, self._max_retries, self._retry, options)

    def __reduce__(self) -> tuple[Any, ...]:
        """A client pickles as its options, credentials included, never its connections.

        The other side builds the same client with connections of its own. A client given an
        ``http_client=`` does not pickle: that httpx client (its transport, its pool) is the
        caller's and belongs to this process.
        """
        if not self._owns_http and self._pool_owner is None:
            raise TypeError(
                f"cannot pickle a {self._name()} built with http_client=: the httpx client's "
                "connections belong to this process (pickle one built without it, which makes "
                "its own, or build the client in the other process)"
            )
        return (_rebuild_client, (type(self), *self._options()))

    @property
    def base_url(self) -> str:
        """The URL requests are sent to."""
        return self._base_url

    @property
    def strict(self) -> bool:
        """Whether any deviation from the spec raises (else tolerated and reported)."""
        return self._strict

    def __repr__(self) -> str:
        base_url = self._mask(self._connection.base_url.rstrip("/"))
        return f"{self._name()}(base_url={base_url!r}, auth={self._auth!r})"

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        timeout: Any,
        extensions: Mapping[str, Any] | None = None,
    ) -> httpx.Request:
        # The client's defaults first: the operation's own parameters and the call's extras win.
        headers = {**self._default_headers, **(kwargs.get("headers") or {})}
        if op.acs_action:
            headers["x-acs-action"] = op.acs_action
            headers["x-acs-version"] = str(self._acs_version)
        params = {**self._default_query, **(kwargs.get("params") or {})}
        try:
            return http.build_request(
                kwargs["method"],
                self._base_url + kwargs["url"],
                params=params or None,
                json=kwargs.get("json"),
                content=kwargs.get("content"),
                data=kwargs.get("data"),
                files=kwargs.get("files"),
                headers=headers,
                timeout=timeout,
                # Every error built from this request or its answer masks the client's secrets.
                extensions={**(extensions or {}), SECRETS_EXTENSION: self._secrets},
            )
        except (httpx.InvalidURL, UnicodeError, ValueError) as error:
            # Arguments are checked before (ValueError naming them) and a walk's tokens as they
            # come (PaginationError): whatever still cannot be built is sent nowhere, as ours.
            raise APIConnectionError(
                f"{op.operation_id}: the request cannot be built: "
                f"{self._mask(f'{type(error).__name__}: {error}')}"
            ) from None

    def _call_timeout(self, timeout: Any) -> Any:
        return self._timeout if isinstance(timeout, NotGiven) else timeout

    def _call_kwargs(
        self,
        op: Operation[Any],
        *args: Any,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        **params: Any,
    ) -> dict[str, Any]:
        accepted = inspect.signature(op.module._get_kwargs).parameters
        for key, value in {**self._default_params, **op.fixed_params}.items():
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
        headers = checked_headers("extra_headers", extra_headers, self._owned_headers, self._auth)
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
        length = len(self._base_url) + len(kwargs["url"])
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

    def _retries(self, max_retries: int | NotGiven) -> int:
        return self._max_retries if isinstance(max_retries, NotGiven) else max_retries

    def _error_for(self, op: Operation[Any], response: httpx.Response) -> APIStatusError:
        return status_error_from_response(
            response,
            named={**self._named_errors, **op.named_errors},
            secrets=self._secrets,
            empty_not_found=self._empty_not_found,
        )

    def _mask(self, text: str) -> str:
        return mask_secrets(text, self._secrets)

    def _transport_error(
        self, error: httpx.HTTPError, request: httpx.Request, deadline: _Deadline
    ) -> APIError:
        _forget_credentials(error)
        text = self._mask(f"{type(error).__name__}: {error}")
        if deadline.passed or deadline.expired():
            return self._timed_out(request, deadline)
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out ({text})", request=request)
        if isinstance(error, httpx.DecodingError):
            return self._undecodable(request, None, error)
        return APIConnectionError(f"Connection error ({text})", request=request)

    def _undecodable(
        self, request: httpx.Request, response: httpx.Response | None, error: Exception
    ) -> ResponseDecodingError:
        _forget_credentials(error)
        url = self._mask(str(request.url.copy_with(query=None)))
        status = f" ({response.status_code})" if response is not None else ""
        encoding = response.headers.get("content-encoding", "") if response is not None else ""
        named = f" as {encoding!r}" if encoding else ""
        return ResponseDecodingError(
            f"The response to {request.method} {url}{status} does not decode{named}: "
            f"{self._mask(str(error))}",
            request=request,
            response=response,
        )

    def _timed_out(self, request: httpx.Request, deadline: _Deadline) -> APITimeoutError:
        url = self._mask(str(request.url.copy_with(query=None)))
        return APITimeoutError(
            f"Request timed out: {request.method} {url} did not complete within the "
            f"{deadline.seconds:g} s timeout",
            request=request,
        )

    def _cancelled(self, request: httpx.Request) -> APIConnectionError:
        url = self._mask(str(request.url.copy_with(query=None)))
        return APIConnectionError(
            f"Request cancelled: {request.method} {url} was not sent, its walk has ended",
            request=request,
        )

    def _too_large(self, request: httpx.Request, response: httpx.Response) -> ResponseTooLargeError:
        url = self._mask(str(request.url.copy_with(query=None)))
        return ResponseTooLargeError(
            f"The response to {request.method} {url} ({response.status_code}) is larger than "
            f"max_response_size={self._max_response_size} bytes",
            request=request,
            limit=self._max_response_size,
        )

    def _check_declared_size(self, request: httpx.Request, response: httpx.Response) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_response_size:
            raise self._too_large(request, response)

    def _body(self, response: httpx.Response) -> _Body:
        """How much of ``response``'s body to read, and to keep (see ``PEAK_MEMORY_MULTIPLE``)."""
        limit = self._max_response_size
        if 200 <= response.status_code < 300:
            return _Body(limit, limit)
        return _Body(limit, max(limit // _ERROR_BODY_FRACTION, min(limit, _ERROR_BODY_FLOOR)))

    def _check_values(
        self, request: httpx.Request, response: httpx.Response, content: bytes
    ) -> None:
        """Refuse a 2xx body that holds more JSON values than the limit allows (before parsing).

        What Python makes of a body grows with its values, not its bytes (``{},`` is 3 bytes
        and 72 once decoded): so at most one per ``_BYTES_PER_JSON_VALUE`` bytes of the limit.
        Counted only for a body long enough to hold that many.
        """
        allowed = self._max_response_size // _BYTES_PER_JSON_VALUE
        if not 200 <= response.status_code < 300 or len(content) // 2 < allowed:
            return
        if _json_values_at_most(content) > allowed:
            url = self._mask(str(request.url.copy_with(query=None)))
            raise ResponseTooLargeError(
                f"The response to {request.method} {url} ({response.status_code}) holds more "
                f"than {allowed} JSON values, more than max_response_size="
                f"{self._max_response_size} allows (one per {_BYTES_PER_JSON_VALUE} bytes)",
                request=request,
                limit=self._max_response_size,
            )

    def _log_request(
        self,
        request: httpx.Request,
        status: Any,
        started: float,
        response: httpx.Response | None = None,
    ) -> None:
        if LOGGER.isEnabledFor(10):  # DEBUG
            elapsed = (time.monotonic() - started) * 1000
            url = self._mask(str(request.url))
            found = request_id_from(response, self._request_id_places) if response else None
            shown = f" (request id {self._mask(found)})" if found else ""
            LOGGER.debug("%s %s -> %s in %.1f ms%s", request.method, url, status, elapsed, shown)

    def _raw_response(self, response: httpx.Response, parse: Callable[[], T]) -> RawResponse[T]:
        """A 2xx ``response`` as ``with_raw_response`` answers it; ``parse`` gives the value."""
        auth = self._auth
        signed = auth.header_names() if isinstance(auth, SecretAuth) else frozenset()
        shown = masked_request(response.request, self._secrets, signed)
        return RawResponse(
            response, parse, request_id_places=self._request_id_places, http_request=shown
        )

    def _options_for_copy(
        self,
        *,
        credentials: Mapping[str, str | None],
        variables: Mapping[str, str | None],
        base_url: str | None,
        auth: SecretAuth | None,
        default_headers: Headers | None,
        default_query: Query | None,
    ) -> Connection:
        """The ``Connection`` of a ``with_options`` copy: this one's, with what was given changed.

        Defaults given are merged into this client's. A credential, server variable, ``auth`` or
        ``base_url`` given resolves the connection afresh (credentials not given then come from
        the environment, as in the constructor); otherwise the auth and URL are kept.
        """
        old = self._connection
        headers = {**old.default_headers, **(default_headers or {})}
        query = {**old.default_query, **(default_query or {})}
        new_credentials = any(value is not None for value in credentials.values())
        new_variables = any(value is not None for value in variables.values())
        if not (new_credentials or new_variables or auth is not None or base_url):
            return dataclasses.replace(
                old,
                default_headers=checked_headers(
                    "default_headers", headers, self._owned_headers, old.auth
                ),
                default_query=checked_query("default_query", query),
            )
        kept = old.auth if isinstance(old.auth, SecretAuth) and not new_credentials else None
        return connect(
            old.provider,
            self._auth_from,
            credentials,
            variables,
            base_url or (None if new_variables else old.base_url),
            auth=auth if auth is not None else kept,
            named_errors=old.named_errors,
            empty_not_found=old.empty_not_found,
            default_headers=headers,
            default_query=query,
        )

    def _with_options(
        self,
        *,
        credentials: Mapping[str, str | None],
        variables: Mapping[str, str | None],
        base_url: str | None,
        auth: SecretAuth | None,
        timeout: Timeout,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        default_headers: Headers | None,
        default_query: Query | None,
        options: Mapping[str, Any],
    ) -> Self:
        """What the generated ``with_options`` does: a changed copy on this connection pool."""
        connection = self._options_for_copy(
            credentials=credentials,
            variables=variables,
            base_url=base_url,
            auth=auth,
            default_headers=default_headers,
            default_query=default_query,
        )
        return self._copy(
            connection, *self._copy_arguments(timeout, max_retries, retry_policy, options)
        )

    def _copy(
        self,
        connection: Connection,
        timeout: Any,
        max_retries: int | None,
        retry_policy: RetryPolicy,
        options: Mapping[str, Any],
    ) -> Self:
        raise NotImplementedError

    def _decoded(self, op: Operation[ModelT], response: httpx.Response) -> ModelT:
        """A 2xx ``response`` decoded into ``op``'s model (``RawResponse.parse``)."""
        model: ModelT = self._answer(op, response)[0]
        return model

    def _copy_arguments(
        self,
        timeout: Timeout,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        options: Mapping[str, Any],
    ) -> tuple[Any, int | None, RetryPolicy, dict[str, Any]]:
        """A ``with_options`` copy's engine arguments: what was given, else this client's."""
        if max_retries is None and retry_policy is None:
            max_retries = self._max_retries
        kept = {
            "strict": self._strict,
            "on_deviation": self._on_deviation,
            "max_response_size": self._max_response_size,
            "record_to": self._record_to,
        }
        return (
            self._timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries,
            retry_policy or self._retry,
            {**kept, **options},
        )

    def _log_exchange(
        self, op: Operation[Any], request: httpx.Request, response: httpx.Response, started: float
    ) -> None:
        self._log_request(request, response.status_code, started, response)
        if self._recorder is not None:
            elapsed = time.monotonic() - started
            recorded = (op.operation_id, request, response, elapsed, self._secrets, _AUTH_HEADERS)
            self._recorder.record(*recorded)

    def _log_retry(
        self, request: httpx.Request, why: str, attempt: int, retries: int, wait: float
    ) -> None:
        url = self._mask(str(request.url.copy_with(query=None)))
        LOGGER.info(
            "retrying %s %s after %s (retry %d of %d) in %.2f s",
            request.method,
            url,
            why,
            attempt + 1,
            retries,
            wait,
        )

    def _redirect(self, request: httpx.Request, response: httpx.Response) -> httpx.URL | None:
        """Where to follow a 3xx, or ``None``: only same-origin, and only if the caller asked.

        Credentials (bearer tokens, ``X-API-Key``, NCP and ACS signature headers) must never
        reach another origin, whatever the ``httpx`` client's own ``follow_redirects`` says, so
        a redirect to another scheme, host or port is never followed: it is the 3xx error.
        """
        if not (response.is_redirect and self._http_follows_redirects()):
            return None
        target = request.url.join(response.headers["location"])
        same = (target.scheme, target.host, target.port) == (
            request.url.scheme,
            request.url.host,
            request.url.port,
        )
        return target if same else None

    def _http_follows_redirects(self) -> bool:
        return bool(getattr(self._http_client(), "follow_redirects", False))

    def _http_client(self) -> httpx.Client | httpx.AsyncClient:
        raise NotImplementedError

    def _redirected(
        self,
        http: httpx.Client | httpx.AsyncClient,
        request: httpx.Request,
        target: httpx.URL,
        status: int,
    ) -> httpx.Request:
        # As httpx does: 303 (and 301/302 after a POST) becomes a GET without a body.
        method = request.method
        if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
            method = "GET"
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _AUTH_HEADERS}
        content = request.content if method == request.method else None
        if content is None:
            headers = {
                k: v
                for k, v in headers.items()
                if k.lower() not in ("content-length", "content-type")
            }
        return http.build_request(
            method,
            target,
            headers=headers,
            content=content,
            extensions=request.extensions,
        )

    def _deviations(self, op: Operation[Any], found: Deviations) -> None:
        """Report each tolerated deviation once per (operation, generic JSON path)."""
        if self._recorder is not None:
            self._recorder.deviations(op.operation_id, found, self._secrets)
        for path, kind, detail in found:
            generic = _INDEX.sub("[*]", path)
            key = (op.operation_id, generic)
            with self._reported_lock:
                if key in self._reported:
                    continue
                if len(self._reported) >= _DEVIATION_MEMORY:
                    self._reported.clear()
                self._reported.add(key)
            shown = self._mask(detail)
            LOGGER.warning(
                "%s %s: %s: %s (tolerated; strict=True would raise)",
                op.provider,
                op.operation_id,
                generic,
                shown,
            )
            if self._on_deviation is not None:
                deviation = Deviation(op.provider, op.operation_id, generic, kind, shown, path)
                try:
                    self._on_deviation(deviation)
                except Exception:
                    # As a logging handler's error: the call it reports on does not fail for it.
                    LOGGER.error(
                        "on_deviation raised on %s %s: %s (the call goes on)",
                        op.provider,
                        op.operation_id,
                        generic,
                        exc_info=True,
                    )

    def _build(self, op: Operation[Any], raw: Any, response: httpx.Response) -> Any:
        """Decode a parsed 2xx body: strict, or tolerant with deviations reported."""
        if self._strict:
            return op.build(raw, response, strict=True)
        return op.build(raw, response, self._deviations)

    def _answer(self, op: Operation[Any], response: httpx.Response) -> tuple[Any, Any]:
        bodiless = op.bodiless(response)
        if bodiless is not None:
            return bodiless
        with gc_paused():  # one pause for both steps (see gc_paused)
            raw = op.parse(response)
            return self._build(op, raw, response), raw


# Headers that carry credentials or sign the request; never copied onto a followed redirect
# (the auth re-signs).
_AUTH_HEADERS = CREDENTIAL_HEADERS | frozenset(
    {"x-ncp-apigw-timestamp", "x-acs-signature-nonce", "x-acs-date", "x-acs-content-sha256"}
)


def _handle_answer(
    core: _ClientCore, op: Operation[Any], response: httpx.Response
) -> tuple[Any, Any]:
    if 200 <= response.status_code < 300:
        return core._answer(op, response)
    raise core._error_for(op, response)


def _longest(given: Mapping[str, Any]) -> str:
    """``"; the longest argument is NAME (N characters)"`` among ``given``'s strings, or ``""``."""
    texts = {name: value for name, value in given.items() if isinstance(value, str)}
    if not texts:
        return ""
    name = max(texts, key=lambda key: len(texts[key]))
    return f"; the longest argument is {name} ({len(texts[name])} characters)"


def _why(error: BaseException | int) -> str:
    return f"status {error}" if isinstance(error, int) else type(error).__name__


class SyncAPIClient(_ClientCore):
    """The synchronous engine (an ``httpx.Client``, owned unless the caller passed one)."""

    _http: httpx.Client

    def __init__(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        http_client: httpx.Client | None,
        /,
        **options: Any,
    ) -> None:
        self._setup(connection, timeout, max_retries, retry_policy, options)  # type: ignore[arg-type]
        self._owns_http = http_client is None
        self._http = http_client or self._new_http()

    def _new_http(self) -> httpx.Client:
        return httpx.Client(timeout=self._timeout)

    def _http_client(self) -> httpx.Client:
        return self._http

    def _copy(
        self,
        connection: Connection,
        timeout: Any,
        max_retries: int | None,
        retry_policy: RetryPolicy,
        options: Mapping[str, Any],
    ) -> Self:
        """A client of this class on ``connection``, sharing this one's ``httpx.Client``."""
        clone = type(self).__new__(type(self))
        SyncAPIClient.__init__(
            clone, connection, timeout, max_retries, retry_policy, self._http, **options
        )
        clone._pool_owner = self if self._owns_http else self._pool_owner
        return clone

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _send(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
        cancellation: Cancellation | None = None,
    ) -> tuple[Any, Any]:
        response = self._exchange(
            op,
            kwargs,
            timeout=timeout,
            max_retries=max_retries,
            extensions=extensions,
            cancellation=cancellation,
        )
        return _handle_answer(self, op, response)

    def _read(self, request: httpx.Request, deadline: _Deadline) -> httpx.Response:
        """Send ``request`` and read its body within the deadline and the size limit."""
        left = deadline.remaining()
        timer = None
        deadline.stream = None
        cancellation = deadline.cancellation
        if cancellation is not None and not cancellation.enter(deadline):
            raise self._cancelled(request)
        if left is not None or cancellation is not None:
            deadline.watch(request, self._http)
        if left is not None:
            timer = _WATCHDOG.schedule(left, deadline.cut)
        try:
            response = self._http.send(
                request, auth=self._auth, stream=True, follow_redirects=False
            )
            try:
                deadline.seen(response)
                self._check_declared_size(request, response)
                body = self._body(response)
                try:
                    for chunk in response.iter_bytes():
                        if not body.add(chunk):
                            raise self._too_large(request, response)
                        if deadline.expired():
                            raise self._timed_out(request, deadline)
                except httpx.DecodingError as error:
                    raise self._undecodable(request, response, error) from None
                _retire_if_broken(response)
                response._content = body.content()  # what Response.read() sets
                self._check_values(request, response, response._content)
                return response
            finally:
                response.close()
        finally:
            if timer is not None:
                timer.cancel()
            if cancellation is not None:
                cancellation.leave(deadline)

    def _exchange(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        *,
        timeout: Any = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
        cancellation: Cancellation | None = None,
    ) -> httpx.Response:
        """Send with retries; the 2xx response (body read, not parsed) or the mapped error."""
        retries = self._retries(max_retries)
        policy = self._retry
        timeout = self._call_timeout(timeout)
        deadline = _Deadline(_total_seconds(timeout))
        deadline.cancellation = cancellation
        attempt = 0
        request = self._build_request(self._http, op, kwargs, deadline.cap(timeout), extensions)
        redirects = 0
        while True:
            started = time.monotonic()
            try:
                response = self._read(request, deadline)
            except httpx.HTTPError as error:
                self._log_request(request, type(error).__name__, started)
                mapped = self._transport_error(error, request, deadline)
                wait = policy.delay(attempt)
                if (
                    attempt < retries
                    and not deadline.expired()
                    and policy.should_retry_error(error, idempotent=op.idempotent)
                    and self._can_wait(deadline, wait)
                ):
                    self._log_retry(request, _why(error), attempt, retries, wait)
                    policy.sleep(wait)
                    attempt += 1
                    request = self._build_request(
                        self._http, op, kwargs, deadline.cap(timeout), extensions
                    )
                    continue
                raise mapped from None
            except APIError:
                self._log_request(request, "aborted", started)
                raise
            self._log_exchange(op, request, response, started)
            if 200 <= response.status_code < 300:
                return response
            target = self._redirect(request, response)
            if target is not None and redirects < _MAX_REDIRECTS:
                redirects += 1
                request = self._redirected(self._http, request, target, response.status_code)
                continue
            error_ = self._error_for(op, response)
            wait = policy.delay(attempt, response.headers)
            if (
                attempt < retries
                and policy.should_retry_status(
                    response.status_code, idempotent=op.idempotent, code=error_.code
                )
                and self._can_wait(deadline, wait)
            ):
                self._log_retry(request, _why(response.status_code), attempt, retries, wait)
                policy.sleep(wait)
                attempt += 1
                request = self._build_request(
                    self._http, op, kwargs, deadline.cap(timeout), extensions
                )
                continue
            raise error_

    @staticmethod
    def _can_wait(deadline: _Deadline, wait: float) -> bool:
        left = deadline.remaining()
        return left is None or wait < left

    def _call(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> ModelT:
        kwargs = self._call_kwargs(op, *args, **params)
        model: ModelT = self._send(op, kwargs, timeout=timeout, max_retries=max_retries)[0]
        return model

    def _call_raw(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> RawResponse[ModelT]:
        """``with_raw_response``'s call: the 2xx answer undecoded; ``parse()`` decodes it."""
        kwargs = self._call_kwargs(op, *args, **params)
        response = self._exchange(op, kwargs, timeout=timeout, max_retries=max_retries)
        return self._raw_response(response, lambda: self._decoded(op, response))


# Twin of the sync SyncAPIClient (openai-python keeps the same pair): the steps are the same, but
# one blocks and one awaits, and sharing them would cost a coroutine per sync call.
class AsyncAPIClient(_ClientCore):
    """The asynchronous engine (an ``httpx.AsyncClient``, owned unless the caller passed one)."""

    _http: httpx.AsyncClient

    def __init__(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        http_client: httpx.AsyncClient | None,
        /,
        **options: Any,
    ) -> None:
        self._setup(connection, timeout, max_retries, retry_policy, options)  # type: ignore[arg-type]
        self._owns_http = http_client is None
        self._http = http_client or self._new_http()

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self._timeout)

    def _http_client(self) -> httpx.AsyncClient:
        return self._http

    # Twin of SyncAPIClient._copy: the shared pool is an httpx.AsyncClient.
    def _copy(
        self,
        connection: Connection,
        timeout: Any,
        max_retries: int | None,
        retry_policy: RetryPolicy,
        options: Mapping[str, Any],
    ) -> Self:
        """A client of this class on ``connection``, sharing this one's ``httpx.AsyncClient``."""
        clone = type(self).__new__(type(self))
        AsyncAPIClient.__init__(
            clone, connection, timeout, max_retries, retry_policy, self._http, **options
        )
        clone._pool_owner = self if self._owns_http else self._pool_owner
        return clone

    async def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _send(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
        cancellation: Cancellation | None = None,
    ) -> tuple[Any, Any]:
        response = await self._exchange(
            op,
            kwargs,
            timeout=timeout,
            max_retries=max_retries,
            extensions=extensions,
            cancellation=cancellation,
        )
        return _handle_answer(self, op, response)

    async def _read(self, request: httpx.Request, deadline: _Deadline) -> httpx.Response:
        """Send ``request`` and read its body within the deadline and the size limit."""
        cancellation = deadline.cancellation
        if cancellation is None:
            return await self._read_within(request, deadline)
        # A walk's request: its connection is cut if the walk is interrupted (not the task
        # cancelled: cancelling an httpx request mid-flight can leave its connection active).
        if not cancellation.enter(deadline):
            raise self._cancelled(request)
        deadline.stream = None
        deadline.watch_async(request, self._http)
        try:
            return await self._read_within(request, deadline)
        finally:
            cancellation.leave(deadline)

    async def _read_within(self, request: httpx.Request, deadline: _Deadline) -> httpx.Response:
        # One timeout over the attempt (a cancel scope): it ends whatever the attempt awaits,
        # on a new connection or a pooled one, in the head or in the body.
        scope = asyncio.timeout(deadline.remaining())
        try:
            async with scope:
                response = await self._http.send(
                    request, auth=self._auth, stream=True, follow_redirects=False
                )
                deadline.seen(response)
                try:
                    self._check_declared_size(request, response)
                    body = self._body(response)
                    try:
                        async for chunk in response.aiter_bytes():
                            if not body.add(chunk):
                                raise self._too_large(request, response)
                    except httpx.DecodingError as error:
                        raise self._undecodable(request, response, error) from None
                    _retire_if_broken(response)
                    response._content = body.content()  # what Response.aread() sets
                    self._check_values(request, response, response._content)
                    return response
                finally:
                    await response.aclose()
        except TimeoutError:
            if not scope.expired():
                raise
            deadline.passed = True
            raise self._timed_out(request, deadline) from None

    # Twin of SyncAPIClient._exchange (see the class comment): await where it blocks.
    async def _exchange(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        *,
        timeout: Any = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
        cancellation: Cancellation | None = None,
    ) -> httpx.Response:
        """Send with retries; the 2xx response (body read, not parsed) or the mapped error."""
        retries = self._retries(max_retries)
        policy = self._retry
        timeout = self._call_timeout(timeout)
        deadline = _Deadline(_total_seconds(timeout))
        deadline.cancellation = cancellation
        attempt = 0
        request = self._build_request(self._http, op, kwargs, deadline.cap(timeout), extensions)
        redirects = 0
        while True:
            started = time.monotonic()
            try:
                response = await self._read(request, deadline)
            except httpx.HTTPError as error:
                self._log_request(request, type(error).__name__, started)
                mapped = self._transport_error(error, request, deadline)
                wait = policy.delay(attempt)
                if (
                    attempt < retries
                    and not deadline.expired()
                    and policy.should_retry_error(error, idempotent=op.idempotent)
                    and SyncAPIClient._can_wait(deadline, wait)
                ):
                    self._log_retry(request, _why(error), attempt, retries, wait)
                    await policy.async_sleep(wait)
                    attempt += 1
                    request = self._build_request(
                        self._http, op, kwargs, deadline.cap(timeout), extensions
                    )
                    continue
                raise mapped from None
            except APIError:
                self._log_request(request, "aborted", started)
                raise
            self._log_exchange(op, request, response, started)
            if 200 <= response.status_code < 300:
                return response
            target = self._redirect(request, response)
            if target is not None and redirects < _MAX_REDIRECTS:
                redirects += 1
                request = self._redirected(self._http, request, target, response.status_code)
                continue
            error_ = self._error_for(op, response)
            wait = policy.delay(attempt, response.headers)
            if (
                attempt < retries
                and policy.should_retry_status(
                    response.status_code, idempotent=op.idempotent, code=error_.code
                )
                and SyncAPIClient._can_wait(deadline, wait)
            ):
                self._log_retry(request, _why(response.status_code), attempt, retries, wait)
                await policy.async_sleep(wait)
                attempt += 1
                request = self._build_request(
                    self._http, op, kwargs, deadline.cap(timeout), extensions
                )
                continue
            raise error_

    async def _call(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> ModelT:
        kwargs = self._call_kwargs(op, *args, **params)
        model: ModelT = (await self._send(op, kwargs, timeout=timeout, max_retries=max_retries))[0]
        return model

    async def _call_raw(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> RawResponse[ModelT]:
        """``with_raw_response``'s call: the 2xx answer undecoded; ``parse()`` decodes it."""
        kwargs = self._call_kwargs(op, *args, **params)
        response = await self._exchange(op, kwargs, timeout=timeout, max_retries=max_retries)
        return self._raw_response(response, lambda: self._decoded(op, response))


def _rebuild_client(
    cls: type[_ClientCore],
    connection: Connection,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    retry_policy: RetryPolicy,
    options: ClientOptions,
) -> _ClientCore:
    """Unpickle a client (``_ClientCore.__reduce__``): its engine built again, no http_client."""
    client = cls.__new__(cls)
    if isinstance(client, SyncAPIClient):
        SyncAPIClient.__init__(
            client, connection, timeout, max_retries, retry_policy, None, **options
        )
    elif isinstance(client, AsyncAPIClient):
        AsyncAPIClient.__init__(
            client, connection, timeout, max_retries, retry_policy, None, **options
        )
    else:
        raise TypeError(f"{cls.__name__} is not a modelruns client")
    return client
