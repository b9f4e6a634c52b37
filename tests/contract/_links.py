"""Calling a stub in-process and following the spec's OpenAPI links by their runtime expressions.

The links are read from the spec through schemathesis (the same objects its state machine
follows), so a scenario that walks them exercises exactly what the spec declares.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import schemathesis
from schemathesis.core.result import Ok
from schemathesis.core.transforms import UNRESOLVABLE
from schemathesis.generation.stateful.state_machine import StepOutput
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.stateful import collect_transitions
from schemathesis.specs.openapi.stateful.links import OpenApiLink

from modelruns._compat.schemathesis import mark_explicit_auth
from modelruns._specs import Provider, load_spec
from modelruns.conformance._auth import HttpxAuthAdapter, build_auth, install_auth
from modelruns.conformance._schema import load_schema
from modelruns.stubs import Credentials, base_path, create_app

__all__ = ["SEED", "Scenario", "link_values", "operation_id", "pagination"]

#: The generation seed of every contract test.
SEED = 20240903


def operation_id(operation: APIOperation[Any, Any, Any, Any]) -> str:
    """The spec's ``operationId`` of ``operation``."""
    return str(operation.definition.raw["operationId"])


def link_values(link: OpenApiLink, output: StepOutput) -> dict[str, dict[str, Any]]:
    """Per container (``path_parameters``, ``query``), the values ``link`` extracts from ``output``.

    Raises AssertionError naming the expression when one does not resolve: a link the spec
    declares must be followable from every 2xx response of its source.
    """
    values: dict[str, dict[str, Any]] = {}
    for container, extracted in link.extract(output).parameters.items():
        for name, parameter in extracted.items():
            value = parameter.value.ok() if isinstance(parameter.value, Ok) else UNRESOLVABLE
            if value is UNRESOLVABLE or value is None:
                if not parameter.is_required:
                    continue
                raise AssertionError(
                    f"link {link.name}: {parameter.definition} did not resolve from "
                    f"{output.case.operation.label} -> {output.response.status_code}"
                )
            values.setdefault(container, {})[name] = value
    return values


class Scenario:
    """One provider's stub app (fresh state), signed calls to it, and the spec's links."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.schema: BaseSchema = load_schema(
            load_spec(provider),
            "http://localhost" + base_path(provider),
            max_examples=1,
            seed=SEED,
            app=create_app(provider),
        )
        self.adapter: HttpxAuthAdapter = install_auth(
            self.schema, build_auth(provider, Credentials())
        )
        self.operations = {
            operation_id(result.ok()): result.ok()
            for result in self.schema.get_all_operations()
            if isinstance(result, Ok)
        }
        self.transitions = collect_transitions(list(self.operations.values()))

    def _required_examples(self, operation: APIOperation[Any, Any, Any, Any]) -> dict[str, Any]:
        """The spec's example of every required query parameter (e.g. Foundry's ``preview``)."""
        return {
            parameter.name: _wire(parameter.definition["example"])
            for parameter in operation.query
            if parameter.is_required and "example" in parameter.definition
        }

    def call(self, case: schemathesis.Case[Any]) -> StepOutput:
        """Send ``case`` signed, check the response with every check, and return both."""
        # Real credentials: `ignored_auth` then probes that the stub rejects none and bad ones.
        mark_explicit_auth(case)
        # Signed as the run signs a generated case (its pre-signing headers from the hook).
        response = case.call(auth=self.adapter)
        case.validate_response(response)
        return StepOutput(response, case)

    def start(self, operation: str, **parts: Any) -> StepOutput:
        """Call ``operation`` with the spec's path-parameter and body examples, plus ``parts``."""
        target = self.operations[operation]
        path = {
            parameter.name: parameter.definition["example"]
            for parameter in target.path_parameters
            if "example" in parameter.definition
        }
        fields: dict[str, Any] = {"path_parameters": path or None}
        example = _body_example(target)
        if example is not None:
            fields["body"] = example
        fields["query"] = {**self._required_examples(target), **parts.pop("query", {})}
        return self.call(target.Case(**fields, **parts))

    def link(self, output: StepOutput, name: str) -> OpenApiLink:
        """The link ``name`` the spec declares on ``output``'s operation and status."""
        source = output.case.operation.label
        status = str(output.response.status_code)
        for link in self.transitions.operations[source].outgoing:
            if link.name == name and link.status_code == status:
                return link
        raise AssertionError(f"the spec declares no link {name} on {source} -> {status}")

    def follow(
        self,
        output: StepOutput,
        name: str,
        *,
        keep_query: bool = False,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> StepOutput:
        """Call the link's target with the values its runtime expressions take from ``output``.

        ``keep_query`` repeats the source request's query under the link's values, as a client
        walking pages repeats its filters and page size; ``query`` adds parameters of the test's
        own (a page size), also under the link's values. A target with a request body sends
        ``body``, else the spec's example of it.
        """
        link = self.link(output, name)
        values = link_values(link, output)
        kept = dict(output.case.query or {}) if keep_query else {}
        query = {
            **self._required_examples(link.target),
            **kept,
            **(query or {}),
            **{name: _wire(value) for name, value in values.get("query", {}).items()},
        }
        fields: dict[str, Any] = {}
        example = _body_example(link.target)
        if body is not None or example is not None:
            fields["body"] = body if body is not None else example
        case = link.target.Case(
            path_parameters=values.get("path_parameters"), query=query or None, **fields
        )
        return self.call(case)

    def walk(
        self, first: StepOutput, name: str, *, max_pages: int, end: object = None
    ) -> Iterator[StepOutput]:
        """``first`` and each page after it through the link ``name``, while the link resolves.

        ``end`` is the token value that marks the last page (PAI's ``0``), read from the spec's
        ``x-modelruns-pagination``. Raises AssertionError when the walk has not ended after
        ``max_pages`` pages.
        """
        page = first
        for _ in range(max_pages):
            yield page
            if not _has_next(self.link(page, name), page, end):
                return
            page = self.follow(page, name, keep_query=True)
        raise AssertionError(f"{name} still led on after {max_pages} pages")


def _body_example(operation: APIOperation[Any, Any, Any, Any]) -> Any:
    """The spec's example of the operation's request body, if it has one."""
    raw = operation.definition.raw.get("requestBody", {})
    examples = [media["example"] for media in raw.get("content", {}).values() if "example" in media]
    return examples[0] if examples else None


def _wire(value: Any) -> Any:
    """A query value as the wire carries it: JSON's ``true``/``false``, not Python's ``True``."""
    return json.dumps(value) if isinstance(value, bool) else value


def _has_next(link: OpenApiLink, output: StepOutput, end: object) -> bool:
    """Whether every value the link takes from the response body is there and not ``end``."""
    for extracted in link.extract(output).parameters.values():
        for parameter in extracted.values():
            if not str(parameter.definition).startswith("$response.body"):
                continue
            value = parameter.value.ok() if isinstance(parameter.value, Ok) else None
            if value is None or value is UNRESOLVABLE or (end is not None and value == end):
                return False
    return True


def pagination(operation: APIOperation[Any, Any, Any, Any]) -> list[Mapping[str, Any]]:
    """The operation's ``x-modelruns-pagination`` styles, in the spec's order."""
    return list(operation.definition.raw.get("x-modelruns-pagination") or [])
