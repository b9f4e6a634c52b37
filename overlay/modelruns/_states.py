"""What a run's status means, read from the specs: `RunStatus` and each provider's states.

`x-modelruns-run-status` on a spec's run schema names the property holding the status, and
`x-modelruns-run-states` beside that property's schema gives each value its state
(`modelruns._specs.read_run_states`). The neutral `Run`, the generated waiters and the command
line all read them here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final

import attrs

from modelruns._names import snake_case
from modelruns._specs import PROVIDERS, RUN_STATE_NAMES, Provider, load_spec, read_run_states

__all__ = ["STATES", "ProviderStates", "RunStatus"]


class RunStatus(enum.StrEnum):
    """The state of a run, the same for every provider.

    What each provider status value means is data in its spec: `x-modelruns-run-states`
    beside the status schema gives every value one of `pending`, `running` (active: a wait goes
    on), `succeeded`, `failed` or `cancelled` (final), and `x-modelruns-run-status` on the run
    schema names the property that holds it (`STATES`, read once per provider):

    | provider | provider status | RunStatus |
    |---|---|---|
    | foundry | `RUNNING` | `RUNNING` |
    | foundry | `SUCCEEDED` | `SUCCEEDED` |
    | foundry | `FAILED` | `FAILED` |
    | foundry | `CANCELED` | `CANCELED` |
    | dataplatform | `PENDING` | `PENDING` |
    | dataplatform | `RUNNING` | `RUNNING` |
    | dataplatform | `SUCCESS` | `SUCCEEDED` |
    | dataplatform | `FAILED` | `FAILED` |
    | dataplatform | `CANCELLED` | `CANCELED` |
    | nsml | `RUN_STATE_IN_PROGRESS` | `RUNNING` |
    | nsml | `RUN_STATE_COMPLETED` | `SUCCEEDED` |
    | pai | (no status field) | `UNKNOWN` |

    Everything else is `UNKNOWN`, which is never final (`is_terminal` is false):

    - Foundry's `buildStatus` is optional and its documentation does not say what an absent
      value means (not yet scheduled, or not reported), so it is `UNKNOWN` rather than a guess.
    - A value a provider added after its spec was written (`buildStatus: "QUEUED"`) decodes
      to an `UnknownEnumValue` (the client tolerates it unless `strict`) and is `UNKNOWN`.
    - NSML's `status` is an open string; only the two values above are documented, so every
      other value is `UNKNOWN` until its meaning is documented.
    - A PAI run is an experiment-tracking record (params, metrics, labels); the state of the
      workload behind it (`SourceType`/`SourceId`) is not part of the ListRuns or GetRun
      answer, so every PAI run is `UNKNOWN`.
    """

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"
    UNKNOWN = "UNKNOWN"

    @property
    def is_terminal(self) -> bool:
        """Whether the run has finished: succeeded, failed or cancelled (never `UNKNOWN`)."""
        return self in _TERMINAL

    @property
    def is_active(self) -> bool:
        """Whether the run is known to be pending or running."""
        return self in (RunStatus.PENDING, RunStatus.RUNNING)


_TERMINAL: Final = frozenset({RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELED})

#: The `RunStatus` of each state name of `x-modelruns-run-states` (`RUN_STATE_NAMES`).
_OF_STATE: Final[Mapping[str, RunStatus]] = {
    "pending": RunStatus.PENDING,
    "running": RunStatus.RUNNING,
    "succeeded": RunStatus.SUCCEEDED,
    "failed": RunStatus.FAILED,
    "cancelled": RunStatus.CANCELED,
}
assert set(_OF_STATE) == set(RUN_STATE_NAMES)


@attrs.frozen
class ProviderStates:
    """A provider's run states as the overlay reads them: the generated model's status
    attribute (`None`: the run has no status) and each spec value's `RunStatus`."""

    attribute: str | None
    statuses: Mapping[str, RunStatus]

    def status(self, value: Any) -> RunStatus:
        """The `RunStatus` of a status value: `UNKNOWN` when absent or not in the spec.

        A decoded enum value the spec lacks (an `UnknownEnumValue`) has no entry, so it is
        `UNKNOWN` too: never final.
        """
        if isinstance(value, enum.Enum):
            value = value.value
        if not isinstance(value, str):
            return RunStatus.UNKNOWN  # None, or a generated package's `Unset`: absent
        return self.statuses.get(value, RunStatus.UNKNOWN)


def _read_states(provider: Provider) -> ProviderStates:
    declared = read_run_states(load_spec(provider))
    attribute = None if declared.property is None else snake_case(declared.property)
    statuses = {value: _OF_STATE[state] for value, state in declared.states.items()}
    return ProviderStates(attribute, statuses)


#: Each provider's states, read from its spec once at import.
STATES: Final[Mapping[Provider, ProviderStates]] = {p: _read_states(p) for p in PROVIDERS}
