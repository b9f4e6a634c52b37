"""A provider-neutral view of a run, and walks of runs across providers.

Each provider's generated run model is converted to one `Run` by a single converter driven by two
small tables per provider: which attributes of the generated model hold the id, name, times and
user (`RUN_FIELDS`), and what each provider status means (`STATUS_TABLES`).
"""

from __future__ import annotations

import datetime
import enum
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
from pai_aiworkspace_client.models import Run as PaiRun
from pai_aiworkspace_client.types import Unset as _PaiUnset

__all__ = [
    "RUN_FIELDS",
    "STATUS_TABLES",
    "Run",
    "RunFields",
    "RunStatus",
    "aiter_runs",
    "iter_runs",
    "to_run",
]

# Each generated package has its own `Unset` sentinel type; an unset field reads as absent.
_UNSET_TYPES: Final = (_FoundryUnset, _DataPlatformUnset, _PaiUnset, _NsmlUnset)


class RunStatus(enum.StrEnum):
    """The state of a run, the same for every provider.

    Every status value a provider's spec declares maps to one of these (`STATUS_TABLES`):

    | provider | provider status | RunStatus |
    |---|---|---|
    | foundry | `RUNNING` | `RUNNING` |
    | foundry | `SUCCEEDED` | `SUCCEEDED` |
    | foundry | `FAILED` | `FAILED` |
    | foundry | `CANCELED` | `CANCELED` |
    | foundry | (absent) | `UNKNOWN` |
    | foundry | any other value | `UNKNOWN` |
    | dataplatform | `PENDING` | `PENDING` |
    | dataplatform | `RUNNING` | `RUNNING` |
    | dataplatform | `SUCCESS` | `SUCCEEDED` |
    | dataplatform | `FAILED` | `FAILED` |
    | dataplatform | `CANCELLED` | `CANCELED` |
    | dataplatform | any other value | `UNKNOWN` |
    | nsml | `RUN_STATE_IN_PROGRESS` | `RUNNING` |
    | nsml | `RUN_STATE_COMPLETED` | `SUCCEEDED` |
    | nsml | (absent) | `UNKNOWN` |
    | nsml | any other value | `UNKNOWN` |
    | pai | (no status field) | `UNKNOWN` |

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


#: Provider status value -> RunStatus. The key `None` is an absent status field; a value not in
#: the table is `UNKNOWN` (NSML's open string, or a value newer than the spec's enum).
STATUS_TABLES: Final[Mapping[Provider, Mapping[str | None, RunStatus]]] = {
    "foundry": {
        "RUNNING": RunStatus.RUNNING,
        "SUCCEEDED": RunStatus.SUCCEEDED,
        "FAILED": RunStatus.FAILED,
        "CANCELED": RunStatus.CANCELED,
        None: RunStatus.UNKNOWN,
    },
    "dataplatform": {
        "PENDING": RunStatus.PENDING,
        "RUNNING": RunStatus.RUNNING,
        "SUCCESS": RunStatus.SUCCEEDED,
        "FAILED": RunStatus.FAILED,
        "CANCELLED": RunStatus.CANCELED,
    },
    "pai": {None: RunStatus.UNKNOWN},
    "nsml": {
        "RUN_STATE_IN_PROGRESS": RunStatus.RUNNING,
        "RUN_STATE_COMPLETED": RunStatus.SUCCEEDED,
        None: RunStatus.UNKNOWN,
    },
}


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
    status: tuple[str, ...]
    created_at: tuple[str, ...]
    updated_at: tuple[str, ...]
    started_by: tuple[str, ...]


#: The field table of each provider (attribute names of the generated models).
RUN_FIELDS: Final[Mapping[Provider, RunFields]] = {
    "foundry": RunFields(
        model=ModelStudioRun,
        id=("run_id",),
        name=(),
        status=("build_status",),
        created_at=("started_time",),
        updated_at=(),
        started_by=("started_by",),
    ),
    "dataplatform": RunFields(
        model=ModelRun,
        id=("id",),
        name=("project_name",),
        status=("status",),
        created_at=("created_at",),
        # The latest transition the run reports: finishing, else starting.
        updated_at=("finished_at", "started_at"),
        started_by=("triggered_by",),
    ),
    "pai": RunFields(
        model=PaiRun,
        id=("run_id",),
        name=("name",),
        status=(),
        created_at=("gmt_create_time",),
        updated_at=("gmt_modified_time",),
        started_by=("user_id",),
    ),
    "nsml": RunFields(
        model=NsmlRun,
        id=("project_id", "run_name"),
        name=("run_name",),
        status=("status",),
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


def _status(provider: Provider, value: Any) -> RunStatus:
    key = None if value is None else str(value)
    return STATUS_TABLES[provider].get(key, RunStatus.UNKNOWN)


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
        status=_status(provider, _first(model, fields.status)),
        created_at=_time(provider, model, fields.created_at),
        updated_at=_time(provider, model, fields.updated_at),
        started_by=_text(_first(model, fields.started_by)),
        raw=model,
    )


def iter_runs(*sources: Iterable[Any]) -> Iterator[Run]:
    """Every run of every source as a `Run`, source after source, each in its own order.

    A source is anything iterable over generated run models or `Run`s: a client's list
    paginator, a list, a generator. The walk is lazy: a source is not touched until the one
    before it is exhausted, and nothing is kept once yielded.
    """
    for source in sources:
        for item in source:
            yield to_run(item)


async def aiter_runs(*sources: AsyncIterable[Any] | Iterable[Any]) -> AsyncIterator[Run]:
    """`iter_runs` for async paginators (plain iterables are accepted too), source after source."""
    for source in sources:
        if isinstance(source, AsyncIterable):
            async for item in source:
                yield to_run(item)
        else:
            for item in source:
                yield to_run(item)
