"""Contract tests: every operation of the four specs against the stubs, in-process (ASGI).

All schemathesis phases run (examples, coverage, fuzzing in positive and negative modes, and
stateful sequences through the specs' ``links``) with every default check and
``pagination_terminates``. The seed is fixed and generation derandomized; the budget per
operation and phase is ``MODELRUNS_CONTRACT_EXAMPLES`` (``make contract-deep`` raises it).
"""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import unquote

import hypothesis
import pytest
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput

from modelruns._specs import PROVIDERS, Provider, load_spec
from modelruns.conformance import run_conformance
from modelruns.conformance._auth import build_auth, install_auth
from modelruns.conformance._report import render_table
from modelruns.conformance._schema import load_schema
from modelruns.stubs import Credentials, ProviderStub, base_path, create_app

from ._links import SEED, operation_id

EXAMPLES = int(os.environ.get("MODELRUNS_CONTRACT_EXAMPLES", "25"))

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("provider", PROVIDERS)
def test_stub_conforms_to_its_spec(provider: Provider) -> None:
    report = run_conformance(provider, app=create_app(provider), max_examples=EXAMPLES, seed=SEED)
    assert report.passed, render_table([report])
    labels = {op.label for op in report.operations}
    spec_operations = {
        f"{method.upper()} {path}"
        for path, item in load_spec(provider)["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert labels == spec_operations
    assert all(op.requests > 0 for op in report.operations)


def _links(provider: Provider, operation_id: str) -> set[str]:
    for item in load_spec(provider)["paths"].values():
        for method, operation in item.items():
            if method != "parameters" and operation.get("operationId") == operation_id:
                return {
                    link["operationId"]
                    for response in operation["responses"].values()
                    for link in response.get("links", {}).values()
                }
    raise AssertionError(f"no operation {operation_id}")


@pytest.mark.parametrize(
    ("provider", "source", "targets"),
    [
        ("dataplatform", "triggerModelRun", {"getModelRun", "listModelRunSteps", "cancelModelRun"}),
        ("dataplatform", "listModelRunSteps", {"listModelTestResults"}),
        ("foundry", "launchModelStudio", {"listModelStudioRuns"}),
        ("pai", "ListRuns", {"ListRuns"}),
        (
            "pai",
            "CreateRun",
            {"GetRun", "UpdateRun", "LogRunMetrics", "DeleteRunLabel", "DeleteRun"},
        ),
        ("pai", "UpdateRun", {"GetRun"}),
        ("pai", "LogRunMetrics", {"ListRunMetrics"}),
        ("pai", "ListRunMetrics", {"ListRunMetrics", "DeleteRun"}),
    ],
)
def test_specs_declare_the_stateful_links(
    provider: Provider, source: str, targets: set[str]
) -> None:
    assert targets <= _links(provider, source)


#: Per provider, the links (source operationId, link name) a stateful run must follow with every
#: value applied to a positive request, and the target answering 2xx.
FOLLOWED_LINKS: dict[Provider, set[tuple[str, str]]] = {
    "dataplatform": {
        ("triggerModelRun", "getModelRun"),
        ("triggerModelRun", "listModelRunSteps"),
        ("triggerModelRun", "cancelModelRun"),
        ("listModelRunSteps", "listModelTestResults"),
    },
    "foundry": {
        ("launchModelStudio", "listRuns"),
        ("createModelStudio", "getStudio"),
        # createModelStudioConfigVersion's links are rarely reached at this budget (a random
        # trainerId is not a trainer: 404); the SDK tests drive create -> get -> latest.
    },
    "pai": {
        ("ListRuns", "NextPage"),
        ("CreateRun", "GetRun"),
        ("CreateRun", "UpdateRun"),
        ("CreateRun", "LogRunMetrics"),
        ("CreateRun", "DeleteRun"),
        ("CreateRun", "DeleteRunLabel"),
        ("UpdateRun", "GetRun"),
        ("LogRunMetrics", "ListRunMetrics"),
        ("ListRunMetrics", "NextPage"),
        ("ListRunMetrics", "DeleteRun"),
    },
}

#: Per provider, (examples, steps per sequence) of the state machine, as multiples of the
#: budget: PAI's links span a run's whole life (four links deep), and schemathesis lets each
#: response feed only steps // sources later calls, so its sequences are longer and more.
# Data Platform: twice the examples, so that its three-step chain is reached (its steps list
# takes no paging parameters, which left the first examples short of it).
STATE_MACHINE_BUDGET: dict[Provider, tuple[int, int]] = {"dataplatform": (2, 1), "pai": (4, 3)}


def _check_linked_step(link: str, source: StepOutput, target: StepOutput) -> None:
    """What a followed link promises about its target's 2xx answer."""
    parent, child = source.response.json(), target.response.json()
    if link in {"getModelRun", "cancelModelRun"}:
        assert child["id"] == parent["id"]
    if link == "cancelModelRun":
        assert child["status"] == "CANCELLED"
    if link == "listModelRunSteps" and "id" in parent:
        assert all(step["run_id"] == parent["id"] for step in child["data"])
    if link == "listModelTestResults":
        step_id = parent["data"][0]["id"]
        assert all(result["run_step_id"] == step_id for result in child["data"])
    if link == "listRuns":
        assert all(run["configVersion"] == parent["configVersion"] for run in child["data"])
    if link == "getStudio":
        assert child["rid"] == parent["rid"]
    if link == "getConfigVersion":
        assert child == parent
    if link == "latestConfigVersion":
        # The new version is the latest, unless a later step created another since.
        assert child["version"] >= parent["version"]
    _check_pai_step(link, source, target)


def _check_pai_step(link: str, source: StepOutput, target: StepOutput) -> None:
    """PAI: the link reaches the run (and metric) its source named."""
    parent, child = source.response.json(), target.response.json()
    sent: Any = source.case.body
    source_id = operation_id(source.case.operation)
    run_id = parent.get("RunId") if source_id == "CreateRun" else None
    if run_id is None:
        run_id = (source.case.path_parameters or {}).get("RunId")
    if link == "GetRun":
        assert child["RunId"] == run_id
    if link in {"UpdateRun", "LogRunMetrics", "DeleteRun", "DeleteRunLabel"}:
        assert (target.case.path_parameters or {})["RunId"] == run_id
    if link == "DeleteRunLabel":
        assert target.case.path_parameters is not None
        # The case holds path values percent-encoded, as they travel.
        assert unquote(target.case.path_parameters["Key"]) == sent["Labels"][0]["Key"]
    if link == "ListRunMetrics":
        key = sent["Metrics"][0]["Key"]
        assert {metric["Key"] for metric in child["Metrics"]} <= {key}
        steps = [metric.get("Step", 0) for metric in child["Metrics"]]
        assert steps == sorted(steps)
    if link == "NextPage" and source_id == "ListRunMetrics":
        assert (target.case.query or {})["Key"] == (source.case.query or {})["Key"]


@pytest.mark.parametrize("provider", sorted(FOLLOWED_LINKS))
def test_state_machine_follows_every_named_link(provider: Provider) -> None:
    examples, steps = STATE_MACHINE_BUDGET.get(provider, (1, 1))
    app = create_app(provider)
    schema = load_schema(
        load_spec(provider),
        "http://localhost" + base_path(provider),
        max_examples=EXAMPLES * examples,
        seed=SEED,
        app=app,
    )
    install_auth(schema, build_auth(provider, Credentials()))
    followed: set[tuple[str, str]] = set()

    class Recording(schema.as_state_machine()):  # type: ignore[misc]
        """Checks each fully applied, positive link step and records that it happened."""

        def setup(self) -> None:
            self.outputs: dict[str, StepOutput] = {}
            # Each sequence meets a freshly seeded store and a clock stopped at its start, so its
            # answers (and the transitions they open) depend only on its own requests; a store
            # shared across sequences made Hypothesis' replay draw differently (Flaky...).
            app.stub = fresh_stub(provider)

        def step(self, input: StepInput) -> StepOutput:
            output: StepOutput = super().step(input)
            self.outputs[input.case.id] = output
            transition = input.transition
            # Links schemathesis infers on its own are not the spec's: only declared ones count.
            if transition is None or transition.is_inferred or not _fully_applied(input):
                return output
            source = self.outputs[transition.parent_id]
            if not (_ok(source) and _ok(output)):
                return output
            link = transition.id.rsplit(" -> ", 2)[1].split("] ", 1)[1]
            _check_linked_step(link, source, output)
            followed.add((operation_id(source.case.operation), link))
            return output

    Recording.TestCase.settings = hypothesis.settings(
        max_examples=EXAMPLES * examples,
        # Eight steps: the Data Platform's three-step chain (trigger -> steps -> test results)
        # must fit after the random triggers the server refuses (a body naming neither
        # project_name nor target_schema, which its spec allows).
        stateful_step_count=8 * steps,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    Recording.TestCase().runTest()
    assert FOLLOWED_LINKS[provider] <= followed


def fresh_stub(provider: Provider) -> ProviderStub:
    """A newly seeded store for `provider` whose clock stands still at the moment of the call."""
    started = time.time()
    return create_app(provider, clock=lambda: started).stub


def _ok(output: StepOutput) -> bool:
    meta = output.case.meta
    positive = meta is None or meta.generation.mode == GenerationMode.POSITIVE
    return positive and 200 <= output.response.status_code < 300


def _fully_applied(input: StepInput) -> bool:
    """Whether the step carries every value its link extracted (none explored at random)."""
    assert input.transition is not None
    wanted = {
        name
        for extracted in input.transition.parameters.values()
        for name, parameter in extracted.items()
        if isinstance(parameter.value, Ok) and parameter.value.ok() is not None
    }
    return wanted <= {name for _, name in input.applied_parameters}
