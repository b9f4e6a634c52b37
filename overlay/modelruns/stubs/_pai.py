"""The Alibaba Cloud PAI AI Workspace stub: a workspace, its experiments and their runs.

Runs live their whole life here: CreateRun adds one (it shows in ListRuns and GetRun),
UpdateRun renames it and sets labels and parameters by key, DeleteRunLabel removes a label,
LogRunMetrics records metric values (ListRunMetrics pages them by integer token, in step
order) and DeleteRun removes the run, after which every operation on it answers 404.
"""

from __future__ import annotations

import calendar
import collections
import datetime
import email.utils
import math
import operator
import string
import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from modelruns import _signing
from modelruns.stubs._acs_roa import ROA_PREFIX, roa_signature, roa_string_to_sign
from modelruns.stubs._app import ProviderStub, secure_equal
from modelruns.stubs._paging import integer_token_page, page_number_page, page_size
from modelruns.stubs._routing import Reply, StubError, StubRequest

#: Fields a run carries only when the request sets ``Verbose=true``.
_VERBOSE_FIELDS = ("Params", "Metrics", "Labels")
_SORTABLE = ("GmtCreateTime", "Name")
_NAMES = ("baseline", "bert-finetune", "lr-sweep", "resnet50", "xgboost", "distill")
_EPOCH = datetime.datetime(2024, 3, 1, 8, 0, tzinfo=datetime.UTC)
#: Alibaba Cloud rejects a signed request whose ``x-acs-date`` is further off than this.
_DATE_WINDOW_SECONDS = 15 * 60
_REQUIRED_SIGNED = ("host", "x-acs-date", "x-acs-signature-nonce", "x-acs-action", "x-acs-version")
#: A nonce is remembered while a request carrying it could still pass the date check: it
#: arrived at most one window after its signed time, and a replay is accepted up to one window
#: after that time, so two windows from its arrival. Memory is bounded by the rate instead of
#: by wiping (which would accept replays); beyond `_NONCE_LIMIT` live nonces, new signed
#: requests are throttled until old ones expire.
_NONCE_RETENTION_SECONDS = 2 * _DATE_WINDOW_SECONDS
_NONCE_LIMIT = 500_000
_NONCE_MAX_LENGTH = 128
#: Bounds on what requests can add, so that the stub's memory stays bounded whatever it is sent.
_CREATED_RUN_LIMIT = 100_000
_METRIC_LIMIT = 100_000
_LABEL_LIMIT = 1_000
_PARAM_LIMIT = 1_000
_INT64 = (-(2**63), 2**63 - 1)


_EMPTY_SHA256 = _signing.acs_content_sha256(b"")


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
        self.seen_nonces: dict[str, float] = {}
        self._nonce_expiry: collections.deque[tuple[float, str]] = collections.deque()
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
        run_id = f"run-{self._token(13)}"
        created = _iso(_EPOCH + datetime.timedelta(minutes=37 * index))
        evaluation = "true" if index % 3 == 0 else "false"
        return {
            "RunId": run_id,
            "Name": f"{self.ids.choice(_NAMES)}-{index}",
            "OwnerId": self.owner_id,
            "UserId": self.owner_id,
            "WorkspaceId": self.workspace_id,
            "ExperimentId": self.experiment_ids[index % 2],
            "SourceType": "TrainingService",
            "SourceId": f"train{self._token(9)}",
            "Accessibility": "PRIVATE",
            "GmtCreateTime": created,
            "GmtModifiedTime": created,
            "RequestId": self.new_uuid().upper(),
            "Params": [{"Key": "learning_rate", "Value": str(self.ids.choice((0.1, 0.01)))}],
            "Metrics": [
                {
                    "Key": "loss",
                    "Value": round(self.ids.random(), 4),
                    "Step": step,
                    "Timestamp": 1709280000000 + 60000 * (index + step),
                }
                for step in (1, 2)
            ],
            "Labels": [
                {
                    "Key": key,
                    "Value": value,
                    "RunId": run_id,
                    "GmtCreateTime": created,
                    "GmtModifiedTime": created,
                }
                for key, value in (("is_evaluation", evaluation), ("team", f"t{index % 2}"))
            ],
        }

    # --- credentials ----------------------------------------------------------------------

    def authenticate(self, request: StubRequest) -> None:
        """An ACS3 or legacy ROA signature, in the date window, with a fresh nonce."""
        authorization = request.headers.get("authorization")
        if not authorization:
            raise StubError(
                "unauthorized", "The Authorization header is missing.", name="MissingAuthorization"
            )
        if authorization.startswith(ROA_PREFIX):
            self._authenticate_roa(request, authorization)
        else:
            self._authenticate_acs3(request, authorization)
        self._check_nonce(request.headers.get("x-acs-signature-nonce"))
        operation = request.operation
        assert operation is not None
        checks = (
            ("x-acs-action", operation.spec.get("x-acs-action"), "InvalidAction.NotFound"),
            ("x-acs-version", self.spec.get("x-acs-version"), "InvalidVersion"),
        )
        for header, wanted, code in checks:
            # The legacy ROA scheme names the operation by its path alone.
            roa = authorization.startswith(ROA_PREFIX)
            if roa and header == "x-acs-action" and header not in request.headers:
                continue
            if request.headers.get(header) != wanted:
                raise StubError("invalid", f"{header} must be {wanted!r}.", name=code)

    def _authenticate_roa(self, request: StubRequest, authorization: str) -> None:
        key_id, _, signature = authorization[len(ROA_PREFIX) :].partition(":")
        if not secure_equal(key_id, self.credentials.access_key_id):
            raise StubError(
                "unauthorized",
                "The AccessKey ID does not exist.",
                name="InvalidAccessKeyId.NotFound",
            )
        date = request.headers.get("date")
        if not date:
            raise StubError("unauthorized", "The Date header is missing.", name="MissingDate")
        try:
            moment = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            raise StubError(
                "unauthorized",
                f"Date {date!r} is not an HTTP date.",
                name="InvalidTimeStamp.Format",
            ) from None
        if abs(moment - self.clock()) > _DATE_WINDOW_SECONDS:
            raise StubError(
                "unauthorized", "The request time is out of range.", name="InvalidTimeStamp.Expired"
            )
        expected = roa_signature(
            self.credentials.access_key_secret,
            roa_string_to_sign(
                request.method,
                request.path,
                parse_qsl(request.query_string, keep_blank_values=True),
                request.headers,
            ),
        )
        if not secure_equal(signature, expected):
            raise StubError(
                "unauthorized",
                "The request signature does not match.",
                name="SignatureDoesNotMatch",
            )

    def _check_nonce(self, nonce: str | None) -> None:
        """Refuse a request without a nonce, or with one already seen in the window."""
        if not nonce:
            # Both schemes require it (ACS3 also lists it among the signed headers).
            raise StubError(
                "invalid",
                "The x-acs-signature-nonce header is required.",
                name="MissingSignatureNonce",
            )
        if len(nonce) > _NONCE_MAX_LENGTH:
            raise StubError(
                "invalid",
                f"x-acs-signature-nonce must be at most {_NONCE_MAX_LENGTH} characters.",
                parameter="x-acs-signature-nonce",
            )
        now = self.clock()
        expiry = self._nonce_expiry
        while expiry and expiry[0][0] <= now:
            _, old = expiry.popleft()
            if self.seen_nonces.get(old, now + 1) <= now:
                del self.seen_nonces[old]
        if nonce in self.seen_nonces:
            raise StubError(
                "unauthorized", "The signature nonce has been used.", name="SignatureNonceUsed"
            )
        if len(self.seen_nonces) >= _NONCE_LIMIT:
            raise StubError(
                "throttled",
                "Too many signed requests within the signature window.",
                headers={"Retry-After": str(int(expiry[0][0] - now) + 1)},
            )
        until = now + _NONCE_RETENTION_SECONDS
        self.seen_nonces[nonce] = until
        expiry.append((until, nonce))

    def verify_body(self, request: StubRequest) -> None:
        """An ACS3 signature covers the body through ``x-acs-content-sha256``: check it."""
        if request.headers.get("authorization", "").startswith(ROA_PREFIX):
            return
        claimed = request.headers.get("x-acs-content-sha256") or _EMPTY_SHA256
        if not secure_equal(_signing.acs_content_sha256(request.body), claimed):
            raise StubError(
                "unauthorized",
                "The request body does not match x-acs-content-sha256.",
                name="SignatureDoesNotMatch",
            )

    def _authenticate_acs3(self, request: StubRequest, authorization: str) -> None:
        fields = _signing.parse_acs3_authorization(authorization)
        if not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
            raise StubError(
                "unauthorized",
                "The Authorization header is not an ACS3 signature.",
                name="IncompleteSignature",
            )
        if not secure_equal(fields["Credential"], self.credentials.access_key_id):
            raise StubError(
                "unauthorized",
                "The AccessKey ID does not exist.",
                name="InvalidAccessKeyId.NotFound",
            )
        signed = fields["SignedHeaders"].split(";")
        self._check_signed_headers(request, signed)
        self._check_date(request.headers["x-acs-date"])
        expected = _signing.acs3_expected_authorization(
            fields["Credential"],
            self.credentials.access_key_secret,
            request.method,
            request.raw_path,
            request.query_string,
            {name: request.headers[name] for name in signed},
            b"",
            signed,
            # The signature is checked before the body is read; `verify_body` checks the body.
            content_sha256=request.headers.get("x-acs-content-sha256") or _EMPTY_SHA256,
        )
        if not secure_equal(authorization, expected):
            raise StubError(
                "unauthorized",
                "The request signature does not match.",
                name="SignatureDoesNotMatch",
            )

    @staticmethod
    def _check_signed_headers(request: StubRequest, signed: list[str]) -> None:
        """The signature covers the headers its ``SignedHeaders`` names, as Alibaba's verify.

        Alibaba's own SDK signs every header it sends (``accept;host;user-agent;x-acs-*``),
        so the list is the request's, not a fixed set; but it must cover ``host``, every
        ``x-acs-*`` header sent and the ones ACS3 requires, and name only headers that were
        sent (lower-case, each once).
        """
        problems = []
        if any(name != name.lower() or not name for name in signed) or len(set(signed)) != len(
            signed
        ):
            problems.append("names must be lower-case, non-empty and listed once")
        absent = [name for name in signed if name not in request.headers]
        if absent:
            problems.append(f"names headers the request does not carry: {absent}")
        sent_acs = sorted(name for name in request.headers if name.startswith("x-acs-"))
        required = sorted({"host", *_REQUIRED_SIGNED, *sent_acs})
        unsigned = [name for name in required if name not in signed]
        if unsigned:
            problems.append(f"leaves out headers that must be signed: {unsigned}")
        if problems:
            raise StubError(
                "unauthorized",
                "SignedHeaders " + "; ".join(problems) + ".",
                name="IncompleteSignature",
            )

    def _check_date(self, value: str) -> None:
        try:
            moment = calendar.timegm(time.strptime(value, _signing.ACS3_DATE_FORMAT))
        except ValueError:
            raise StubError(
                "unauthorized",
                f"x-acs-date {value!r} is not ISO 8601 UTC.",
                name="InvalidTimeStamp.Format",
            ) from None
        if abs(moment - self.clock()) > _DATE_WINDOW_SECONDS:
            raise StubError(
                "unauthorized", "The request time is out of range.", name="InvalidTimeStamp.Expired"
            )

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
            have[key] = {
                "Key": key,
                "Value": value,
                "RunId": run["RunId"],
                "GmtCreateTime": now,
                "GmtModifiedTime": now,
            }
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
        run: dict[str, Any] = {
            "RunId": run_id,
            "Name": body.get("Name") or run_id,
            "OwnerId": self.owner_id,
            "UserId": self.owner_id,
            "WorkspaceId": self.workspace_id,
            "ExperimentId": experiment,
            "SourceType": body.get("SourceType", ""),
            "SourceId": body.get("SourceId", ""),
            "Accessibility": "PRIVATE",
            "GmtCreateTime": now,
            "GmtModifiedTime": now,
            "RequestId": self.new_uuid().upper(),
            "Params": [],
            "Metrics": [],
            "Labels": [],
        }
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
