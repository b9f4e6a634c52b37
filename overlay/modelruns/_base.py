"""The one request engine behind every provider's ``Client`` and ``AsyncClient``.

The generated facades declare the operations (``operation(provider, generated_module)``) and
the constructors (``connect``); a provider module adds only its auth hook. Everything else is
read from the spec: base URL, success status, response model, pagination styles, ``x-acs-*``
headers, named errors. Requests are built by the generated
module's ``_get_kwargs``; 2xx bodies are checked against the spec schema and decoded with the
generated model's ``from_dict``; everything else becomes an exception from ``_exceptions``.

Every call is bounded: ``timeout`` bounds the whole call (every attempt, every wait between
attempts and every byte of the body), ``max_response_size`` bounds the body, and whatever the
server sends ends as a modelruns ``APIError``. Responses are decoded leniently unless the client
is ``strict`` (see ``ClientOptions``).
"""

from __future__ import annotations

import asyncio
import contextlib
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType, TracebackType
from typing import Any, ClassVar, Generic, Self, TypedDict, TypeVar, overload

import attrs
import httpx

from modelruns._auth import SecretAuth
from modelruns._decode import (
    Decoder,
    Deviations,
    TolerantDecoder,
    compile_decoder,
    compile_tolerant,
    gc_paused,
    loads,
)
from modelruns._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    MissingCredentialsError,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    mask_secrets,
    status_error_from_response,
)
from modelruns._log import LOGGER
from modelruns._names import snake_case, squash
from modelruns._params import check_arguments
from modelruns._retry import RetryPolicy
from modelruns._specs import (
    IDEMPOTENT_METHODS,
    Credential,
    Provider,
    find_operation,
    load_spec,
    resolve,
    server_variable_credential,
    spec_credentials,
)
from modelruns._validation import Check, InvalidBodyError, compile_schema

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "AsyncAPIClient",
    "ClientOptions",
    "Connection",
    "Credential",
    "Deviation",
    "NotGiven",
    "Operation",
    "PaginationStyle",
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

    @classmethod
    def from_spec(cls, entry: Mapping[str, Any]) -> PaginationStyle:
        """Read one spec entry; an unknown style is an error here, not a silent loop later."""
        style = entry.get("style")
        if style not in ("token", "integer-token", "page-number", "single-page"):
            raise ValueError(f"unknown x-modelruns-pagination style {style!r}")
        known = {f for f in cls.__dataclass_fields__ if f != "first_page"}
        values = {k.replace("-", "_"): v for k, v in entry.items() if k in known}
        return cls(first_page=int(entry.get("first_page", 1)), **values)

    def request_names(self) -> tuple[str, ...]:
        """The query parameters this style drives."""
        return tuple(n for n in (self.request_token, self.page, self.page_size) if n)


ModelT = TypeVar("ModelT")


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
                fast = None if strict else getattr(self.decoder, "fast", None)
                if fast is not None:
                    # Any surprise on the fast route: the tolerant route decides, naming it.
                    with contextlib.suppress(Exception):
                        return fast(raw)
                tolerant = self.tolerant
                if tolerant is None:
                    return self._decode_raw(raw)
                model = tolerant(raw, found)
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
    schema = success["content"]["application/json"]["schema"]
    model_name = schema["$ref"].rsplit("/", 1)[-1]
    package = importlib.import_module(module.__name__.split(".", 1)[0] + ".models")
    model_cls = getattr(package, model_name)
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
        decoder=compile_decoder(schema, components, model_cls, check),
        tolerant=compile_tolerant(schema, components, model_cls),
        idempotent=method in IDEMPOTENT_METHODS if idempotent is None else bool(idempotent),
        acs_action=op.get("x-acs-action"),
        pagination=tuple(
            PaginationStyle.from_spec(e) for e in op.get("x-modelruns-pagination", ())
        ),
        named_errors=dict(named_errors or {}),
        fixed_params=fixed,
    )


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
    return model(**given)


_LIST_OF_MODEL = re.compile(r"\blist\[(\w+)\]")


def _list_item_model(model: type[Any], attribute: str) -> type[Any] | None:
    """The generated model a list attribute of ``model`` holds, if its items are models."""
    field_ = attrs.fields_dict(model).get(attribute)
    annotation = field_.type if field_ is not None else None
    match = _LIST_OF_MODEL.search(annotation) if isinstance(annotation, str) else None
    if match is None:
        return None
    # The generated package's ``models`` module exports every model by its class name.
    package = importlib.import_module(model.__module__.rsplit(".", 1)[0])
    found = getattr(package, match.group(1), None)
    return found if attrs.has(found) and hasattr(found, "from_dict") else None


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
        items.append(built)
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
) -> Connection:
    """The ``Connection`` a generated client constructor builds from its keywords.

    ``credentials`` (the spec's ``x-modelruns-credentials`` keywords) are filled from the
    environment and checked, unless a preconfigured ``auth`` is given; ``make_auth``, the
    provider module's one hook, turns them into the request signer. Without ``base_url`` the
    spec's server URL is filled from ``variables``: a server variable with ``x-modelruns-env``
    must be given (keyword or environment, its default being only an example), any other falls
    back to its default.
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
    return Connection(
        provider,
        base_url,
        auth,
        auth.secrets(),
        named_errors=dict(named_errors or {}),
        empty_not_found=empty_not_found,
    )


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
      ``DEFAULT_MAX_RESPONSE_SIZE``, 64 MiB); a larger one is a ``ResponseTooLargeError``.
    """

    strict: bool | None
    on_deviation: Callable[[Deviation], None] | None
    max_response_size: int


_INDEX = re.compile(r"\[\d+\]")


def _strict_from_environment() -> bool:
    value = os.environ.get("MODELRUNS_STRICT", "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"MODELRUNS_STRICT must be 1 or 0 (true/false), got {value!r}")


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
            if name.endswith(("connect_tcp.complete", "start_tls.complete")):
                self.stream = info.get("return_value") or self.stream
            if previous is not None:
                previous(name, info)

        trace._modelruns_inner = previous  # type: ignore[attr-defined]
        request.extensions["trace"] = trace
        self.lookup = lambda: _pooled_stream(http, request, trace)

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
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG._after_fork)


class _ClientCore:
    """What sync and async clients share: configuration, request building, answer handling."""

    _provider: Provider
    _secrets: tuple[str, ...]
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
        self._provider = connection.provider
        self._base_url = connection.base_url.rstrip("/")
        self._auth = connection.auth
        self._secrets = connection.secrets
        self._empty_not_found = connection.empty_not_found
        self._timeout = timeout
        self._retry = retry_policy or RetryPolicy()
        self._max_retries = self._retry.max_retries if max_retries is None else max_retries
        self._default_params = dict(connection.default_params)
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
        self._reported: set[tuple[str, str]] = set()
        self._reported_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """The URL requests are sent to."""
        return self._base_url

    @property
    def strict(self) -> bool:
        """Whether any deviation from the spec raises (else tolerated and reported)."""
        return self._strict

    def __repr__(self) -> str:
        name = f"{type(self).__module__}.{type(self).__name__}"
        return f"{name}(base_url={self._base_url!r}, auth={self._auth!r})"

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        timeout: Any,
        extensions: Mapping[str, Any] | None = None,
    ) -> httpx.Request:
        headers = dict(kwargs.get("headers") or {})
        if op.acs_action:
            headers["x-acs-action"] = op.acs_action
            headers["x-acs-version"] = str(self._acs_version)
        return http.build_request(
            kwargs["method"],
            self._base_url + kwargs["url"],
            params=kwargs.get("params"),
            json=kwargs.get("json"),
            content=kwargs.get("content"),
            data=kwargs.get("data"),
            files=kwargs.get("files"),
            headers=headers,
            timeout=timeout,
            extensions=dict(extensions) if extensions else None,
        )

    def _call_timeout(self, timeout: Any) -> Any:
        return self._timeout if isinstance(timeout, NotGiven) else timeout

    def _call_kwargs(self, op: Operation[Any], *args: Any, **params: Any) -> dict[str, Any]:
        accepted = inspect.signature(op.module._get_kwargs).parameters
        for key, value in {**self._default_params, **op.fixed_params}.items():
            if key in accepted and params.get(key) is None:
                params[key] = value
        args, params = check_arguments(op.provider, op.operation_id, op.module, args, params)
        return op.get_kwargs(*args, **params)

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

    def _log_request(self, request: httpx.Request, status: Any, started: float) -> None:
        if LOGGER.isEnabledFor(10):  # DEBUG
            elapsed = (time.monotonic() - started) * 1000
            url = self._mask(str(request.url))
            LOGGER.debug("%s %s -> %s in %.1f ms", request.method, url, status, elapsed)

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
        with gc_paused():  # one pause for both steps (see gc_paused)
            raw = op.parse(response)
            return self._build(op, raw, response), raw


# Headers that carry credentials; never copied onto a followed redirect (the auth re-signs).
_AUTH_HEADERS = frozenset(
    {
        "authorization",
        "x-api-key",
        "x-ncp-apigw-api-key",
        "x-ncp-apigw-signature-v2",
        "x-ncp-apigw-timestamp",
        "x-ncp-iam-access-key",
        "x-acs-signature-nonce",
        "x-acs-date",
        "x-acs-content-sha256",
        "cookie",
    }
)


def _handle_answer(
    core: _ClientCore, op: Operation[Any], response: httpx.Response
) -> tuple[Any, Any]:
    if 200 <= response.status_code < 300:
        return core._answer(op, response)
    raise core._error_for(op, response)


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
        self._http = http_client or httpx.Client(timeout=timeout)

    def _http_client(self) -> httpx.Client:
        return self._http

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
    ) -> tuple[Any, Any]:
        response = self._exchange(
            op, kwargs, timeout=timeout, max_retries=max_retries, extensions=extensions
        )
        return _handle_answer(self, op, response)

    def _read(self, request: httpx.Request, deadline: _Deadline) -> httpx.Response:
        """Send ``request`` and read its body within the deadline and the size limit."""
        left = deadline.remaining()
        timer = None
        deadline.stream = None
        if left is not None:
            deadline.watch(request, self._http)
            timer = _WATCHDOG.schedule(left, deadline.cut)
        try:
            response = self._http.send(
                request, auth=self._auth, stream=True, follow_redirects=False
            )
            try:
                deadline.seen(response)
                self._check_declared_size(request, response)
                chunks: list[bytes] = []
                size = 0
                try:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self._max_response_size:
                            raise self._too_large(request, response)
                        if deadline.expired():
                            raise self._timed_out(request, deadline)
                        chunks.append(chunk)
                except httpx.DecodingError as error:
                    raise self._undecodable(request, response, error) from None
                response._content = b"".join(chunks)  # what Response.read() sets
                return response
            finally:
                response.close()
        finally:
            if timer is not None:
                timer.cancel()

    def _exchange(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        *,
        timeout: Any = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        """Send with retries; the 2xx response (body read, not parsed) or the mapped error."""
        retries = self._retries(max_retries)
        policy = self._retry
        timeout = self._call_timeout(timeout)
        deadline = _Deadline(_total_seconds(timeout))
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
            self._log_request(request, response.status_code, started)
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
        self._http = http_client or httpx.AsyncClient(timeout=timeout)

    def _http_client(self) -> httpx.AsyncClient:
        return self._http

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
    ) -> tuple[Any, Any]:
        response = await self._exchange(
            op, kwargs, timeout=timeout, max_retries=max_retries, extensions=extensions
        )
        return _handle_answer(self, op, response)

    async def _read(self, request: httpx.Request, deadline: _Deadline) -> httpx.Response:
        """Send ``request`` and read its body within the deadline and the size limit."""
        # One timeout over the attempt (a cancel scope): it ends whatever the attempt awaits,
        # on a new connection or a pooled one, in the head or in the body.
        scope = asyncio.timeout(deadline.remaining())
        try:
            async with scope:
                response = await self._http.send(
                    request, auth=self._auth, stream=True, follow_redirects=False
                )
                try:
                    self._check_declared_size(request, response)
                    chunks: list[bytes] = []
                    size = 0
                    try:
                        async for chunk in response.aiter_bytes():
                            size += len(chunk)
                            if size > self._max_response_size:
                                raise self._too_large(request, response)
                            chunks.append(chunk)
                    except httpx.DecodingError as error:
                        raise self._undecodable(request, response, error) from None
                    response._content = b"".join(chunks)  # what Response.aread() sets
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
    ) -> httpx.Response:
        """Send with retries; the 2xx response (body read, not parsed) or the mapped error."""
        retries = self._retries(max_retries)
        policy = self._retry
        timeout = self._call_timeout(timeout)
        deadline = _Deadline(_total_seconds(timeout))
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
            self._log_request(request, response.status_code, started)
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
