"""The Alibaba Cloud PAI AI Workspace stub: a workspace, its experiments and their runs.

Runs live their whole life here: CreateRun adds one (it shows in ListRuns and GetRun),
UpdateRun renames it and sets labels and parameters by key, DeleteRunLabel removes a label,
LogRunMetrics records metric values (ListRunMetrics pages them by integer token, in step
order) and DeleteRun removes the run, after which every operation on it answers 404.
"""

from __future__ import annotations

import datetime
import math
import operator
import string
from typing import Any
from urllib.parse import urlsplit

from modelruns.stubs._paging import integer_token_page, page_number_page, page_size
from modelruns.stubs._provider import ProviderStub
from modelruns.stubs._routing import Reply, StubError, StubRequest
from modelruns.stubs._signatures import AcsVerifier

#: Fields a run carries only when the request sets ``Verbose=true``.
_VERBOSE_FIELDS = ("Params", "Metrics", "Labels")
_SORTABLE = ("GmtCreateTime", "Name")
_NAMES = ("baseline", "bert-finetune", "lr-sweep", "resnet50", "xgboost", "distill")
_EPOCH = datetime.datetime(2024, 3, 1, 8, 0, tzinfo=datetime.UTC)
#: Bounds on what requests can add, so that the stub's memory stays bounded whatever it is sent.
_CREATED_RUN_LIMIT = 100_000
_METRIC_LIMIT = 100_000
_LABEL_LIMIT = 1_000
_PARAM_LIMIT = 1_000
_INT64 = (-(2**63), 2**63 - 1)


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class PaiStub(ProviderStub):
    """`runs` runs in one workspace, split over two experiments; requests are ACS3-signed.

    A third experiment, without runs, carries the id of the spec's CreateRun example.
    """

    provider = "pai"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        server = self.spec["servers"][0]
        defaults = {name: v["default"] for name, v in server.get("variables", {}).items()}
        self.host_id = urlsplit(server["url"].format(**defaults)).netloc
        run_schema = self.spec["components"]["schemas"]["Run"]["properties"]
        self.workspace_id: str = run_schema["WorkspaceId"]["examples"][0]
        self.owner_id = str(self.ids.randint(10**15, 10**16 - 1))
        self.experiment_ids = [f"exp-{self._token(12)}" for _ in range(2)]
        self.all_runs: list[dict[str, Any]] = []
        for index in range(self.runs):
            self.all_runs.append(self._new_run(index))
        # The spec's CreateRun example names an experiment: it exists here too (without runs),
        # so that the example and the links that start from it work against the stub.
        create = self.spec["components"]["schemas"]["CreateRunRequest"]["properties"]
        self.experiment_ids.append(create["ExperimentId"]["examples"][0])
        self.by_id = {run["RunId"]: run for run in self.all_runs}
        # Non-verbose copies are built once, so a list request never copies whole runs.
        self.brief = {run["RunId"]: _without_details(run) for run in self.all_runs}
        self.created = 0
        #: ACS3 and legacy ROA signatures, their date window and nonces.
        self.verifier = AcsVerifier(self.spec, self.credentials, self.clock)
        self.handlers = {
            "ListRuns": self.list_runs,
            "CreateRun": self.create_run,
            "GetRun": self.get_run,
            "UpdateRun": self.update_run,
            "DeleteRun": self.delete_run,
            "DeleteRunLabel": self.delete_run_label,
            "LogRunMetrics": self.log_run_metrics,
            "ListRunMetrics": self.list_run_metrics,
        }

    def _token(self, length: int) -> str:
        alphabet = string.ascii_lowercase + string.digits
        return "".join(self.ids.choice(alphabet) for _ in range(length))

    def _new_run(self, index: int) -> dict[str, Any]:
        """The `index`-th seeded run: two metric values, two labels, one parameter."""
        run_id = f"run-{self._token(13)}"
        created = _iso(_EPOCH + datetime.timedelta(minutes=37 * index))
        evaluation = "true" if index % 3 == 0 else "false"
        run = self._run_record(
            run_id,
            name=f"{self.ids.choice(_NAMES)}-{index}",
            experiment=self.experiment_ids[index % 2],
            source=("TrainingService", f"train{self._token(9)}"),
            created=created,
        )
        run["Params"].append({"Key": "learning_rate", "Value": str(self.ids.choice((0.1, 0.01)))})
        run["Metrics"].extend(
            {
                "Key": "loss",
                "Value": round(self.ids.random(), 4),
                "Step": step,
                "Timestamp": 1709280000000 + 60000 * (index + step),
            }
            for step in (1, 2)
        )
        run["Labels"].extend(
            _label(run_id, key, value, created)
            for key, value in (("is_evaluation", evaluation), ("team", f"t{index % 2}"))
        )
        return run

    def _run_record(
        self, run_id: str, *, name: str, experiment: str, source: tuple[str, str], created: str
    ) -> dict[str, Any]:
        """A run as the store keeps it (seeded or created), without params, metrics or labels."""
        return {
            "RunId": run_id,
            "Name": name,
            "OwnerId": self.owner_id,
            "UserId": self.owner_id,
            "WorkspaceId": self.workspace_id,
            "ExperimentId": experiment,
            "SourceType": source[0],
            "SourceId": source[1],
            "Accessibility": "PRIVATE",
            "GmtCreateTime": created,
            "GmtModifiedTime": created,
            "RequestId": self.new_uuid().upper(),
            "Params": [],
            "Metrics": [],
            "Labels": [],
        }

    # --- credentials ----------------------------------------------------------------------

    def authenticate(self, request: StubRequest) -> None:
        """An ACS3 or legacy ROA signature, in the date window, with a fresh nonce."""
        self.verifier.authenticate(request)

    def verify_body(self, request: StubRequest) -> None:
        """An ACS3 signature covers the body through ``x-acs-content-sha256``: check it."""
        self.verifier.verify_body(request)

    def render_error(
        self, status: int, code: str, name: str, message: str, parameters: dict[str, Any]
    ) -> Any:
        """``{RequestId, HostId, Code, Message}``."""
        return {
            "RequestId": self.new_uuid().upper(),
            "HostId": self.host_id,
            "Code": name,
            "Message": message,
        }

    def describe(self) -> dict[str, str]:
        """The workspace and experiment ids."""
        return {
            "WorkspaceId": self.workspace_id,
            "ExperimentIds": ",".join(self.experiment_ids),
        }

    # --- operations ------------------------------------------------------------------------

    def list_runs(self, request: StubRequest) -> Reply:
        """ListRuns: filters, sorting, and integer-token or page-number paging."""
        params = request.params
        workspace = params.get("WorkspaceId") or self.workspace_id
        if workspace != self.workspace_id:
            raise StubError(
                "not_found", f"Workspace {workspace} does not exist.", name="WorkspaceNotFound"
            )
        experiment = params.get("ExperimentId")
        if experiment is not None and experiment not in self.experiment_ids:
            raise StubError(
                "not_found", f"Experiment {experiment} does not exist.", name="ExperimentNotFound"
            )
        runs = [run for run in self.all_runs if _matches(run, params)]
        for key, descending in reversed(_sort_keys(params)):
            runs.sort(key=operator.itemgetter(key), reverse=descending)
        if not params.get("Verbose"):
            runs = [self.brief[run["RunId"]] for run in runs]
        operation = request.operation
        assert operation is not None
        numbered, tokened = operation.paging("page-number"), operation.paging("integer-token")
        if {numbered["page"], numbered["page_size"]} & request.sent:
            body = page_number_page(request, runs)
            size = page_size(operation, request, numbered["page_size"])
            page = params.get(numbered["page"]) or numbered.get("first_page", 1)
            end = (page - numbered.get("first_page", 1)) * size + len(body[numbered["items"]])
            body[tokened["response_token"]] = end if end < len(runs) else tokened.get("end", 0)
        else:
            body = integer_token_page(request, runs)
            body[numbered["total"]] = len(runs)
        return 200, {"requestId": self.new_uuid().upper(), **body}

    # --- the life of one run ----------------------------------------------------------------

    def _now(self) -> str:
        return _iso(datetime.datetime.fromtimestamp(self.clock(), tz=datetime.UTC))

    def _run(self, request: StubRequest) -> dict[str, Any]:
        run_id = request.path_params["RunId"]
        run = self.by_id.get(run_id)
        if run is None:
            raise StubError(
                "not_found", f"Run {run_id} does not exist.", name="RunNotFound", value=run_id
            )
        return run

    def _touched(self, run: dict[str, Any], now: str) -> None:
        run["GmtModifiedTime"] = now
        self.brief[run["RunId"]] = _without_details(run)

    def _set_labels(self, run: dict[str, Any], labels: list[dict[str, Any]], now: str) -> None:
        """Each label's key takes its value; a key the run lacks is added."""
        have = {label["Key"]: label for label in run["Labels"]}
        for label in labels:
            key, value = label.get("Key", ""), label.get("Value", "")
            if key in have:
                have[key].update(Value=value, GmtModifiedTime=now)
                continue
            if len(have) >= _LABEL_LIMIT:
                raise _quota(f"A run holds at most {_LABEL_LIMIT} labels.")
            have[key] = _label(run["RunId"], key, value, now)
            run["Labels"].append(have[key])

    def _set_params(self, run: dict[str, Any], params: list[dict[str, Any]]) -> None:
        """Each parameter's key takes its value; a key the run lacks is added."""
        have = {param["Key"]: param for param in run["Params"]}
        for param in params:
            if param["Key"] in have:
                have[param["Key"]]["Value"] = param["Value"]
                continue
            if len(have) >= _PARAM_LIMIT:
                raise _quota(f"A run holds at most {_PARAM_LIMIT} parameters.")
            have[param["Key"]] = {"Key": param["Key"], "Value": param["Value"]}
            run["Params"].append(have[param["Key"]])

    def create_run(self, request: StubRequest) -> Reply:
        """CreateRun: a new run in an experiment of the workspace, named after its id if unnamed."""
        body = request.json
        experiment = body["ExperimentId"]
        if experiment not in self.experiment_ids:
            raise StubError(
                "not_found",
                f"Experiment {experiment} does not exist.",
                name="ExperimentNotFound",
                parameter="ExperimentId",
                value=experiment,
            )
        if self.created >= _CREATED_RUN_LIMIT:
            raise _quota(f"At most {_CREATED_RUN_LIMIT} runs can be created.")
        now = self._now()
        run_id = f"run-{self._token(13)}"
        while run_id in self.by_id:
            run_id = f"run-{self._token(13)}"
        run = self._run_record(
            run_id,
            name=body.get("Name") or run_id,
            experiment=experiment,
            source=(body.get("SourceType", ""), body.get("SourceId", "")),
            created=now,
        )
        self._set_params(run, body.get("Params", []))
        self._set_labels(run, body.get("Labels", []), now)
        self.created += 1
        self.all_runs.append(run)
        self.by_id[run_id] = run
        self.brief[run_id] = _without_details(run)
        return 200, {"RunId": run_id, "requestId": self.new_uuid().upper()}

    def get_run(self, request: StubRequest) -> Reply:
        """GetRun: the run, with Params, Metrics and Labels only when Verbose is true."""
        run = self._run(request)
        shown = run if request.params.get("Verbose") else self.brief[run["RunId"]]
        return 200, {**shown, "RequestId": self.new_uuid().upper()}

    def update_run(self, request: StubRequest) -> Reply:
        """UpdateRun: a new name; labels and parameters set by key."""
        run = self._run(request)
        body = request.json or {}
        now = self._now()
        if "Name" in body:
            run["Name"] = body["Name"]
        self._set_params(run, body.get("Params", []))
        self._set_labels(run, body.get("Labels", []), now)
        self._touched(run, now)
        return 200, {"requestId": self.new_uuid().upper()}

    def delete_run(self, request: StubRequest) -> Reply:
        """DeleteRun: the run is gone from every operation."""
        run = self._run(request)
        del self.by_id[run["RunId"]], self.brief[run["RunId"]]
        self.all_runs.remove(run)
        return 200, {"requestId": self.new_uuid().upper()}

    def delete_run_label(self, request: StubRequest) -> Reply:
        """DeleteRunLabel: the label with the key is removed; a key the run lacks is a 404."""
        run = self._run(request)
        key = request.path_params["Key"]
        kept = [label for label in run["Labels"] if label["Key"] != key]
        if len(kept) == len(run["Labels"]):
            raise StubError(
                "not_found",
                f"Run {run['RunId']} has no label {key!r}.",
                name="LabelNotFound",
                parameter="Key",
                value=key,
            )
        run["Labels"] = kept
        self._touched(run, self._now())
        return 200, {"requestId": self.new_uuid().upper()}

    def log_run_metrics(self, request: StubRequest) -> Reply:
        """LogRunMetrics: each value is recorded (again, when the same request is repeated)."""
        run = self._run(request)
        metrics = (request.json or {}).get("Metrics", [])
        for index, metric in enumerate(metrics):
            if not math.isfinite(metric["Value"]):
                raise StubError("invalid", f"Metrics/{index}/Value must be a finite number.")
            for field in ("Step", "Timestamp"):
                value = metric.get(field)
                if value is not None and not _INT64[0] <= value <= _INT64[1]:
                    raise StubError("invalid", f"Metrics/{index}/{field} must fit in 64 bits.")
        if len(run["Metrics"]) + len(metrics) > _METRIC_LIMIT:
            raise _quota(f"A run holds at most {_METRIC_LIMIT} metric values.")
        run["Metrics"].extend(dict(metric) for metric in metrics)
        self._touched(run, self._now())
        return 200, {"requestId": self.new_uuid().upper()}

    def list_run_metrics(self, request: StubRequest) -> Reply:
        """ListRunMetrics: one metric's values in step order (as logged, within a step)."""
        run = self._run(request)
        key = request.params["Key"]
        values = [metric for metric in run["Metrics"] if metric["Key"] == key]
        values.sort(key=lambda metric: metric.get("Step", 0))
        return 200, {"requestId": self.new_uuid().upper(), **integer_token_page(request, values)}


def _quota(message: str) -> StubError:
    return StubError("invalid", message, name="QuotaExceeded")


def _label(run_id: str, key: str, value: str, created: str) -> dict[str, Any]:
    return {
        "Key": key,
        "Value": value,
        "RunId": run_id,
        "GmtCreateTime": created,
        "GmtModifiedTime": created,
    }


def _without_details(run: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in run.items() if key not in _VERBOSE_FIELDS}


def _matches(run: dict[str, Any], params: dict[str, Any]) -> bool:
    for field in ("Name", "ExperimentId", "SourceType", "SourceId"):
        wanted = params.get(field)
        if wanted is not None and run.get(field) != wanted:
            return False
    since = params.get("GmtCreateTime")
    if since is not None and run["GmtCreateTime"] < since:
        return False
    labels = params.get("Labels")
    if labels:
        have = {(label["Key"], label["Value"]) for label in run["Labels"]}
        for pair in labels.split(","):
            key, _, value = pair.partition(":")
            if (key.strip(), value.strip()) not in have:
                return False
    return True


def _sort_keys(params: dict[str, Any]) -> list[tuple[str, bool]]:
    """(field, descending) pairs from ``OrderBy``, else ``SortBy``/``Order``; newest first."""
    order_by = params.get("OrderBy")
    if order_by:
        keys = []
        for part in order_by.split(","):
            field, _, direction = part.strip().partition(" ")
            direction = direction.strip().upper() or "ASC"
            if field not in _SORTABLE or direction not in ("ASC", "DESC"):
                raise StubError("invalid", f"OrderBy {order_by!r} is invalid.", parameter="OrderBy")
            keys.append((field, direction == "DESC"))
        return keys
    sort_by = params.get("SortBy")
    if sort_by:
        return [(sort_by, params.get("Order") == "DESC")]
    return [("GmtCreateTime", True)]
