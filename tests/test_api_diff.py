"""scripts/api_diff.py: one pair of small specs per classification rule, and the command line."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import api_diff

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "api_diff.py"
Spec = dict[str, Any]


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _ok(ref: str, status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": _json(ref)}}


BASE: Spec = {
    "openapi": "3.1.0",
    "info": {"title": "Runs", "version": "1"},
    "paths": {
        "/runs": {
            "get": {
                "operationId": "listRuns",
                "x-modelruns-idempotent": True,
                "x-modelruns-pagination": [
                    {
                        "style": "token",
                        "items": "data",
                        "request_token": "token",
                        "response_token": "next",
                    }
                ],
                "parameters": [
                    {
                        "name": "workspace",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["A", "B"]},
                    },
                    {"name": "size", "in": "query", "schema": {"type": "integer"}},
                    {"name": "since", "in": "query", "schema": {"type": "string"}},
                    {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "token", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": _ok("RunList"),
            },
            "post": {
                "operationId": "createRun",
                "x-modelruns-idempotent": False,
                "requestBody": {"required": True, "content": _json("NewRun")},
                "responses": _ok("Run", "201"),
            },
        },
        "/runs/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {
                "operationId": "getRun",
                "x-modelruns-idempotent": True,
                "responses": _ok("Run"),
            },
        },
        "/runs/{id}/cancel": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "post": {
                "operationId": "cancelRun",
                "x-modelruns-idempotent": False,
                "responses": _ok("Run"),
            },
        },
    },
    "components": {
        "schemas": {
            "Run": {
                "type": "object",
                "required": ["id", "state"],
                "properties": {
                    "id": {"type": "string"},
                    "state": {"type": "string", "enum": ["PENDING", "DONE"]},
                    "note": {"type": "string"},
                    "started": {"type": "string"},
                    "count": {"type": "integer", "format": "int32"},
                },
            },
            "RunList": {
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Run"}},
                    "next": {"type": "string"},
                },
            },
            "NewRun": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "mode": {"type": "string", "enum": ["FAST", "FULL"]},
                },
            },
            "Unused": {"type": "object", "properties": {"x": {"type": "string"}}},
        }
    },
}


def _param(spec: Spec, name: str) -> dict[str, Any]:
    params: list[dict[str, Any]] = spec["paths"]["/runs"]["get"]["parameters"]
    return next(p for p in params if p["name"] == name)


def _props(spec: Spec, schema: str) -> dict[str, Any]:
    props: dict[str, Any] = spec["components"]["schemas"][schema]["properties"]
    return props


def _required(spec: Spec, schema: str) -> list[str]:
    required: list[str] = spec["components"]["schemas"][schema].setdefault("required", [])
    return required


def _add_required_field(spec: Spec, schema: str, name: str) -> None:
    _props(spec, schema)[name] = {"type": "string"}
    _required(spec, schema).append(name)


def _list_params(spec: Spec) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = spec["paths"]["/runs"]["get"]["parameters"]
    return params


Mutation = Callable[[Spec], None]
SIGNATURE_CHANGED = "SDK signature changed"

# (rule, mutation of BASE, the change's scope, words in what it says, breaking or additive)
RULES: list[tuple[str, Mutation, str, str, str]] = [
    (
        "operation-removed",
        lambda s: s["paths"].pop("/runs/{id}"),
        "operation getRun",
        "removed",
        "breaking",
    ),
    (
        "operation-added",
        lambda s: s["paths"].update(
            {"/runs/{id}/logs": {"get": {"operationId": "getRunLogs", "responses": _ok("Run")}}}
        ),
        "operation getRunLogs",
        "added",
        "additive",
    ),
    (
        "operation-moved-keeps-its-method",
        lambda s: s["paths"].update({"/v2/runs/{id}": s["paths"].pop("/runs/{id}")}),
        "operation getRun",
        "moved",
        "additive",
    ),
    (
        "required-parameter-added",
        lambda s: _list_params(s).append(
            {"name": "project", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        "operation listRuns",
        "parameter project (query): added (required)",
        "breaking",
    ),
    (
        "optional-parameter-added",
        lambda s: _list_params(s).append(
            {"name": "project", "in": "query", "schema": {"type": "string"}}
        ),
        "operation listRuns",
        "parameter project (query): added",
        "additive",
    ),
    (
        "parameter-removed",
        lambda s: _list_params(s).remove(_param(s, "size")),
        "operation listRuns",
        "parameter size (query): removed",
        "breaking",
    ),
    (
        "parameter-newly-required",
        lambda s: _param(s, "size").update(required=True),
        "operation listRuns",
        "parameter size (query): now required",
        "breaking",
    ),
    (
        "parameter-now-optional",
        lambda s: _param(s, "workspace").update(required=False),
        "operation listRuns",
        "parameter workspace (query): now optional",
        "additive",
    ),
    (
        "parameter-type-changed",
        lambda s: _param(s, "size").update(schema={"type": "string"}),
        "operation listRuns",
        "parameter size (query): type integer -> string",
        "breaking",
    ),
    (
        "parameter-type-widened-integer-to-number",
        lambda s: _param(s, "size").update(schema={"type": "number"}),
        "operation listRuns",
        "parameter size (query): type integer -> number",
        "additive",
    ),
    (
        "parameter-format-added",
        lambda s: _param(s, "since").update(schema={"type": "string", "format": "date-time"}),
        "operation listRuns",
        "parameter since (query): format (none) -> date-time",
        "breaking",
    ),
    (
        "parameter-format-removed",
        lambda s: _param(s, "day").update(schema={"type": "string"}),
        "operation listRuns",
        "parameter day (query): format date -> (none)",
        "additive",
    ),
    (
        "parameter-default-changed",
        lambda s: _param(s, "size")["schema"].update(default=10),
        "operation listRuns",
        "parameter size (query): default (none) -> 10",
        "additive",
    ),
    (
        "request-enum-value-added",
        lambda s: _param(s, "status")["schema"]["enum"].append("C"),
        "operation listRuns",
        "parameter status (query): enum values added: C",
        "additive",
    ),
    (
        "request-enum-value-removed",
        lambda s: _param(s, "status")["schema"]["enum"].remove("B"),
        "operation listRuns",
        "parameter status (query): enum values removed: B",
        "breaking",
    ),
    (
        "request-parameter-becomes-an-enum",
        lambda s: _param(s, "since")["schema"].update(enum=["today"]),
        "operation listRuns",
        "parameter since (query): now an enum",
        "breaking",
    ),
    (
        "response-field-removed",
        lambda s: _props(s, "Run").pop("note"),
        "schema Run",
        "Run.note: field removed",
        "breaking",
    ),
    (
        "response-field-added",
        lambda s: _props(s, "Run").update(extra={"type": "string"}),
        "schema Run",
        "Run.extra: field added",
        "additive",
    ),
    (
        "response-field-type-changed",
        lambda s: _props(s, "Run").update(note={"type": "integer"}),
        "schema Run",
        "Run.note: type string -> integer",
        "breaking",
    ),
    (
        "response-field-type-widened-integer-to-number",
        lambda s: _props(s, "Run").update(count={"type": "number", "format": "int32"}),
        "schema Run",
        "Run.count: type integer -> number",
        "breaking",
    ),
    (
        "response-format-that-changes-the-python-type",
        lambda s: _props(s, "Run").update(started={"type": "string", "format": "date-time"}),
        "schema Run",
        "Run.started: format (none) -> date-time",
        "breaking",
    ),
    (
        "response-format-that-keeps-the-python-type",
        lambda s: _props(s, "Run").update(count={"type": "integer", "format": "int64"}),
        "schema Run",
        "Run.count: format int32 -> int64",
        "additive",
    ),
    (
        "response-field-now-optional",
        lambda s: _required(s, "Run").remove("state"),
        "schema Run",
        "Run.state: now optional",
        "breaking",
    ),
    (
        "response-field-now-required",
        lambda s: _required(s, "Run").append("note"),
        "schema Run",
        "Run.note: now required",
        "additive",
    ),
    (
        "response-field-now-nullable",
        lambda s: _props(s, "Run").update(note={"type": ["string", "null"]}),
        "schema Run",
        "Run.note: now nullable",
        "breaking",
    ),
    (
        "response-enum-value-added",
        lambda s: _props(s, "Run")["state"]["enum"].append("FAILED"),
        "schema Run",
        "Run.state: enum values added: FAILED",
        "additive",
    ),
    (
        "response-enum-value-removed",
        lambda s: _props(s, "Run")["state"]["enum"].remove("DONE"),
        "schema Run",
        "Run.state: enum values removed: DONE",
        "breaking",
    ),
    (
        "request-field-added-required",
        lambda s: _add_required_field(s, "NewRun", "owner"),
        "schema NewRun",
        "NewRun.owner: field added (required)",
        "breaking",
    ),
    (
        "request-field-added-optional",
        lambda s: _props(s, "NewRun").update(owner={"type": "string"}),
        "schema NewRun",
        "NewRun.owner: field added",
        "additive",
    ),
    (
        "request-field-removed",
        lambda s: _props(s, "NewRun").pop("mode"),
        "schema NewRun",
        "NewRun.mode: field removed",
        "breaking",
    ),
    (
        "request-field-now-required",
        lambda s: _required(s, "NewRun").append("mode"),
        "schema NewRun",
        "NewRun.mode: now required",
        "breaking",
    ),
    (
        "request-field-now-optional",
        lambda s: _required(s, "NewRun").remove("name"),
        "schema NewRun",
        "NewRun.name: now optional",
        "additive",
    ),
    (
        "request-body-enum-value-added",
        lambda s: _props(s, "NewRun")["mode"]["enum"].append("SLOW"),
        "schema NewRun",
        "NewRun.mode: enum values added: SLOW",
        "additive",
    ),
    (
        "request-body-enum-value-removed",
        lambda s: _props(s, "NewRun")["mode"]["enum"].remove("FULL"),
        "schema NewRun",
        "NewRun.mode: enum values removed: FULL",
        "breaking",
    ),
    (
        "required-request-body-added",
        lambda s: s["paths"]["/runs/{id}/cancel"]["post"].update(
            requestBody={"required": True, "content": _json("NewRun")}
        ),
        "operation cancelRun",
        "request body added (required)",
        "breaking",
    ),
    (
        "optional-request-body-added",
        lambda s: s["paths"]["/runs/{id}/cancel"]["post"].update(
            requestBody={"required": False, "content": _json("NewRun")}
        ),
        "operation cancelRun",
        "request body added",
        "additive",
    ),
    (
        "returned-model-changed",
        lambda s: s["paths"]["/runs/{id}"]["get"].update(responses=_ok("NewRun")),
        "operation getRun",
        "returns Run -> NewRun",
        "breaking",
    ),
    (
        "pagination-removed",
        lambda s: s["paths"]["/runs"]["get"].pop("x-modelruns-pagination"),
        "operation listRuns",
        "pagination: no longer paginated",
        "breaking",
    ),
    (
        "pagination-parameters-changed",
        lambda s: s["paths"]["/runs"]["get"]["x-modelruns-pagination"][0].update(page_size="size"),
        "operation listRuns",
        "pagination: parameters changed",
        "additive",
    ),
    (
        "idempotency-changed",
        lambda s: s["paths"]["/runs"]["post"].update({"x-modelruns-idempotent": True}),
        "operation createRun",
        "now idempotent (retried)",
        "additive",
    ),
    (
        "schema-removed",
        lambda s: s["components"]["schemas"].pop("Unused"),
        "schema Unused",
        "removed",
        "breaking",
    ),
    (
        "schema-added",
        lambda s: s["components"]["schemas"].update(Other={"type": "object"}),
        "schema Other",
        "added",
        "additive",
    ),
]


def _changes(mutate: Mutation, base: Spec = BASE) -> list[api_diff.Change]:
    new = copy.deepcopy(base)
    mutate(new)
    return api_diff.diff(copy.deepcopy(base), new)


@pytest.mark.parametrize(
    ("rule", "mutate", "scope", "what", "kind"), RULES, ids=[r[0] for r in RULES]
)
def test_rule(rule: str, mutate: Mutation, scope: str, what: str, kind: str) -> None:
    changes = _changes(mutate)
    matching = [c for c in changes if c.scope == scope and what in c.what]
    assert matching, f"{rule}: {changes}"
    assert {c.kind for c in matching} == {kind}, f"{rule}: {matching}"
    # Nothing else changed in the pair, beyond what the rule names (and the signatures of the
    # methods that take a changed request model's fields as keywords).
    others = [c for c in changes if c.scope != scope and c.what != SIGNATURE_CHANGED]
    assert others == [], f"{rule}: {changes}"


def test_request_field_no_longer_nullable_is_breaking() -> None:
    base = copy.deepcopy(BASE)
    _props(base, "NewRun")["name"] = {"type": ["string", "null"]}
    changes = _changes(lambda s: _props(s, "NewRun").update(name={"type": "string"}), base)
    found = [(c.what, c.kind) for c in changes if c.what != SIGNATURE_CHANGED]
    assert found == [("NewRun.name: no longer nullable", "breaking")]


def test_a_schema_used_in_requests_and_responses_takes_the_stricter_reading() -> None:
    base = copy.deepcopy(BASE)
    # Run is now also a request body, so a new required field breaks its callers.
    base["paths"]["/runs/{id}/cancel"]["post"]["requestBody"] = {"content": _json("Run")}
    changes = _changes(
        lambda s: _add_required_field(s, "Run", "extra"),
        base,
    )
    found = [(c.what, c.kind) for c in changes if c.what != SIGNATURE_CHANGED]
    assert found == [("Run.extra: field added (required)", "breaking")]


def test_identical_specs_have_no_changes() -> None:
    assert api_diff.diff(copy.deepcopy(BASE), copy.deepcopy(BASE)) == []


def test_new_and_changed_operations_carry_their_new_sdk_signature() -> None:
    changes = _changes(
        lambda s: _list_params(s).append(
            {"name": "project", "in": "query", "schema": {"type": "string"}}
        )
    )
    assert changes[0].signature is not None
    assert "project: str | None = None" in changes[0].signature
    assert changes[0].signature.startswith("def list_runs(self, *, workspace: str,")
    added = _changes(
        lambda s: s["paths"].update(
            {"/runs/{id}/logs": {"get": {"operationId": "getRunLogs", "responses": _ok("Run")}}}
        )
    )
    assert added[0].signature == (
        "def get_run_logs(self, *, timeout: Timeout = NOT_GIVEN, "
        "max_retries: int | NotGiven = NOT_GIVEN, extra_headers: Headers | None = None, "
        "extra_query: Query | None = None) -> Run"
    )


def test_an_operation_whose_ref_points_at_nothing_is_reported_without_a_signature() -> None:
    changes = _changes(
        lambda s: s["paths"].update(
            {"/runs/{id}/logs": {"get": {"operationId": "getRunLogs", "responses": _ok("Nope")}}}
        )
    )
    assert [c.signature for c in changes] == [
        "(no SDK method: $ref '#/components/schemas/Nope' points at nothing)"
    ]


# -- the command line -------------------------------------------------------------------------


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own script, fixed argv
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _pair(tmp_path: Path, mutate: Mutation) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    changed = copy.deepcopy(BASE)
    mutate(changed)
    old.write_text(yaml.safe_dump(BASE))
    new.write_text(yaml.safe_dump(changed))
    return old, new


def test_fail_on_breaking_exits_1_only_when_something_breaks(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, lambda s: _props(s, "Run").pop("note"))
    assert _run(old, new).returncode == 0
    result = _run(old, new, "--fail-on-breaking")
    assert result.returncode == 1
    assert "[breaking] schema Run: Run.note: field removed" in result.stdout
    old, new = _pair(tmp_path, lambda s: _props(s, "Run").update(extra={"type": "string"}))
    assert _run(old, new, "--fail-on-breaking").returncode == 0


def test_markdown_is_a_changelog_section(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        _props(spec, "Run").pop("note")
        spec["paths"]["/runs/{id}/logs"] = {
            "get": {"operationId": "getRunLogs", "responses": _ok("Run")}
        }

    old, new = _pair(tmp_path, mutate)
    result = _run(old, new, "--markdown")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## API changes\n")
    assert out.index("#### Breaking changes") < out.index("#### Additive changes")
    assert "- `schema Run`: Run.note: field removed" in out
    assert "def get_run_logs(self, *, timeout" in out


def test_git_ref_and_path(tmp_path: Path) -> None:
    spec = NSML
    result = _run(f"HEAD:{spec}", f"HEAD:{spec}")
    assert result.returncode == 0, result.stderr
    assert "no API changes" in result.stdout
    document = yaml.safe_load((ROOT / spec).read_text())
    document["paths"].clear()
    changed = tmp_path / "nsml.yaml"
    changed.write_text(yaml.safe_dump(document))
    result = _run(f"HEAD:{spec}", changed, "--fail-on-breaking")
    assert result.returncode == 1
    assert "operation getRunList: removed" in result.stdout


SPECS_DIR = "specs"
NSML = f"{SPECS_DIR}/clova-nsml.yaml"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give OLD and NEW"),
        (("missing-old.yaml", "missing-new.yaml"), "missing-old.yaml: no such file"),
        (
            (
                f"no-such-ref-xyz:{NSML}",
                NSML,
            ),
            "unknown git ref",
        ),
        (
            (f"HEAD:{SPECS_DIR}/none.yaml", NSML),
            "no such file at that ref",
        ),
        (
            (
                "--base",
                "HEAD",
                NSML,
                NSML,
            ),
            "not both",
        ),
        (("--no-such-flag",), "unrecognized arguments"),
        (("BAD_YAML", NSML), "invalid YAML"),
        (("NOT_OPENAPI", NSML), "not an OpenAPI document"),
    ],
    ids=["none", "missing", "bad-ref", "missing-at-ref", "both", "flag", "yaml", "not-openapi"],
)
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "bad.yaml").write_text("paths: [unclosed\n")
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n")
    named = {"BAD_YAML": tmp_path / "bad.yaml", "NOT_OPENAPI": tmp_path / "list.yaml"}
    result = subprocess.run(  # noqa: S603 - our own script, fixed argv
        [sys.executable, str(SCRIPT), *(str(named.get(a, a)) for a in args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_spec_missing_at_the_base_is_all_additions() -> None:
    changes = api_diff.diff({}, copy.deepcopy(BASE))
    assert {c.kind for c in changes} == {"additive"}
    assert {c.scope for c in changes if c.what == "added"} >= {
        "operation listRuns",
        "operation createRun",
        "operation getRun",
        "operation cancelRun",
        "schema Run",
    }


def test_waiters_and_run_states_are_reported() -> None:
    old = api_diff.load(str(ROOT / "specs" / "dataplatform-models.yaml"))
    new = copy.deepcopy(old)
    del new["paths"]["/model-runs/{runId}"]["get"]["x-modelruns-wait"]
    new["components"]["schemas"]["ModelRunStatus"]["x-modelruns-run-states"]["SUCCESS"] = "failed"
    changes = {(c.scope, c.what, c.kind) for c in api_diff.diff(old, new)}
    assert ("waiter wait_for_model_run", "removed (getModelRun)", "breaking") in changes
    assert ("run states", "SUCCESS: succeeded -> failed", "breaking") in changes
    back = {(c.scope, c.what, c.kind) for c in api_diff.diff(new, old)}
    assert ("waiter wait_for_model_run", "added (getModelRun)", "additive") in back
