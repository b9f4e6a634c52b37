"""The Palantir Foundry Model Studio stub: studios, config versions, trainers, runs, experiments.

One studio is seeded at the spec's example RID with config versions 1-3 and its runs; each run
has an experiment (under the run's model) whose metric series grow while the run is active.
"""

from __future__ import annotations

import datetime
import itertools
import random
import uuid
from typing import Any, ClassVar

from modelruns._specs import resolve
from modelruns.stubs._foundry_experiments import ExperimentStore, matches
from modelruns.stubs._paging import offset_page, token_page
from modelruns.stubs._parquet import write_table
from modelruns.stubs._provider import ProviderStub, bearer_token, secure_equal
from modelruns.stubs._routing import RawBody, Reply, StubError, StubRequest

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
        self._seed_studio_resources()

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
            if not 1 <= version <= len(self.config_versions[rid]):
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
        """launchModelStudio: a new RUNNING run on the latest config version, with an
        experiment (see `list_runs` for how it moves on)."""
        rid, runs = self._studio(request)
        versions = self.config_versions[rid]
        if not versions:
            raise StubError("invalid", "The Model Studio has no configuration version to launch.")
        now = datetime.datetime.fromtimestamp(self.clock(), tz=datetime.UTC)
        run = self._new_run(config_version=versions[-1]["version"], started=now, status="RUNNING")
        runs.append(run)
        final = "FAILED" if self.draw_failure() else "SUCCEEDED"
        self.launched[run["runId"]] = (self.clock(), final)
        self._attach_experiment(rid, run, started=now.timestamp(), live=True)
        return 200, run

    # --- studios, config versions, trainers, experiments --------------------------------

    def _seed_studio_resources(self) -> None:
        """The seeded studio's record and config versions 1-3, the trainers, the experiments.

        They draw from their own generator, so the runs' ids stay what they were. The first
        seeded run's model and experiment are the spec's example RIDs.
        """
        self.experiments = ExperimentStore(f"{self.provider}:{self.seed}:experiments", self.clock)
        store = self.experiments
        examples = {
            name: resolve(self.spec, {"$ref": f"#/components/parameters/{name}"})["example"]
            for name in ("ModelRid", "ExperimentRid")
        }
        self.trainers: list[dict[str, Any]] = []
        for index, (name, kind) in enumerate(_TRAINERS):
            trainer_id = _EXAMPLE_TRAINER if index == 0 else store.new_rid("trainer")
            self.trainers.append(_trainer(trainer_id, name, kind))
        self.studio_records: dict[str, dict[str, Any]] = {
            self.studio_rid: {
                "rid": self.studio_rid,
                "folderRid": "ri.compass.main.folder." + self.studio_rid.rsplit(".", 1)[-1],
                "createdTime": _iso(_EPOCH - datetime.timedelta(days=1)),
            }
        }
        self.config_versions: dict[str, list[dict[str, Any]]] = {self.studio_rid: []}
        for version in range(1, self.latest_config_version + 1):
            self.config_versions[self.studio_rid].append(
                self._config_version(
                    self.studio_rid,
                    {
                        "name": f"baseline-v{version}",
                        "trainerId": self.trainers[0]["trainerId"],
                        "resources": {"memory": "16Gi", "cpu": "4"},
                        "workerConfig": _worker_config(store.new_rid("model")),
                        "changelog": f"Version {version} of the seeded studio.",
                    },
                    created=_EPOCH + datetime.timedelta(minutes=version),
                    creator=self.user_id,
                )
            )
        for index, run in enumerate(self.studios[self.studio_rid]):
            if index == 0:
                run["resolvedOutputs"]["model"]["modelRid"] = examples["ModelRid"]
            started = datetime.datetime.fromisoformat(run["startedTime"]).timestamp()
            self._attach_experiment(
                self.studio_rid,
                run,
                started=started,
                live=run["buildStatus"] == "RUNNING",
                experiment_rid=examples["ExperimentRid"] if index == 0 else None,
            )
        self.handlers |= {
            "createModelStudio": self.create_studio,
            "getModelStudio": self.get_studio,
            "listModelStudioConfigVersions": self.list_config_versions,
            "createModelStudioConfigVersion": self.create_config_version,
            "getLatestModelStudioConfigVersion": self.latest_config_version_of,
            "getModelStudioConfigVersion": self.get_config_version,
            "listModelStudioTrainers": self.list_trainers,
            "getModelStudioTrainer": self.get_trainer,
            "searchExperiments": self.search_experiments,
            "getExperiment": self.get_experiment,
            "getExperimentSeriesJson": self.series_json,
            "getExperimentSeriesParquet": self.series_parquet,
        }

    def _attach_experiment(
        self,
        studio_rid: str,
        run: dict[str, Any],
        *,
        started: float,
        live: bool,
        experiment_rid: str | None = None,
    ) -> None:
        versions = self.config_versions.get(studio_rid, [])
        number = run["configVersion"]
        name = versions[number - 1]["name"] if 0 < number <= len(versions) else f"v{number}"
        self.experiments.attach(
            run, name=name, started=started, experiment_rid=experiment_rid, live=live
        )

    def _config_version(
        self,
        studio_rid: str,
        body: dict[str, Any],
        *,
        created: datetime.datetime,
        creator: str,
    ) -> dict[str, Any]:
        trainer = self._trainer_or_error(body["trainerId"], None)
        version: dict[str, Any] = {
            "name": body["name"],
            "version": len(self.config_versions[studio_rid]) + 1,
            "trainerId": trainer["trainerId"],
            "trainer": {"trainerId": trainer["trainerId"], "version": trainer["version"]},
            "workerConfig": body["workerConfig"],
            "resources": body["resources"],
            "createdBy": creator,
            "createdTime": _iso(created),
        }
        if body.get("changelog") is not None:
            version["changelog"] = body["changelog"]
        return version

    def _preview(self, request: StubRequest) -> None:
        if request.params.get("preview") is not True:
            raise StubError(
                "invalid", "preview=true is required.", name="ApiFeaturePreviewUsageOnly"
            )

    def _now(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.clock(), tz=datetime.UTC)

    def create_studio(self, request: StubRequest) -> Reply:
        """createModelStudio: a new, empty studio (no config version, no run) in a folder."""
        self._preview(request)
        body = request.json or {}
        name, folder = str(body["name"]), str(body["parentFolderRid"])
        if name in (".", "..") or "/" in name or not name or len(name) > 700:
            raise StubError(
                "invalid",
                "Invalid display name.",
                name="InvalidDisplayName",
                parameters={"displayName": name},
            )
        # Foundry refuses a name already taken in the folder (ResourceNameAlreadyExists, 409);
        # the stub does not, so that its answer depends on the request alone (the contract
        # tests replay requests against one stub and expect the same answer).
        rid = "ri.models.main.model-studio." + self.experiments.new_rid("x").rsplit(".", 1)[-1]
        record = {"rid": rid, "folderRid": folder, "createdTime": _iso(self._now()), "name": name}
        self.studio_records[rid] = record
        self.studios[rid] = []
        self.config_versions[rid] = []
        return 200, {k: record[k] for k in ("rid", "folderRid", "createdTime")}

    def get_studio(self, request: StubRequest) -> Reply:
        """getModelStudio."""
        rid, _ = self._studio(request)
        record = self.studio_records[rid]
        return 200, {k: record[k] for k in ("rid", "folderRid", "createdTime")}

    def list_config_versions(self, request: StubRequest) -> Reply:
        """listModelStudioConfigVersions: oldest first."""
        rid, _ = self._studio(request)
        return 200, token_page(request, self.config_versions[rid])

    def create_config_version(self, request: StubRequest) -> Reply:
        """createModelStudioConfigVersion: the next version number; the next launch uses it."""
        rid, _ = self._studio(request)
        version = self._config_version(
            rid, dict(request.json or {}), created=self._now(), creator=self.user_id
        )
        self.config_versions[rid].append(version)
        return 200, version

    def latest_config_version_of(self, request: StubRequest) -> Reply:
        """getLatestModelStudioConfigVersion: the latest, or 204 for a studio without any."""
        rid, _ = self._studio(request)
        versions = self.config_versions[rid]
        if not versions:
            return 204, RawBody(b"", None)
        return 200, versions[-1]

    def get_config_version(self, request: StubRequest) -> Reply:
        """getModelStudioConfigVersion."""
        rid, _ = self._studio(request)
        number = request.path_params["modelStudioConfigVersionVersion"]
        versions = self.config_versions[rid]
        if not 1 <= number <= len(versions):
            raise StubError(
                "not_found",
                "Config version not found.",
                name="ModelStudioConfigVersionNotFound",
                parameters={"studioRid": rid, "configVersion": number},
            )
        return 200, versions[number - 1]

    def _trainer_or_error(self, trainer_id: str, name: str | None) -> dict[str, Any]:
        for trainer in self.trainers:
            if trainer["trainerId"] == trainer_id:
                return trainer
        if name == "ModelStudioTrainerNotFound":
            raise StubError(
                "not_found",
                "Trainer not found.",
                name=name,
                parameters={"modelStudioTrainerTrainerId": trainer_id},
            )
        raise StubError(
            "not_found",
            "Trainer not found.",
            name="TrainerNotFound",
            parameters={"trainerId": trainer_id},
        )

    def list_trainers(self, request: StubRequest) -> Reply:
        """listModelStudioTrainers: every trainer, in one answer."""
        self._preview(request)
        return 200, {"data": self.trainers}

    def get_trainer(self, request: StubRequest) -> Reply:
        """getModelStudioTrainer: the trainer, at its one version (another is not found)."""
        self._preview(request)
        trainer_id = request.path_params["modelStudioTrainerTrainerId"]
        trainer = self._trainer_or_error(trainer_id, "ModelStudioTrainerNotFound")
        version = request.params.get("version")
        if version is not None and version != trainer["version"]:
            raise StubError(
                "not_found",
                "Trainer version not found.",
                name="TrainerNotFound",
                parameters={"trainerId": trainer_id},
            )
        return 200, trainer

    def search_experiments(self, request: StubRequest) -> Reply:
        """searchExperiments: the model's experiments that match, ordered, paged in the body."""
        self._preview(request)
        model_rid = request.path_params["modelRid"]
        body = request.json or {}
        found = self.experiments.of_model(model_rid)
        where = body.get("where")
        if where is not None:
            found = [(name, e) for name, e in found if matches(where, name, e)]
        order = body.get("orderBy")
        if order is not None:
            key = 0 if order["field"] == "EXPERIMENT_NAME" else 1
            found.sort(
                key=lambda pair: pair[0] if key == 0 else pair[1]["createdTime"],
                reverse=order["direction"] == "DESC",
            )
        return 200, token_page(request, [experiment for _, experiment in found])

    def get_experiment(self, request: StubRequest) -> Reply:
        """getExperiment: the experiment as of now (status and series follow its run)."""
        self._preview(request)
        path = request.path_params
        return 200, self.experiments.view(path["modelRid"], path["experimentRid"])

    def _series(self, request: StubRequest) -> list[dict[str, Any]]:
        self._preview(request)
        path = request.path_params
        model_rid, experiment_rid = path["modelRid"], path["experimentRid"]
        record = self.experiments.find(model_rid, experiment_rid)
        return self.experiments.series_or_error(
            record, model_rid, experiment_rid, path["experimentSeriesName"]
        )

    def series_json(self, request: StubRequest) -> Reply:
        """getExperimentSeriesJson: a page of the series from ``offset``."""
        values = self._series(request)
        return 200, {"type": "doubleV1", **offset_page(request, values)}

    def series_parquet(self, request: StubRequest) -> Reply:
        """getExperimentSeriesParquet: the whole series as a Parquet file."""
        values = self._series(request)
        table = write_table(
            [
                ("step", "int64", [v["step"] for v in values]),
                ("value", "double", [v["value"] for v in values]),
                ("timestamp", "int64", [v["timestamp"] for v in values]),
            ]
        )
        return 200, RawBody(table, "application/octet-stream")


_EXAMPLE_TRAINER = "ri.models.main.trainer.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
_TRAINERS = (
    ("gradient-boosted-classifier", "TABULAR_CLASSIFICATION"),
    ("forecaster", "TIME_SERIES"),
    ("llm-finetune", "LLM_FINETUNING"),
)


def _trainer(trainer_id: str, name: str, kind: str) -> dict[str, Any]:
    return {
        "trainerId": trainer_id,
        "version": "1.0.0",
        "name": name,
        "type": kind,
        "description": f"A {kind.lower().replace('_', ' ')} trainer.",
        "customConfigSchema": {"type": "object", "properties": {"epochs": {"type": "integer"}}},
        "inputs": {"training": {"type": "dataset"}},
        "outputs": {"model": {"type": "model"}},
        "experimental": kind == "LLM_FINETUNING",
    }


def _worker_config(model_rid: str) -> dict[str, Any]:
    return {
        "inputs": {
            "training": {
                "type": "dataset",
                "rid": "ri.foundry.main.dataset." + model_rid.rsplit(".", 1)[-1],
                "columnMapping": {"label": ["churned"]},
                "ignoreColumns": [],
                "selectColumns": [],
            }
        },
        "outputs": {"model": {"type": "model", "modelRid": model_rid}},
    }
