"""A provider-neutral view of a run, and walks of runs across providers.

Each provider's generated run model is converted to one `Run` by a single converter driven by a
small table per provider, which attributes of the generated model hold the id, name, times and
user (`RUN_FIELDS`), and by the spec's run states: which property holds the status and what
each value means (`STATES`, from `x-modelruns-run-status` and `x-modelruns-run-states`).
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from clova_nsml_client.models import NsmlRun
from clova_nsml_client.types import Unset as _NsmlUnset
from dataplatform_models_client.models import ModelRun
from dataplatform_models_client.types import Unset as _DataPlatformUnset
from foundry_models_client.models import ModelStudioRun
from foundry_models_client.types import Unset as _FoundryUnset
from modelruns._specs import Provider
from modelruns._states import STATES, ProviderStates, RunStatus
from pai_aiworkspace_client.models import Run as PaiRun
from pai_aiworkspace_client.types import Unset as _PaiUnset

__all__ = [
    "RUN_FIELDS",
    "STATES",
    "ProviderStates",
    "Run",
    "RunFields",
    "RunStatus",
    "aiter_runs",
    "iter_runs",
    "run_status",
    "to_run",
]

# Each generated package has its own `Unset` sentinel type; an unset field reads as absent.
_UNSET_TYPES: Final = (_FoundryUnset, _DataPlatformUnset, _PaiUnset, _NsmlUnset)


@attrs.frozen
class RunFields:
    """Which attributes of a provider's generated run model fill each field of a `Run`.

    Every entry is a tuple of attribute names: `id` joins the values of all of them with `/`
    (an NSML run is only unique within its project); the other fields take the first attribute
    that is present. An empty tuple means the provider has no such field (the field is `None`).
    """

    model: type[Any]
    id: tuple[str, ...]
    name: tuple[str, ...]
    created_at: tuple[str, ...]
    updated_at: tuple[str, ...]
    started_by: tuple[str, ...]


#: The field table of each provider (attribute names of the generated models).
RUN_FIELDS: Final[Mapping[Provider, RunFields]] = {
    "foundry": RunFields(
        model=ModelStudioRun,
        id=("run_id",),
        name=(),
        created_at=("started_time",),
        updated_at=(),
        started_by=("started_by",),
    ),
    "dataplatform": RunFields(
        model=ModelRun,
        id=("id",),
        name=("project_name",),
        created_at=("created_at",),
        # The latest transition the run reports: finishing, else starting.
        updated_at=("finished_at", "started_at"),
        started_by=("triggered_by",),
    ),
    "pai": RunFields(
        model=PaiRun,
        id=("run_id",),
        name=("name",),
        created_at=("gmt_create_time",),
        updated_at=("gmt_modified_time",),
        started_by=("user_id",),
    ),
    "nsml": RunFields(
        model=NsmlRun,
        id=("project_id", "run_name"),
        name=("run_name",),
        created_at=("create_time",),
        updated_at=("update_time",),
        started_by=("creator",),
    ),
}

_PROVIDER_OF_MODEL: Final[Mapping[type[Any], Provider]] = {
    fields.model: provider for provider, fields in RUN_FIELDS.items()
}


@attrs.frozen(slots=True)
class Run:
    """One run of any provider, in the same shape for all of them.

    `raw` is the generated model the run was made from (the provider's full answer); it takes
    no part in equality and is left out of the repr. Times are timezone-aware when the
    provider's API says which zone it uses. NSML's `YYYY-MM-DD HH:mm:ss` times name no zone
    and its documentation does not state one, so they are kept naive rather than guessed.
    """

    provider: Provider
    id: str
    name: str | None
    status: RunStatus
    created_at: datetime.datetime | None
    updated_at: datetime.datetime | None
    started_by: str | None
    raw: Any = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def from_model(cls, model: Any) -> Run:
        """The neutral view of a provider's generated run model (see `to_run`)."""
        return to_run(model)

    @property
    def is_terminal(self) -> bool:
        """Whether the run has finished (succeeded, failed or cancelled; see `RunStatus`)."""
        return self.status.is_terminal

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the neutral fields (without `raw`; times in ISO 8601)."""
        return {
            "provider": self.provider,
            "id": self.id,
            "name": self.name,
            "status": self.status.value,
            "created_at": _isoformat(self.created_at),
            "updated_at": _isoformat(self.updated_at),
            "started_by": self.started_by,
        }


def _isoformat(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _present(model: Any, attribute: str) -> Any:
    """The attribute's value, or None when it is unset, null or an empty string."""
    value = getattr(model, attribute)
    if value is None or isinstance(value, _UNSET_TYPES) or value == "":
        return None
    return value


def _first(model: Any, attributes: tuple[str, ...]) -> Any:
    for attribute in attributes:
        value = _present(model, attribute)
        if value is not None:
            return value
    return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _time(provider: Provider, model: Any, attributes: tuple[str, ...]) -> datetime.datetime | None:
    value = _first(model, attributes)
    if value is None or isinstance(value, datetime.datetime):
        return value
    try:
        # fromisoformat also reads NSML's "YYYY-MM-DD HH:mm:ss" (a space may separate the parts).
        return datetime.datetime.fromisoformat(str(value))
    except ValueError:
        names = "/".join(attributes)
        raise ValueError(f"{provider} run has an unreadable time in {names}: {value!r}") from None


def _status(provider: Provider, model: Any) -> RunStatus:
    states = STATES[provider]
    if states.attribute is None:
        return RunStatus.UNKNOWN
    return states.status(_present(model, states.attribute))


def run_status(model: Any) -> RunStatus:
    """The `RunStatus` of a generated run model (or a `Run`), from its spec's run states."""
    if isinstance(model, Run):
        return model.status
    provider = _PROVIDER_OF_MODEL.get(type(model))
    if provider is None:
        raise TypeError(f"not a run model: {type(model).__qualname__}")
    return _status(provider, model)


def to_run(model: Any) -> Run:
    """The neutral `Run` of a generated run model of any provider (a `Run` is returned as is).

    Raises `TypeError` for anything else, and `ValueError` when the model has no id.
    """
    if isinstance(model, Run):
        return model
    provider = _PROVIDER_OF_MODEL.get(type(model))
    if provider is None:
        known = ", ".join(sorted(f"{m.__module__}.{m.__qualname__}" for m in _PROVIDER_OF_MODEL))
        raise TypeError(f"not a run model: {type(model).__qualname__}; expected Run or {known}")
    fields = RUN_FIELDS[provider]
    parts = [_present(model, attribute) for attribute in fields.id]
    if any(part is None for part in parts):
        names = ", ".join(fields.id)
        raise ValueError(f"{provider} run has no id (needs {names}): {model!r}")
    return Run(
        provider=provider,
        id="/".join(str(part) for part in parts),
        name=_text(_first(model, fields.name)),
        status=_status(provider, model),
        created_at=_time(provider, model, fields.created_at),
        updated_at=_time(provider, model, fields.updated_at),
        started_by=_text(_first(model, fields.started_by)),
        raw=model,
    )


StatusFilter = RunStatus | str | Iterable[RunStatus | str] | None


def _wanted(status: StatusFilter) -> frozenset[RunStatus] | None:
    """The statuses a filter keeps (`None`: every run); `ValueError` naming a bad value."""
    if status is None:
        return None
    values = [status] if isinstance(status, str) else list(status)
    wanted = set()
    for value in values:
        try:
            wanted.add(RunStatus(str(value).upper()))
        except ValueError:
            known = ", ".join(s.value for s in RunStatus)
            raise ValueError(f"status must be one of {known}, got {value!r}") from None
    return frozenset(wanted)


def iter_runs(*sources: Iterable[Any], status: StatusFilter = None) -> Iterator[Run]:
    """Every run of every source as a `Run`, source after source, each in its own order.

    A source is anything iterable over generated run models or `Run`s: a client's list
    paginator, a list, a generator. The walk is lazy: a source is not touched until the one
    before it is exhausted, and nothing is kept once yielded. `status` (a `RunStatus`, its
    name, or several) keeps only the runs in that status, as the spec's run states give it;
    a bad value is a `ValueError` before any source is touched.
    """
    wanted = _wanted(status)
    return _walk(sources, wanted)


def _walk(sources: tuple[Iterable[Any], ...], wanted: frozenset[RunStatus] | None) -> Iterator[Run]:
    for source in sources:
        for item in source:
            run = to_run(item)
            if wanted is None or run.status in wanted:
                yield run


def aiter_runs(
    *sources: AsyncIterable[Any] | Iterable[Any], status: StatusFilter = None
) -> AsyncIterator[Run]:
    """`iter_runs` for async paginators (plain iterables are accepted too), source after source."""
    wanted = _wanted(status)
    return _awalk(sources, wanted)


async def _awalk(
    sources: tuple[AsyncIterable[Any] | Iterable[Any], ...], wanted: frozenset[RunStatus] | None
) -> AsyncIterator[Run]:
    for source in sources:
        if isinstance(source, AsyncIterable):
            async for item in source:
                run = to_run(item)
                if wanted is None or run.status in wanted:
                    yield run
        else:
            for item in source:
                run = to_run(item)
                if wanted is None or run.status in wanted:
                    yield run
