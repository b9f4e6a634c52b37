"""What an operation is, read once from its spec and its generated module.

``operation(provider, module)`` finds the generated module's operation in the spec and keeps
the facts the engine needs: method, success statuses, response model and its compiled checks
and decoders, the retry rule (``x-modelruns-idempotent``), PAI's action, the pagination styles,
fixed parameters, a binary or empty answer. ``Operation`` parses and decodes a 2xx body.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Generic, TypeVar, overload

import httpx

from modelruns._decode import (
    Decoder,
    Deviations,
    TolerantDecoder,
    compile_decoder,
    compile_tolerant,
    decode_fast_or_tolerant,
    decode_typed,
    gc_paused,
    loads,
)
from modelruns._exceptions import APIStatusError, ResponseValidationError
from modelruns._names import snake_case, squash
from modelruns._specs import IDEMPOTENT_METHODS, Provider, find_operation, load_spec, resolve
from modelruns._validation import Check, InvalidBodyError, compile_schema

__all__ = [
    "ModelT",
    "Operation",
    "PaginationStyle",
    "attribute_for",
    "binary_media",
    "operation",
]


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
        """Check and decode a 2xx body, any deviation raising: ``(model, raw JSON)``.

        The typed route reads the text straight into the model; a body it declines is parsed
        and built as before (``parse`` then ``build``).
        """
        bodiless = self.bodiless(response)
        if bodiless is not None:
            return bodiless
        with gc_paused():  # one pause for both steps (see gc_paused)
            answer = decode_typed(self.decoder, response.content)
            if answer is not None:
                return answer
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
