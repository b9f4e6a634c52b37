"""The one request engine behind every provider's ``Client`` and ``AsyncClient``.

A provider module declares its operations (``operation(provider, generated_module)``) and its
credentials; everything else is read from the spec: base URL, success status, response model,
pagination styles, ``x-acs-*`` headers, named errors. Requests are built by the generated
module's ``_get_kwargs``; 2xx bodies are checked against the spec schema and decoded with the
generated model's ``from_dict``; everything else becomes an exception from ``_exceptions``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType, TracebackType
from typing import Any, Self

import attrs
import httpx

from modelruns._decode import Decoder, compile_decoder
from modelruns._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ResponseValidationError,
    status_error_from_response,
)
from modelruns._params import check_arguments
from modelruns._retry import RetryPolicy
from modelruns._specs import Provider, load_spec, resolve
from modelruns._validation import Check, InvalidBodyError, compile_schema

__all__ = [
    "AsyncAPIClient",
    "Connection",
    "Credential",
    "NotGiven",
    "Operation",
    "PaginationStyle",
    "SyncAPIClient",
    "operation",
    "request_body",
    "spec_credentials",
]

_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
DEFAULT_TIMEOUT = 60.0


class NotGiven:
    """Marks a per-call override that was not given (``None`` means "no timeout")."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

#: A per-call ``timeout=`` override: seconds, an ``httpx.Timeout``, ``None`` (no timeout) or not
#: given (the client's own).
Timeout = float | httpx.Timeout | None | NotGiven


def _snake(name: str) -> str:
    """``listModelStudioRuns`` -> ``list_model_studio_runs`` (the generator's module names)."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def _squash(name: str) -> str:
    return name.replace("_", "").lower()


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


@dataclass(frozen=True)
class Operation:
    """An API operation: its generated module plus the facts the spec states about it."""

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
            return json.loads(response.content)
        except ValueError as error:
            raise ResponseValidationError(
                f"{self.operation_id}: the 2xx body is not JSON ({error})", response=response
            ) from None

    def build(self, raw: Any, response: httpx.Response) -> Any:
        """Check the parsed body ``raw`` against the spec and decode it into the model."""
        try:
            return self._decode_raw(raw)
        except InvalidBodyError as error:
            raise ResponseValidationError(
                f"{self.operation_id}: {error.path}: {error.problem}",
                path=error.path,
                response=response,
            ) from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ResponseValidationError(
                f"{self.operation_id}: the body does not decode: {type(error).__name__}: {error}",
                response=response,
            ) from None

    def decode(self, response: httpx.Response) -> tuple[Any, Any]:
        """Check and decode a 2xx body: ``(model, raw JSON)``."""
        raw = self.parse(response)
        return self.build(raw, response), raw


def _find_operation(
    spec: Mapping[str, Any], snake_name: str
) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    for path_item in spec.get("paths", {}).values():
        for method in _HTTP_METHODS:
            op = path_item.get(method)
            if isinstance(op, dict) and _snake(op.get("operationId", "")) == snake_name:
                return op["operationId"], method.upper(), op, path_item
    raise LookupError(f"no operation named {snake_name!r} in the spec")


def operation(
    provider: Provider,
    module: ModuleType,
    *,
    named_errors: Mapping[str, type[APIStatusError]] | None = None,
) -> Operation:
    """Describe the generated ``module``'s operation from the provider's spec.

    Whether a lost answer may be retried is the spec's ``x-modelruns-idempotent``; an operation
    without it falls back to the HTTP method's rule.
    """
    spec = load_spec(provider)
    operation_id, method, op, path_item = _find_operation(spec, module.__name__.rsplit(".", 1)[-1])
    idempotent = op.get("x-modelruns-idempotent")
    statuses = sorted(int(code) for code in op["responses"] if str(code).startswith("2"))
    success = resolve(spec, op["responses"][str(statuses[0])])
    schema = success["content"]["application/json"]["schema"]
    model_name = schema["$ref"].rsplit("/", 1)[-1]
    package = importlib.import_module(module.__name__.split(".", 1)[0] + ".models")
    model_cls = getattr(package, model_name)
    components = spec.get("components", {})
    check = compile_schema(schema, components)
    accepted = {_squash(name): name for name in inspect.signature(module._get_kwargs).parameters}
    fixed = {}
    for entry in [*path_item.get("parameters", []), *op.get("parameters", [])]:
        parameter = resolve(spec, entry)
        if parameter.get("x-modelruns-fixed"):
            keyword = accepted.get(_squash(parameter["name"]))
            if keyword is not None:
                fixed[keyword] = resolve(spec, parameter["schema"])["const"]
    return Operation(
        provider=provider,
        operation_id=operation_id,
        module=module,
        method=method,
        success_statuses=frozenset(statuses),
        response_model=model_cls,
        check=check,
        decoder=compile_decoder(schema, components, model_cls, check),
        idempotent=method in _IDEMPOTENT_METHODS if idempotent is None else bool(idempotent),
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
        if _squash(name.name) == _squash(wire_name):
            return str(name.name)
    raise LookupError(f"{model_cls.__name__} has no attribute for {wire_name!r}")


@dataclass(frozen=True)
class Credential:
    """One credential keyword of a client and the environment variables that can supply it."""

    keyword: str
    env: tuple[str, ...]


def resolve_credentials(
    client_name: str,
    given: Mapping[str, str | None],
    credentials: Sequence[Credential],
    *,
    any_of: bool = False,
) -> dict[str, str]:
    """Fill each credential from its keyword, else its environment variables.

    A missing one is a ``ValueError`` naming the keyword and the variables; with ``any_of``,
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
        described = "; ".join(f"pass {c.keyword}= or set {' or '.join(c.env)}" for c in missing)
        joiner = "one of these credentials" if any_of else "credentials"
        raise ValueError(f"{client_name}: missing {joiner}: {described}")
    return found


def spec_credentials(provider: Provider) -> tuple[tuple[Credential, ...], bool]:
    """The spec's ``x-modelruns-credentials``: the keywords, and whether any one is enough."""
    declared = load_spec(provider).get("x-modelruns-credentials", {})
    credentials = tuple(
        Credential(entry["keyword"], tuple(entry["env"])) for entry in declared.get("keywords", [])
    )
    return credentials, bool(declared.get("any-of", False))


def server_variable_credential(provider: Provider, name: str) -> Credential:
    """A server variable as a client keyword, with the spec's ``x-modelruns-env`` variables."""
    variable = load_spec(provider)["servers"][0]["variables"][name]
    return Credential(name, tuple(variable.get("x-modelruns-env", ())))


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
    return model(**given)


def default_base_url(provider: Provider, variables: Mapping[str, str | None]) -> str:
    """The spec's first server URL with its variables filled (given value, else default)."""
    server = load_spec(provider)["servers"][0]
    url: str = server["url"]
    for name, var in server.get("variables", {}).items():
        url = url.replace("{" + name + "}", variables.get(name) or str(var["default"]))
    return url


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


class _ClientCore:
    """What sync and async clients share: configuration, request building, answer handling."""

    _provider: Provider
    _secrets: tuple[str, ...]

    def _setup(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
    ) -> None:
        self._provider = connection.provider
        self._base_url = connection.base_url.rstrip("/")
        self._auth = connection.auth
        self._secrets = connection.secrets
        self._timeout = timeout
        self._retry = retry_policy or RetryPolicy()
        self._max_retries = self._retry.max_retries if max_retries is None else max_retries
        self._default_params = dict(connection.default_params)
        self._named_errors = dict(connection.named_errors)
        self._acs_version = load_spec(connection.provider).get("x-acs-version")

    @property
    def base_url(self) -> str:
        """The URL requests are sent to."""
        return self._base_url

    def __repr__(self) -> str:
        name = f"{type(self).__module__}.{type(self).__name__}"
        return f"{name}(base_url={self._base_url!r}, auth={self._auth!r})"

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation,
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
            timeout=self._timeout if isinstance(timeout, NotGiven) else timeout,
            extensions=dict(extensions) if extensions else None,
        )

    def _call_kwargs(self, op: Operation, *args: Any, **params: Any) -> dict[str, Any]:
        accepted = inspect.signature(op.module._get_kwargs).parameters
        for key, value in {**self._default_params, **op.fixed_params}.items():
            if key in accepted and params.get(key) is None:
                params[key] = value
        args, params = check_arguments(op.provider, op.operation_id, op.module, args, params)
        return op.get_kwargs(*args, **params)

    def _retries(self, max_retries: int | NotGiven) -> int:
        return self._max_retries if isinstance(max_retries, NotGiven) else max_retries

    def _error_for(self, op: Operation, response: httpx.Response) -> APIStatusError:
        named = {**self._named_errors, **op.named_errors}
        return status_error_from_response(response, named=named, secrets=self._secrets)

    def _transport_error(self, error: httpx.TransportError, request: httpx.Request) -> Exception:
        text = f"{type(error).__name__}: {error}"
        for secret in self._secrets:
            text = text.replace(secret, "***") if secret else text
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out ({text})", request=request)
        return APIConnectionError(f"Connection error ({text})", request=request)


def _handle_answer(core: _ClientCore, op: Operation, response: httpx.Response) -> tuple[Any, Any]:
    if 200 <= response.status_code < 300:
        return op.decode(response)
    raise core._error_for(op, response)


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
    ) -> None:
        self._setup(connection, timeout, max_retries, retry_policy)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout)

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
        op: Operation,
        kwargs: Mapping[str, Any],
        *,
        timeout: Any = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> tuple[Any, Any]:
        response = self._exchange(op, kwargs, timeout=timeout, max_retries=max_retries)
        return _handle_answer(self, op, response)

    def _exchange(
        self,
        op: Operation,
        kwargs: Mapping[str, Any],
        *,
        timeout: Any = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        """Send with retries; the 2xx response (body read, not parsed) or the mapped error."""
        retries = self._retries(max_retries)
        policy = self._retry
        attempt = 0
        while True:
            request = self._build_request(self._http, op, kwargs, timeout, extensions)
            try:
                response = self._http.send(request, auth=self._auth)
            except httpx.TransportError as error:
                if attempt < retries and policy.should_retry_error(error, idempotent=op.idempotent):
                    policy.sleep(policy.delay(attempt))
                    attempt += 1
                    continue
                raise self._transport_error(error, request) from None
            if 200 <= response.status_code < 300:
                return response
            error_ = self._error_for(op, response)
            if attempt < retries and policy.should_retry_status(
                response.status_code, idempotent=op.idempotent, code=error_.code
            ):
                policy.sleep(policy.delay(attempt, response.headers))
                attempt += 1
                continue
            raise error_

    def _call(
        self, op: Operation, *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> Any:
        return self._send(
            op, self._call_kwargs(op, *args, **params), timeout=timeout, max_retries=max_retries
        )[0]


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
    ) -> None:
        self._setup(connection, timeout, max_retries, retry_policy)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)

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
        op: Operation,
        kwargs: Mapping[str, Any],
        *,
        timeout: Any = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> tuple[Any, Any]:
        response = await self._exchange(op, kwargs, timeout=timeout, max_retries=max_retries)
        return _handle_answer(self, op, response)

    async def _exchange(
        self,
        op: Operation,
        kwargs: Mapping[str, Any],
        *,
        timeout: Any = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        """Send with retries; the 2xx response (body read, not parsed) or the mapped error."""
        retries = self._retries(max_retries)
        policy = self._retry
        attempt = 0
        while True:
            request = self._build_request(self._http, op, kwargs, timeout, extensions)
            try:
                response = await self._http.send(request, auth=self._auth)
            except httpx.TransportError as error:
                if attempt < retries and policy.should_retry_error(error, idempotent=op.idempotent):
                    await policy.async_sleep(policy.delay(attempt))
                    attempt += 1
                    continue
                raise self._transport_error(error, request) from None
            if 200 <= response.status_code < 300:
                return response
            error_ = self._error_for(op, response)
            if attempt < retries and policy.should_retry_status(
                response.status_code, idempotent=op.idempotent, code=error_.code
            ):
                await policy.async_sleep(policy.delay(attempt, response.headers))
                attempt += 1
                continue
            raise error_

    async def _call(
        self, op: Operation, *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> Any:
        kwargs = self._call_kwargs(op, *args, **params)
        return (await self._send(op, kwargs, timeout=timeout, max_retries=max_retries))[0]
