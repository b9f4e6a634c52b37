"""The Palantir Foundry Model Studio stub: one seeded studio, its runs, and launches."""

from __future__ import annotations

import datetime
import itertools
import random
import uuid
from typing import Any, ClassVar

from modelruns._specs import resolve
from modelruns.stubs._app import ProviderStub, bearer_token, secure_equal
from modelruns.stubs._paging import token_page
from modelruns.stubs._routing import Reply, StubError, StubRequest

_BUILD_STATUSES = ("SUCCEEDED", "SUCCEEDED", "FAILED", "CANCELED", "RUNNING")
_CONFIG_VERSIONS = 3
# A studio's runs are started by a team, not one account: a few dozen distinct users.
_TEAM_SIZE = 40
_EPOCH = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.UTC)


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class FoundryStub(ProviderStub):
    """A Model Studio at the spec's example RID with `runs` runs over config versions 1-3."""

    provider = "foundry"
    # Foundry answers a missing or false `preview` on a preview endpoint with this error.
    parameter_errors: ClassVar[dict[str, str]] = {"preview": "ApiFeaturePreviewUsageOnly"}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.studio_rid: str = resolve(
            self.spec, {"$ref": "#/components/parameters/ModelStudioRid"}
        )["example"]
        self.user_id = self.new_uuid()
        # The team comes from its own generator, so the other ids stay as they were.
        team_rng = random.Random(f"{self.provider}:{self.seed}:team")  # noqa: S311  (test data)
        self.team = [self.user_id] + [
            str(uuid.UUID(int=team_rng.getrandbits(128), version=4)) for _ in range(_TEAM_SIZE - 1)
        ]
        self._team_rng = team_rng
        self.latest_config_version = _CONFIG_VERSIONS
        self.studios: dict[str, list[dict[str, Any]]] = {self.studio_rid: []}
        self._counter = itertools.count()
        #: Launched runs not yet final: runId -> (start time by the clock, final status).
        self.launched: dict[str, tuple[float, str]] = {}
        for index in range(self.runs):
            self.studios[self.studio_rid].append(
                self._new_run(
                    config_version=1 + index * _CONFIG_VERSIONS // max(self.runs, 1),
                    started=_EPOCH + datetime.timedelta(hours=index),
                    status=self.ids.choice(_BUILD_STATUSES),
                )
            )
        self.handlers = {
            "listModelStudioRuns": self.list_runs,
            "launchModelStudio": self.launch,
        }

    def _new_run(
        self, *, config_version: int, started: datetime.datetime, status: str
    ) -> dict[str, Any]:
        number = next(self._counter)
        build, job, model = self.new_uuid(), self.new_uuid(), self.new_uuid()
        return {
            "runId": f"{self.ids.getrandbits(40):010x}{number:02x}"[-12:],
            "buildRid": f"ri.foundry-build.main.build.{build}",
            "jobRid": f"ri.foundry-build.main.job.{job}",
            "configVersion": config_version,
            "startedBy": self._team_rng.choice(self.team),
            "startedTime": _iso(started),
            "buildStatus": status,
            "resolvedOutputs": {
                "model": {
                    "type": "model",
                    "modelRid": f"ri.models.main.model.{model}",
                    "modelVersionRid": f"ri.models.main.model-version.{self.new_uuid()}",
                }
            },
        }

    def authenticate(self, request: StubRequest) -> None:
        """Foundry checks ``Authorization: Bearer <token>``."""
        token = bearer_token(request)
        if token is None:
            raise StubError("unauthorized", "Missing bearer token.")
        if not secure_equal(token, self.credentials.foundry_token):
            raise StubError("unauthorized", "The bearer token is invalid or expired.")

    def render_error(
        self, status: int, code: str, name: str, message: str, parameters: dict[str, Any]
    ) -> Any:
        """Foundry's error body; the message travels nowhere (Foundry sends none)."""
        return {
            "errorCode": code,
            "errorName": name,
            "errorInstanceId": self.new_uuid(),
            "parameters": parameters,
        }

    def realistic_error(
        self, status: int, body: Any, error: StubError
    ) -> tuple[int, bytes, bytes] | None:
        """Empty bodies where Foundry sends none: an API not on the stack, 429 and 503.

        Palantir's SDK reads an empty-bodied 404 as "this API is not available here" and
        reads no body from the quality-of-service answers 429 and 503.
        """
        if error.origin == "route" or status in (429, 503):
            return status, b"", b""
        return None

    def describe(self) -> dict[str, str]:
        """The seeded studio."""
        return {"modelStudioRid": self.studio_rid}

    def _studio(self, request: StubRequest) -> tuple[str, list[dict[str, Any]]]:
        if request.params.get("preview") is not True:
            raise StubError(
                "invalid", "preview=true is required.", name="ApiFeaturePreviewUsageOnly"
            )
        rid = request.path_params["modelStudioRid"]
        runs = self.studios.get(rid)
        if runs is None:
            raise StubError(
                "not_found",
                "Model Studio not found.",
                name="ModelStudioNotFound",
                parameters={"studioRid": rid},
            )
        return rid, runs

    def list_runs(self, request: StubRequest) -> Reply:
        """listModelStudioRuns: the studio's runs, newest first, filtered by config version.

        A launched run shown here moves on (`RunLife`): one step per list that shows it
        (RUNNING, then SUCCEEDED or FAILED), or, with `run_seconds`, as the clock says.
        """
        rid, runs = self._studio(request)
        runs = runs[::-1]
        version = request.params.get("configVersion")
        if version is not None:
            if not 1 <= version <= self.latest_config_version:
                raise StubError(
                    "not_found",
                    "Config version not found.",
                    name="ModelStudioConfigVersionNotFound",
                    parameters={"studioRid": rid, "configVersion": version},
                )
            runs = [run for run in runs if run["configVersion"] == version]
        self._follow_clock()
        page = token_page(request, runs)
        if self.life.run_seconds is None:
            page["data"] = [self._step(run) for run in page["data"]]
        return 200, page

    def _follow_clock(self) -> None:
        """Finish every launched run whose `run_seconds` have passed by the clock."""
        for run_id, (started, final) in list(self.launched.items()):
            progress = self.run_progress(started)
            if progress is not None and progress >= 1.0:
                self._finish(run_id, final)

    def _step(self, run: dict[str, Any]) -> dict[str, Any]:
        """One step per read: a launched run is shown as it is, then it is final."""
        found = self.launched.get(run["runId"])
        if found is None:
            return run
        shown = dict(run)
        self._finish(run["runId"], found[1])
        return shown

    def _finish(self, run_id: str, final: str) -> None:
        del self.launched[run_id]
        for runs in self.studios.values():
            for run in runs:
                if run["runId"] == run_id:
                    run["buildStatus"] = final

    def launch(self, request: StubRequest) -> Reply:
        """launchModelStudio: a new RUNNING run on the latest config version (see `list_runs`
        for how it moves on)."""
        _, runs = self._studio(request)
        now = datetime.datetime.fromtimestamp(self.clock(), tz=datetime.UTC)
        run = self._new_run(
            config_version=self.latest_config_version, started=now, status="RUNNING"
        )
        runs.append(run)
        final = "FAILED" if self.draw_failure() else "SUCCEEDED"
        self.launched[run["runId"]] = (self.clock(), final)
        return 200, run
