"""``docs/api.md``, the API reference: every client's keywords and every method, from the specs.

``render_reference`` reads each spec's surface (``scripts/surface.py``,
``scripts/surface_clients.py``) and fills in ``templates/reference.md.jinja``: per provider the
constructor keywords, a table of the methods and waiters, then each one's signature (as a user
calls it) and what it does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scripts.docstrings import LINE
from scripts.facades import environment
from scripts.signatures import parameter_lines, returns, waiter_parameter_lines
from scripts.surface import Method, clean, describe
from scripts.surface_clients import (
    Constructor,
    WaiterMethod,
    describe_constructor,
    describe_waiters,
)


@dataclass(frozen=True)
class Entry:
    """One method or waiter: its row in the provider's table and its section."""

    name: str
    request: str
    summary: str
    signature: str
    text: str


def _signature(method: Method) -> str:
    """The method's signature as a user calls it (no ``self``), one parameter a line if long."""
    # Every method takes these (the header says so): the reference shows the operation's own.
    common = ("timeout:", "max_retries:", "extra_headers:", "extra_query:", "extra_body:")
    parameters = [p for p in parameter_lines(method) if not p.startswith(common)]
    if parameters and parameters[-1] == "*":
        parameters = parameters[:-1]
    one_line = f"{method.name}({', '.join(parameters)}) -> {returns(method, sync=True)}"
    if len(one_line) <= LINE:
        return one_line
    inner = "".join(f"    {p},\n" for p in parameters)
    return f"{method.name}(\n{inner}) -> {returns(method, sync=True)}"


def _constructor_keywords(constructor: Constructor) -> str:
    names = [*constructor.credentials, *constructor.variables, "base_url"]
    if constructor.auth:
        names.append("auth")
    names += ["timeout", "max_retries", "retry_policy", "http_client"]
    names += ["default_headers", "default_query", "strict", "on_deviation", "max_response_size"]
    names.append("record_to")
    return ", ".join(names)


def method_entry(method: Method) -> Entry:
    """A method's row and section."""
    summary = clean(method.summary or method.operation_id).rstrip(".")
    retried = (
        "Idempotent: failed attempts are retried."
        if method.idempotent
        else "Not idempotent: retried only when the request cannot have been sent."
    )
    if method.paginated:
        item = method.item_type.text if method.item_type else "item"
        answer = f"Returns a lazy paginator of `{item}` (every page, on iteration)."
    else:
        answer = f"Returns `{method.returns.text}`."
    deprecated = "Deprecated by the provider. " if method.deprecated else ""
    request = f"`{method.http_method} {clean(method.path)}`"
    return Entry(
        name=method.name,
        request=request,
        summary=summary.replace("|", "\\|"),
        signature=_signature(method),
        text=f"{deprecated}{summary}. {request} (`{method.operation_id}`). {answer} {retried}",
    )


def waiter_entry(waiter: WaiterMethod) -> Entry:
    """A waiter's row and section: its signature and what it polls."""
    inner = "".join(f"    {p},\n" for p in waiter_parameter_lines(waiter))
    finals = ", ".join(f"`{value}` ({state})" for value, state in waiter.finals)
    how = (
        f"finds the run in `{waiter.operation.name}`, newest first, within {waiter.max_pages} "
        f"pages of {waiter.page_size}"
        if waiter.found is not None
        else f"polls `{waiter.operation.name}`"
    )
    return Entry(
        name=waiter.name,
        request=f"polls `{waiter.operation.http_method} {clean(waiter.operation.path)}`",
        summary="Wait until a run is final",
        signature=f"{waiter.name}(\n{inner}) -> {waiter.returns.text}",
        text=f"Waits until the run is final and returns it: {how} (`x-modelruns-wait`). Final: "
        f"{finals}; any other status, one the spec does not list included, is not. "
        "`WaitTimeoutError` (with `.last`) when `timeout` passes first.",
    )


def render_reference(documents: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    """``docs/api.md``: for each (provider, spec), the clients' keywords and every method."""
    providers = []
    for provider, spec in documents:
        constructor = describe_constructor(spec)
        methods = describe(spec)
        waiters = describe_waiters(spec, methods)
        providers.append(
            {
                "provider": provider,
                "title": clean(str((spec.get("info") or {}).get("title", provider))),
                "keywords": _constructor_keywords(constructor),
                "docs": [(name, clean(text)) for name, text in constructor.docs],
                "entries": [
                    *(method_entry(m) for m in methods),
                    *(waiter_entry(w) for w in waiters),
                ],
            }
        )
    text = environment().get_template("reference.md.jinja").render(providers=providers)
    return text.rstrip("\n") + "\n"
