"""The routes a body takes: the fast decoder, and the tolerant one when the fast one declines."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from modelruns._decode._batch import PatternBatch
from modelruns._decode._emit import DeclinedError
from modelruns._decode._fast import FastEmitter
from modelruns._decode._tolerant import TolerantEmitter
from modelruns._decode._typed import compile_typed
from modelruns._decode._walker import UnsupportedError, Walker
from modelruns._validation import Check, compile_schema

__all__ = [
    "Decoder",
    "Deviations",
    "TolerantDecoder",
    "compile_decoder",
    "compile_tolerant",
    "decode_fast_or_tolerant",
    "decode_typed",
]

Decoder = Callable[[Any], Any]
#: Where a tolerant decoder records what it tolerated: ``(JSON path, kind, detail)``.
Deviations = list[tuple[str, str, str]]
TolerantDecoder = Callable[[Any, Deviations], Any]


def _with_batches(function: Callable[[Any, Any], Any], batches: list[PatternBatch]) -> Decoder:
    """The fast route's entry: decode, then check each pattern's collected values at once."""
    if not batches:
        return lambda raw: function(raw, None)
    checks = tuple(batches)

    def fast(raw: Any) -> Any:
        collected: list[list[str]] = [[] for _ in checks]
        # The decoders call the appends (`q[0](value)`): no attribute lookup per value.
        model = function(raw, tuple(values.append for values in collected))
        for check, values in zip(checks, collected, strict=True):
            if values and not check(values):
                raise DeclinedError
        return model

    return fast


def _entry(walker: Walker, schema: Mapping[str, Any], model_cls: type) -> Any:
    """The plan of the body's model, or ``None`` when the body's schema has no fast route."""
    try:
        return walker.model(model_cls, walker.resolve(schema))
    except UnsupportedError:
        return None


def _package(model_cls: type) -> str:
    return model_cls.__module__.split(".", 1)[0]


def compile_decoder(
    schema: Mapping[str, Any], components: Mapping[str, Any], model_cls: type, check: Check
) -> Decoder:
    """A function ``raw JSON -> model_cls`` that behaves as ``check(raw)`` then ``from_dict(raw)``.

    ``check`` (the compiled schema) and ``model_cls.from_dict`` decide every body the fast
    route declines, so errors are theirs: ``InvalidBodyError`` naming the field, or the
    generated code's ``KeyError``/``TypeError``/``ValueError``. The decoder's ``fast`` attribute
    is the fast route alone (``None`` when the schema has no fast route), which raises
    ``DeclinedError`` for a body that deviates.
    """
    walker = Walker(components, _package(model_cls))
    plan = _entry(walker, schema, model_cls)
    fast: Decoder | None = None
    typed: Callable[[bytes], tuple[Any, Mapping[str, Any]]] | None = None
    if plan is not None:
        emitter = FastEmitter(walker)
        name = emitter.function(plan)
        fast = _with_batches(emitter.build()[name], emitter.batches)
        typed = compile_typed(walker, plan)
    generic: Decoder = model_cls.from_dict  # type: ignore[attr-defined]

    def decode(raw: Any) -> Any:
        if fast is not None:
            try:
                return fast(raw)
            except DeclinedError:
                pass
        check(raw)
        return generic(raw)

    decode.fast = fast  # type: ignore[attr-defined]
    decode.typed = typed  # type: ignore[attr-defined]
    return decode


def compile_tolerant(
    schema: Mapping[str, Any],
    components: Mapping[str, Any],
    model_cls: type,
) -> TolerantDecoder:
    """A function ``(raw JSON, deviations) -> model_cls`` tolerating evolution (``_tolerant``).

    Each tolerated deviation is appended to ``deviations``; broken structure raises
    ``InvalidBodyError`` naming the path (from ``compile_schema(..., tolerant=True)``), or the
    generated code's own error for a shape the walk leaves to ``from_dict``.
    """
    walker = Walker(components, _package(model_cls))
    plan = _entry(walker, schema, model_cls)
    fast: Callable[[Any, str, Deviations], Any] | None = None
    if plan is not None:
        emitter = TolerantEmitter(walker)
        name = emitter.function(plan)
        fast = emitter.build()[name]
    structure = compile_schema(schema, components, tolerant=True)
    generic: Decoder = model_cls.from_dict  # type: ignore[attr-defined]

    def decode(raw: Any, deviations: Deviations) -> Any:
        if fast is not None:
            found: Deviations = []
            try:
                model = fast(raw, "$", found)
            except DeclinedError:
                pass
            else:
                deviations.extend(found)
                return model
        structure(raw)
        return generic(raw)

    return decode


def decode_fast_or_tolerant(
    raw: Any,
    deviations: Deviations,
    decoder: Decoder | None,
    tolerant: TolerantDecoder | None,
    fallback: Decoder,
    *,
    strict: bool = False,
) -> Any:
    """``raw`` decoded by ``decoder``'s fast route; the tolerant route only if it declines.

    The tolerant route appends what it tolerated to ``deviations``; without a tolerant
    decoder, ``fallback`` decides. Only the fast route's ``DeclinedError`` falls back: any
    other error of a decoder is a bug and surfaces as itself. ``strict`` (a strict client)
    goes straight to the tolerant route, whose deviations the caller then refuses.
    """
    fast: Decoder | None = None if strict else getattr(decoder, "fast", None)
    if fast is not None:
        try:
            return fast(raw)
        except DeclinedError:
            pass
    if tolerant is None:
        return fallback(raw)
    return tolerant(raw, deviations)


def decode_typed(
    decoder: Decoder | None, content: bytes, *, strict: bool = False
) -> tuple[Any, Mapping[str, Any]] | None:
    """``(model, JSON)`` from the body's text by ``decoder``'s typed route, or ``None``.

    ``None`` when there is no typed route, for a strict client (which checks every body the
    thorough way), or when the typed route declines the body: the caller then parses it and
    takes ``decode_fast_or_tolerant``. The JSON is a ``LazyJSON``, parsed only if read beyond
    the values the model holds as they came.
    """
    typed = None if strict else getattr(decoder, "typed", None)
    if typed is None:
        return None
    try:
        answer: tuple[Any, Mapping[str, Any]] = typed(content)
    except DeclinedError:
        return None
    return answer
