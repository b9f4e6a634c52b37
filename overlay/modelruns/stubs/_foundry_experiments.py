"""The Foundry stub's experiments: one per run, with metric series that grow while it runs.

An experiment is read through its run: its status follows the run's ``buildStatus`` and its
series have one value per ``STEP_SECONDS`` since the run started, up to ``MAX_STEPS``, while
the run is ``RUNNING``; once the run has ended they stop where they were when first read so
(and a succeeded run's experiment links the run's model version). Values are a deterministic
function of the experiment and the step. ``matches`` evaluates the search filters.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from typing import Any

from modelruns.stubs._routing import StubError

__all__ = ["MAX_STEPS", "SERIES", "STEP_SECONDS", "ExperimentStore"]

#: Seconds of a running run per logged step, and the most steps a series reaches.
STEP_SECONDS = 0.05
MAX_STEPS = 400
#: The metrics every experiment logs.
SERIES = ("loss", "accuracy")
# The series length of a seeded run that had ended before the stub started.
_FINISHED_STEPS = (40, 120)
_STATUS = {"RUNNING": "RUNNING", "SUCCEEDED": "SUCCEEDED", "FAILED": "FAILED", "CANCELED": "FAILED"}


class ExperimentStore:
    """Experiments by (model RID, experiment RID); each follows the run it belongs to."""

    def __init__(self, seed: str, clock: Callable[[], float]) -> None:
        self.rng = random.Random(seed)  # noqa: S311  (test data)
        self.clock = clock
        self.records: dict[tuple[str, str], dict[str, Any]] = {}

    def new_rid(self, kind: str) -> str:
        """A fresh RID of the models service (``ri.models.main.<kind>.<uuid>``)."""
        value = self.rng.getrandbits(128)
        text = f"{value:032x}"
        uuid = f"{text[:8]}-{text[8:12]}-4{text[13:16]}-a{text[17:20]}-{text[20:]}"
        return f"ri.models.main.{kind}.{uuid}"

    def attach(
        self,
        run: dict[str, Any],
        *,
        name: str,
        started: float,
        experiment_rid: str | None = None,
        live: bool = True,
    ) -> None:
        """Give ``run`` an experiment (its ``experimentRid``), started at epoch ``started``.

        A ``live`` experiment's series grow from now while its run is running; otherwise (a
        seeded run that ended long ago) they have a fixed length.
        """
        output = run["resolvedOutputs"]["model"]
        rid = experiment_rid or self.new_rid("experiment")
        output["experimentRid"] = rid
        self.records[(output["modelRid"], rid)] = {
            "run": run,
            "name": name,
            "started": self.clock(),
            "started_ms": int(started * 1000),
            "frozen": None if live else self.rng.randint(*_FINISHED_STEPS),
            "scale": 0.5 + self.rng.random(),
            "learning_rate": round(10 ** self.rng.uniform(-4, -2), 6),
            "stemma": self.new_rid("stemma-repository"),
        }

    def find(self, model_rid: str, experiment_rid: str) -> dict[str, Any]:
        """The record, or Foundry's ``ModelExperimentNotFound``."""
        record = self.records.get((model_rid, experiment_rid))
        if record is None:
            raise StubError(
                "not_found",
                "Experiment not found.",
                name="ModelExperimentNotFound",
                parameters={"modelRid": model_rid, "experimentRid": experiment_rid},
            )
        return record

    def steps(self, record: dict[str, Any]) -> int:
        """How many values each series has now."""
        if record["frozen"] is not None:
            return int(record["frozen"])
        grown = min(MAX_STEPS, 1 + int((self.clock() - record["started"]) / STEP_SECONDS))
        if record["run"].get("buildStatus") == "RUNNING":
            return max(grown, 1)
        # The run has ended: its series stop where they are.
        record["frozen"] = grown
        return grown

    @staticmethod
    def value(record: Mapping[str, Any], series: str, step: int) -> float:
        """The value ``series`` logged at ``step``: a loss that falls, an accuracy that rises."""
        scale = float(record["scale"])
        loss = scale / (1 + 0.05 * step) + 0.01 * math.sin(step)
        return round(loss if series == "loss" else 1 - loss / (1 + scale), 6)

    def values(self, record: dict[str, Any], series: str) -> list[dict[str, Any]]:
        """Every value of a series so far, in step order (``DoubleSeriesValueV1``)."""
        return [
            {
                "value": self.value(record, series, step),
                "timestamp": record["started_ms"] + int(step * STEP_SECONDS * 1000),
                "step": step,
            }
            for step in range(self.steps(record))
        ]

    def series_or_error(
        self, record: dict[str, Any], model_rid: str, experiment_rid: str, name: str
    ) -> list[dict[str, Any]]:
        """A series' values, or ``ExperimentSeriesNotFound``."""
        if name not in SERIES:
            raise StubError(
                "not_found",
                "Series not found.",
                name="ExperimentSeriesNotFound",
                parameters={
                    "modelRid": model_rid,
                    "experimentRid": experiment_rid,
                    "seriesName": name,
                },
            )
        return self.values(record, name)

    def view(self, model_rid: str, experiment_rid: str) -> dict[str, Any]:
        """The ``Experiment`` body of a record, as of now."""
        record = self.find(model_rid, experiment_rid)
        run = record["run"]
        steps = self.steps(record)
        status = _STATUS.get(str(run.get("buildStatus")), "RUNNING")
        aggregations = []
        summaries = []
        for name in SERIES:
            values = [self.value(record, name, step) for step in range(steps)]
            aggregations.append(
                {
                    "name": name,
                    "length": steps,
                    "value": {
                        "type": "double",
                        "min": min(values),
                        "max": max(values),
                        "last": values[-1],
                    },
                }
            )
            summaries.append({"seriesName": name, "aggregation": "LAST", "value": values[-1]})
        body: dict[str, Any] = {
            "rid": experiment_rid,
            "modelRid": model_rid,
            "createdTime": run["startedTime"],
            "createdBy": run["startedBy"],
            "source": {"type": "authoring", "stemmaRid": record["stemma"]},
            "status": status,
            "branch": "master",
            "parameters": [
                {
                    "name": "learning_rate",
                    "value": {"type": "double", "value": record["learning_rate"]},
                },
                {
                    "name": "config_version",
                    "value": {"type": "integer", "value": run["configVersion"]},
                },
                {"name": "run_id", "value": {"type": "string", "value": run["runId"]}},
            ],
            "series": aggregations,
            "summaryMetrics": summaries,
            "artifacts": {},
            "tags": [f"config-version-{run['configVersion']}"],
            "jobRid": run["jobRid"],
        }
        if status == "FAILED":
            body["statusMessage"] = "The training job did not succeed."
        if run.get("buildStatus") == "SUCCEEDED":
            body["linkedModelVersion"] = run["resolvedOutputs"]["model"]["modelVersionRid"]
        return body

    def of_model(self, model_rid: str) -> list[tuple[str, dict[str, Any]]]:
        """(experiment name, body) of each experiment of a model, oldest first."""
        return [
            (record["name"], self.view(model, rid))
            for (model, rid), record in self.records.items()
            if model == model_rid
        ]


def _invalid(reason: str) -> StubError:
    return StubError(
        "invalid", reason, name="InvalidExperimentSearchFilter", parameters={"reason": reason}
    )


def _compare(operator: str, left: Any, right: Any) -> bool:
    if operator == "EQ":
        return bool(left == right)
    if not isinstance(left, int | float) or not isinstance(right, int | float):
        raise _invalid(f"{operator} needs a number, got {right!r}")
    return bool(left > right) if operator == "GT" else bool(left < right)


def matches(flt: Mapping[str, Any], name: str, experiment: Mapping[str, Any]) -> bool:
    """Whether experiment ``experiment`` (named ``name``) satisfies search filter ``flt``."""
    kind = flt.get("type")
    if kind in ("and", "or"):
        results = (matches(f, name, experiment) for f in flt.get("filters", []))
        return all(results) if kind == "and" else any(results)
    if kind == "not":
        return not matches(flt["value"], name, experiment)
    parameters = {p["name"]: p["value"]["value"] for p in experiment["parameters"]}
    series = {s["name"]: s for s in experiment["series"]}
    if kind in ("eq", "contains", "startsWith"):
        field, value = flt["field"], flt["value"]
        texts = {
            "STATUS": [experiment["status"]],
            "BRANCH": [experiment["branch"]],
            "EXPERIMENT_NAME": [name],
            "EXPERIMENT_RID": [experiment["rid"]],
            "JOB_RID": [experiment.get("jobRid", "")],
            "TAG": experiment["tags"],
            "PARAMETER_NAME": list(parameters),
            "SERIES_NAME": list(series),
        }[field]
        if not isinstance(value, str):
            raise _invalid(f"{kind} on {field} needs a string, got {value!r}")
        if kind == "eq":
            return value in texts
        if kind == "contains":
            return any(value in text for text in texts)
        return any(text.startswith(value) for text in texts)
    if kind == "parameterFilter":
        if flt["parameterName"] not in parameters:
            return False
        held = parameters[flt["parameterName"]]
        if flt["operator"] == "CONTAINS":
            return isinstance(held, str) and str(flt["value"]) in held
        return _compare(flt["operator"], held, flt["value"])
    if kind == "seriesFilter":
        found = series.get(flt["seriesName"])
        if found is None:
            return False
        key = {"LENGTH": "length", "AGGREGATION_MIN": "min", "AGGREGATION_MAX": "max"}
        wanted = key.get(flt["field"], "last")
        held = found["length"] if wanted == "length" else found["value"][wanted]
        return _compare(flt["operator"], held, flt["value"])
    if kind == "summaryMetricFilter":
        found = series.get(flt["seriesName"])
        if found is None:
            return False
        held = found["value"][flt["aggregation"].lower()]
        return _compare(flt["operator"], held, flt["value"])
    raise _invalid(f"unknown filter type {kind!r}")
