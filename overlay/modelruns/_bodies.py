"""A request body built from a model given whole or from its fields given as keywords.

A field typed as a generated model (or a union of models, or a list of them) also takes a dict
with the model's JSON keys, checked: a missing key or one the model does not have is named.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

__all__ = ["request_body"]


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
