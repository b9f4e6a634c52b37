"""The DuckDB Data Platform model-runs stub: runs that move through statuses, steps, tests."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from modelruns._specs import resolve
from modelruns.stubs._paging import token_page
from modelruns.stubs._provider import ProviderStub, bearer_token, secure_equal
from modelruns.stubs._routing import Reply, StubError, StubRequest

_PROJECTS = ("analytics", "finance", "marketing")
_MODELS = ("stg_orders", "stg_customers", "fct_orders", "dim_customers")
_SEEDED_STATUSES = ("SUCCESS", "SUCCESS", "FAILED", "CANCELLED", "RUNNING", "PENDING")
_ACTIVE = frozenset({"PENDING", "RUNNING"})
_PATH_IDS = ("runId", "stepId")
#: Query parameters the handler checks itself, answering JSON (handler_models.go:261-265).
_HANDLER_CHECKED = ("status",)
#: The share of `run_seconds` a triggered run spends PENDING before it is RUNNING.
_PENDING_SHARE = 0.2
_EPOCH = datetime.datetime(2025, 1, 15, 10, 0, tzinfo=datetime.UTC)
#: Seeded runs cycle through how they were started (the server also stores PIPELINE).
_TRIGGER_TYPES = ("SCHEDULED", "MANUAL", "PIPELINE", "MANUAL")
#: What Go's ``http.Error`` sends with a plain-text error.
_PLAIN_TEXT = b"text/plain; charset=utf-8"


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class DataPlatformStub(ProviderStub):
    """`runs` model runs, newest first; the spec's example run (RUNNING) and step exist.

    A triggered run starts PENDING and moves one status (PENDING, RUNNING, then SUCCESS or,
    for the `fail_rate` share of runs, FAILED) each time it is fetched with getModelRun, so
    clients polling a run see it progress; with `run_seconds` it follows the clock instead
    (`RunLife`), whichever operation reads it.
    """

    provider = "dataplatform"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        parameters = self.spec["components"]["parameters"]
        self.example_run_id: str = resolve(self.spec, parameters["RunId"])["example"]
        self.example_step_id: str = resolve(self.spec, parameters["StepId"])["example"]
        self.runs_newest_first: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self.steps: dict[str, list[dict[str, Any]]] = {}
        self.tests: dict[str, list[dict[str, Any]]] = {}
        #: Triggered runs not yet final: id -> (start time by the clock, final status).
        self.progressing: dict[str, tuple[float, str]] = {}
        for index in range(self.runs):
            created = _EPOCH + datetime.timedelta(minutes=17 * index)
            first = index == 0
            status = "RUNNING" if first else self.ids.choice(_SEEDED_STATUSES)
            models = list(self.ids.sample(_MODELS, self.ids.randint(1, 3)))
            run = self._new_run(
                run_id=self.example_run_id if first else self.new_uuid(),
                project=_PROJECTS[index % len(_PROJECTS)],
                models=models,
                status=status,
                created=created,
                trigger_type=_TRIGGER_TYPES[index % len(_TRIGGER_TYPES)],
                triggered_by="admin" if index % 2 else "scheduler",
                full_refresh=index % 5 == 0,
            )
            step_ids = [
                self.example_step_id if first and n == 0 else None for n in range(len(models))
            ]
            self._add_steps(run, step_ids, tests_for_first=first)
        self.handlers = {
            "listModelRuns": self.list_runs,
            "triggerModelRun": self.trigger,
            "getModelRun": self.get_run,
            "cancelModelRun": self.cancel,
            "listModelRunSteps": self.list_steps,
            "listModelTestResults": self.list_tests,
        }

    def _now(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(int(self.clock()), tz=datetime.UTC)

    def _new_run(
        self,
        *,
        run_id: str,
        project: str,
        models: list[str],
        status: str,
        created: datetime.datetime,
        trigger_type: str,
        triggered_by: str,
        full_refresh: bool,
    ) -> dict[str, Any]:
        started = None if status == "PENDING" else _iso(created + datetime.timedelta(seconds=2))
        finished = None if status in _ACTIVE else _iso(created + datetime.timedelta(minutes=4))
        run = {
            "id": run_id,
            "status": status,
            "trigger_type": trigger_type,
            "triggered_by": triggered_by,
            "project_name": project,
            "model_names": models,
            "full_refresh": full_refresh,
            "compile_manifest": json.dumps({"models": models}, separators=(",", ":")),
            "compile_diagnostics": {"warnings": [], "errors": []},
            "started_at": started,
            "finished_at": finished,
            "created_at": _iso(created),
            "error_message": f"model {models[-1]} failed: Binder Error"
            if status == "FAILED"
            else None,
        }
        self.runs_newest_first.insert(0, run)
        self.by_id[run_id] = run
        return run

    def _add_steps(
        self, run: dict[str, Any], step_ids: list[str | None], *, tests_for_first: bool
    ) -> None:
        steps = []
        for position, (model, step_id) in enumerate(zip(run["model_names"], step_ids, strict=True)):
            sql = f"SELECT * FROM {model}"  # noqa: S608  (display text, never executed)
            step = {
                "id": step_id or self.new_uuid(),
                "run_id": run["id"],
                "model_name": model,
                "compiled_sql": sql,
                "compiled_hash": "sha256:" + hashlib.sha256(sql.encode()).hexdigest(),
                "depends_on": list(run["model_names"][:position]),
                "vars_used": [],
                "macros_used": [],
                "status": "SUCCESS" if run["status"] == "RUNNING" and position == 0 else "PENDING",
                "started_at": run["started_at"],
                "finished_at": None,
                "created_at": run["created_at"],
                "error_message": None,
                "rows_affected": 0,
            }
            self._settle_step(run, step)
            steps.append(step)
            with_tests = tests_for_first and position == 0
            self.tests[step["id"]] = self._new_tests(step) if with_tests else []
        self.steps[run["id"]] = steps

    def _settle_step(self, run: dict[str, Any], step: dict[str, Any]) -> None:
        """Give a step of a finished run its final status and figures."""
        status = run["status"]
        if status in _ACTIVE:
            return
        step["status"] = {"SUCCESS": "SUCCESS", "FAILED": "FAILED"}.get(status, "CANCELLED")
        step["finished_at"] = run["finished_at"]
        step["started_at"] = step["started_at"] or run["started_at"]
        if status == "SUCCESS":
            step["rows_affected"] = self.ids.randint(1, 5000)
        if status == "FAILED":
            step["error_message"] = run["error_message"]

    def _new_tests(self, step: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "id": self.new_uuid(),
                "run_step_id": step["id"],
                "test_id": self.new_uuid(),
                "test_name": f"{check}_{step['model_name']}_id",
                "status": status,
                "rows_returned": rows,
                "error_message": None,
                "created_at": step["created_at"],
            }
            for check, status, rows in (("not_null", "PASS", 0), ("unique", "FAIL", 3))
        ]

    def authenticate(self, request: StubRequest) -> None:
        """A bearer JWT or an ``X-API-Key`` header."""
        token = bearer_token(request)
        api_key = request.headers.get("x-api-key")
        if token is None and api_key is None:
            raise StubError(
                "unauthorized", "Missing credentials: send a bearer token or X-API-Key."
            )
        if token is not None and secure_equal(token, self.credentials.dataplatform_token):
            return
        if api_key is not None and secure_equal(api_key, self.credentials.dataplatform_api_key):
            return
        raise StubError("unauthorized", "Invalid credentials.")

    def realistic_error(
        self, status: int, body: Any, error: StubError
    ) -> tuple[int, bytes, bytes] | None:
        """The server's plain-text 400s and 500, and its 404 for a malformed run or step id.

        oapi-codegen's default handlers answer a query parameter of the wrong type, a body
        that does not decode and every failure a handler does not map (500) with
        ``http.Error`` (text/plain: the error's text and a newline); path ids are bound as
        plain strings, so a malformed one finds no run (JSON 404).
        """
        query = error.origin in ("parameter-format", "parameter-schema")
        plain_status = 400
        if status == 500:
            plain_status, text = 500, error.message
        elif query and error.parameter not in (*_PATH_IDS, *_HANDLER_CHECKED):
            text = f"Invalid format for parameter {error.parameter}: {error.message}"
        elif error.origin == "body-syntax" or (
            error.origin == "body-schema" and "is not of type" in error.message
        ):
            text = f"can't decode JSON body: {error.message}"
        elif error.origin in ("parameter-format", "parameter-schema") and (
            error.parameter in _PATH_IDS
        ):
            not_found = {"code": 404, "message": f"model run {error.value} not found"}
            return 404, b"application/json", json.dumps(not_found).encode()
        else:
            return None
        return plain_status, _PLAIN_TEXT, (text + "\n").encode()

    def render_error(
        self, status: int, code: str, name: str, message: str, parameters: dict[str, Any]
    ) -> Any:
        """``{code, message}`` with the HTTP status as the code."""
        return {"code": status, "message": message}

    def describe(self) -> dict[str, str]:
        """The example run and step of the spec, which exist in the store."""
        if not self.runs:
            return {}
        return {"runId": self.example_run_id, "stepId": self.example_step_id}

    def _run(self, request: StubRequest) -> dict[str, Any]:
        run_id = request.path_params["runId"]
        run = self.by_id.get(run_id)
        if run is None:
            raise StubError("not_found", f"Model run {run_id} not found.")
        return run

    def list_runs(self, request: StubRequest) -> Reply:
        """listModelRuns: newest first, optionally only one status."""
        self._follow_clock()
        status = request.params.get("status")
        runs = self.runs_newest_first
        if status is not None:
            runs = [run for run in runs if run["status"] == status]
        return 200, self._page(request, runs)

    def _page(self, request: StubRequest, items: list[dict[str, Any]]) -> dict[str, Any]:
        """A page as the server cuts it: the size clamped, tokens in the server's format.

        The server refuses no page size (below 1: the default; above the spec's
        ``x-modelruns-clamp`` maximum: that maximum); its tokens are the spec's
        ``token_encoding``, which reads a token it cannot decode as the first page
        (internal/domain/pagination.go).
        """
        operation = request.operation
        assert operation is not None
        size_name = operation.paging("token")["page_size"]
        size = request.params.get(size_name)
        if size is not None:
            parameter = next(p for p in operation.parameters if p.name == size_name)
            maximum = parameter.clamp_maximum
            if size < 1:
                request.params[size_name] = None
            elif maximum is not None and size > maximum:
                request.params[size_name] = maximum
        return token_page(request, items)

    def trigger(self, request: StubRequest) -> Reply:
        """triggerModelRun: a new PENDING run with one PENDING step per model."""
        body = request.json
        models = body.get("model_names") or list(_MODELS[:2])
        # The server reports the target schema (default: the project name) as the run's
        # project_name, and refuses a request that names neither.
        schema = body["target_schema"] if "target_schema" in body else body.get("project_name")
        if not schema:
            raise StubError("invalid", "target_schema is required")
        run = self._new_run(
            run_id=self.new_uuid(),
            project=schema,
            models=list(models),
            status="PENDING",
            created=self._now(),
            trigger_type="MANUAL",
            triggered_by="api",
            full_refresh=bool(body.get("full_refresh", False)),
        )
        self._add_steps(run, [None] * len(models), tests_for_first=False)
        final = "FAILED" if self.draw_failure() else "SUCCESS"
        self.progressing[run["id"]] = (self.clock(), final)
        return 201, run

    def get_run(self, request: StubRequest) -> Reply:
        """getModelRun: a triggered run moves one status forward each time it is fetched
        (or, with `run_seconds`, is where the clock has taken it)."""
        run = self._run(request)
        if run["id"] in self.progressing:
            if self.life.run_seconds is None:
                self._advance(run)
            else:
                self._follow_clock()
        return 200, run

    def _follow_clock(self) -> None:
        """Move every triggered run to the status the clock gives it (`run_seconds`)."""
        for run_id, (started, final) in list(self.progressing.items()):
            progress = self.run_progress(started)
            if progress is None:
                return
            wanted = final if progress >= 1.0 else "RUNNING" if progress >= _PENDING_SHARE else None
            run = self.by_id[run_id]
            while wanted is not None and run["status"] != wanted and run_id in self.progressing:
                self._advance(run)

    def _advance(self, run: dict[str, Any]) -> None:
        now = _iso(self._now())
        final = self.progressing[run["id"]][1]
        run["status"] = "RUNNING" if run["status"] == "PENDING" else final
        if final == "FAILED" and run["status"] == "FAILED":
            run["error_message"] = f"model {run['model_names'][-1]} failed: Binder Error"
        if run["status"] == "RUNNING":
            run["started_at"] = now
            for step in self.steps[run["id"]]:
                step["status"], step["started_at"] = "RUNNING", now
            return
        run["finished_at"] = now
        del self.progressing[run["id"]]
        for step in self.steps[run["id"]]:
            self._settle_step(run, step)
            self.tests[step["id"]] = self._new_tests(step)

    def cancel(self, request: StubRequest) -> Reply:
        """cancelModelRun: PENDING or RUNNING runs become CANCELLED; finished ones are a 400.

        The server refuses a finished run with a validation error, not a conflict
        (internal/service/model/service.go:429-431).
        """
        run = self._run(request)
        self._follow_clock()  # a run its run_seconds have finished is no longer cancellable
        if run["status"] not in _ACTIVE:
            raise StubError("invalid", f"cannot cancel run in status {run['status']}")
        run["status"] = "CANCELLED"
        run["finished_at"] = _iso(self._now())
        self.progressing.pop(run["id"], None)
        for step in self.steps[run["id"]]:
            if step["status"] in _ACTIVE:
                step["status"], step["finished_at"] = "CANCELLED", run["finished_at"]
        return 200, run

    def list_steps(self, request: StubRequest) -> Reply:
        """listModelRunSteps: every step of the run, in execution order, in one answer.

        The server sends no page token here (internal/api/handler_models.go:302-321).
        """
        run = self._run(request)
        return 200, {"data": self.steps[run["id"]]}

    def list_tests(self, request: StubRequest) -> Reply:
        """listModelTestResults: the test results of one step of the run."""
        run = self._run(request)
        step_id = request.path_params["stepId"]
        if not any(step["id"] == step_id for step in self.steps[run["id"]]):
            raise StubError("not_found", f"Step {step_id} of model run {run['id']} not found.")
        return 200, {"data": self.tests[step_id]}
