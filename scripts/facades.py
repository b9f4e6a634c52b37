"""The facade module of one spec, rendered through the Jinja templates in scripts/templates/.

``render_module`` reads the spec's surface (``scripts/surface.py``: the operations;
``scripts/surface_clients.py``: waiters, constructors, named errors), checks its names
against the generated package (``scripts/generated_names.py``), and fills in
``templates/module.py.jinja``: the classes that ``modelruns.<provider>``'s ``Client`` and
``AsyncClient`` inherit, from one template for both (and the error classes). The views below
hold what a template writes and nothing it has to compute; ``scripts/generate.py`` then lets
ruff sort the imports and format the module. The engine names the module imports from
the engine's modules are written once, in ``templates/module.py.jinja``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from scripts.docstrings import (
    constructor_doc,
    docstring_text,
    error_doc,
    method_doc,
    raw_method_doc,
    waiter_doc,
)
from scripts.generated_names import check_against_generated, module_tag
from scripts.signatures import (
    extras,
    is_coroutine,
    parameter_lines,
    returns,
    waiter_parameter_lines,
)
from scripts.surface import Method, describe, pascal
from scripts.surface_clients import (
    Constructor,
    NamedError,
    WaiterMethod,
    describe_constructor,
    describe_errors,
    describe_waiters,
    error_root,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The facades package's ``__init__`` (scripts/generate.py writes it beside the modules).
INIT = '''\
"""The generated methods of each provider's clients (scripts/generate.py; do not edit)."""
'''


@functools.cache
def environment() -> jinja2.Environment:
    """The templates' environment: block tags take their whole line, nothing is escaped."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - it renders Python source and Markdown, never HTML
    )


def _literal(names: Sequence[str]) -> str:
    """``{"a": a, "b": b}``: a dict of the keywords given, by their own names."""
    return "{" + ", ".join(f'"{name}": {name}' for name in names) + "}"


@dataclass(frozen=True)
class MethodView:
    """One operation's method (and its ``with_raw_response`` twin) on one client."""

    name: str
    def_: str
    raw_def: str
    params: tuple[str, ...]
    returns: str
    doc: str
    raw_doc: str
    constant: str
    path: str  # ", run_id": the path arguments after the operation
    extras: str  # ", extra_headers=extra_headers, ...": passed on as given
    request: str  # request_body's arguments, when the operation has a body
    given: str  # the dict literal of the operation's own keywords, when there is one
    pager: str  # the paginator class of a list method, else ""
    prefetch: str
    await_: str


def method_view(method: Method, sync: bool) -> MethodView:
    """What the templates write of ``method`` on the sync or the async client."""
    given = [f'"{p.name}": {p.name}' for p in method.keywords]
    request = ""
    if method.body_model:
        fields = _literal([p.name for p in method.body_fields])
        request = (
            f'"{method.name}", {method.body_model}, body, {fields}, required={method.body_required}'
        )
        given.append('"body": request')
    return MethodView(
        name=method.name,
        def_="async def" if is_coroutine(method, sync) else "def",
        raw_def="def" if sync else "async def",
        params=("self", *parameter_lines(method)),
        returns=returns(method, sync),
        doc="\n".join(method_doc(method, sync, " " * 8)),
        raw_doc=raw_method_doc(method),
        constant=method.constant,
        path="".join(f", {p.name}" for p in method.path_params),
        extras="".join(f", {name}={name}" for name, _ in extras(method)),
        request=request,
        given="{" + ", ".join(given) + "}" if given or method.paginated else "",
        pager=("SyncPaginator" if sync else "AsyncPaginator") if method.paginated else "",
        prefetch=", prefetch=prefetch" if method.prefetch else "",
        await_="" if sync else "await ",
    )


@dataclass(frozen=True)
class WaiterView:
    """One ``x-modelruns-wait`` method on one client."""

    name: str
    def_: str
    params: tuple[str, ...]
    returns: str
    doc: str
    await_: str
    engine: str  # modelruns._wait's wait or async_wait
    constant: str
    operation: str
    path: str
    run_id: str


def waiter_view(waiter: WaiterMethod, sync: bool) -> WaiterView:
    """What the templates write of ``waiter`` on the sync or the async client."""
    return WaiterView(
        name=waiter.name,
        def_="def" if sync else "async def",
        params=("self", *waiter_parameter_lines(waiter)),
        returns=waiter.returns.text,
        doc="\n".join(waiter_doc(waiter, " " * 8)),
        await_="" if sync else "await ",
        engine="wait" if sync else "async_wait",
        constant=waiter.constant,
        operation=waiter.operation.name,
        path=", ".join(p.name for p in waiter.path_params),
        run_id=waiter.run_id,
    )


@dataclass(frozen=True)
class ConstructorView:
    """``ClientBase`` or ``AsyncClientBase``: the constructor and ``with_options``."""

    sync: bool
    cls: str
    base: str
    client: str
    provider: str
    keywords: tuple[str, ...]
    http: str
    auth: str | None
    init_doc: str
    credentials: str
    variables: str
    errors: bool


def constructor_view(
    constructor: Constructor, provider: str, errors: bool, sync: bool
) -> ConstructorView:
    """What the constructor template writes for one client."""
    return ConstructorView(
        sync=sync,
        cls="ClientBase" if sync else "AsyncClientBase",
        base="ClientMethods" if sync else "AsyncClientMethods",
        client="Client" if sync else "AsyncClient",
        provider=provider,
        keywords=(*constructor.credentials, *constructor.variables),
        http="httpx.Client" if sync else "httpx.AsyncClient",
        auth=constructor.auth,
        init_doc=constructor_doc(constructor, provider, sync),
        credentials=_literal(constructor.credentials),
        variables=_literal(constructor.variables),
        errors=errors,
    )


def render_constructor(constructor: Constructor, provider: str, errors: bool, sync: bool) -> str:
    """One client's constructor class, from the template both share."""
    template = environment().from_string(
        '{% from "constructor.py.jinja" import constructor %}{{ constructor(view) }}'
    )
    return template.render(view=constructor_view(constructor, provider, errors, sync))


@dataclass(frozen=True)
class ErrorView:
    """One named error class (``properties``: name, annotation, docstring, wire names)."""

    name: str
    base: str
    doc: str
    properties: tuple[dict[str, str], ...]


def error_views(errors: Sequence[NamedError]) -> list[ErrorView]:
    """The named errors as the errors template writes them, by name."""
    return [
        ErrorView(
            name=error.name,
            base=error.base,
            doc=error_doc(error),
            properties=tuple(
                {
                    "name": p.name,
                    "type": p.type.text,
                    "doc": docstring_text(p.description, " " * 8),
                    "wires": ", ".join(f'"{w}"' for w in p.wires),
                }
                for p in error.properties
            ),
        )
        for error in sorted(errors, key=lambda e: e.name)
    ]


def _exported(provider: str, errors: Sequence[NamedError]) -> list[str]:
    """The module's ``__all__``: constants first, then classes, each sorted."""
    names = [
        "AsyncClientBase",
        "AsyncClientMethods",
        "AsyncClientMethodsWithRawResponse",
        "ClientBase",
        "ClientMethods",
        "ClientMethodsWithRawResponse",
    ]
    if errors:
        names += ["NAMED_ERRORS", error_root(provider), *(e.name for e in errors)]
    return sorted(names, key=lambda n: (0 if n.isupper() else 1, n))


def _imports(methods: Sequence[Method], package: str, package_dir: Path) -> dict[str, Any]:
    """What the module imports besides the engine: the generated modules, models, stdlib."""
    models: set[str] = set()
    stdlib: set[str] = {"Any"}
    modules: dict[str, list[str]] = {}
    for method in methods:
        models |= method.models()
        stdlib |= method.stdlib()
        tag = module_tag(method, package_dir)
        modules.setdefault(f"{package}.api.{tag}", []).append(method.name)
    return {
        "stdlib": stdlib,
        "api_modules": [(module, sorted(names)) for module, names in sorted(modules.items())],
        "models": sorted(models),
    }


def render_module(
    spec: Mapping[str, Any],
    *,
    provider: str,
    spec_file: str,
    package: str,
    package_dir: Path,
) -> str:
    """The facade module of one spec; its names are checked against the generated package."""
    methods = describe(spec)
    check_against_generated(methods, package, package_dir)
    waiters = describe_waiters(spec, methods)
    constructor = describe_constructor(spec)
    errors = describe_errors(spec)
    template = environment().get_template("module.py.jinja")
    return template.render(
        provider=provider,
        spec_file=spec_file,
        package=package,
        **_imports(methods, package, package_dir),
        auth=constructor.auth,
        has_body=any(m.body_model for m in methods),
        has_pages=any(m.paginated for m in methods),
        error_bases=sorted({"APIStatusError", *(e.base for e in errors)}),
        exported=_exported(provider, errors),
        methods=[
            {
                "constant": m.constant,
                "name": m.name,
                "model": m.returns.text,
                "views": {sync: method_view(m, sync) for sync in (True, False)},
            }
            for m in methods
        ],
        waiters=[
            {
                "constant": w.constant,
                "operation_id": w.operation.operation_id,
                "views": {sync: waiter_view(w, sync) for sync in (True, False)},
            }
            for w in waiters
        ],
        errors=error_views(errors),
        error_root={"name": error_root(provider), "title": pascal(provider)},
        constructors=[
            constructor_view(constructor, provider, bool(errors), sync) for sync in (True, False)
        ],
    )
