from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_run_status import ModelRunStatus
from ..models.model_run_trigger_type import ModelRunTriggerType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.compile_diagnostics import CompileDiagnostics


T = TypeVar("T", bound="ModelRun")


@_attrs_define
class ModelRun:
    """An execution instance of a model run. `id`, `status` and `created_at` are always present; `started_at`,
    `finished_at` and `error_message` are null (or absent) until the run starts, finishes or fails. The server omits
    `project_name` when the run's target schema is empty and `model_names` when no model was selected
    (internal/api/handler_models.go:393-435), so neither is required.

        Attributes:
            id (UUID): Unique identifier of the run.
            status (ModelRunStatus): Status of a model run.
            created_at (datetime.datetime): When the run was created.
            trigger_type (ModelRunTriggerType | Unset): How the run was started. The documentation lists MANUAL and
                SCHEDULED; the server also stores and returns PIPELINE for runs a pipeline started (internal/domain/model.go:33,
                internal/db/migrations/034_create_models.sql:25, internal/service/pipeline/executor.go:230).
            triggered_by (str | Unset): Principal (user or scheduler) that started the run.
            project_name (str | Unset): Project the run belongs to.
            model_names (list[str] | Unset): Models selected for the run.
            full_refresh (bool | Unset): Whether incremental models were rebuilt from scratch.
            compile_manifest (str | Unset): The compiled manifest of the run (serialized).
            compile_diagnostics (CompileDiagnostics | Unset): Warnings and errors reported while compiling the run's models.
            started_at (datetime.datetime | None | Unset): When the run started; null until it starts.
            finished_at (datetime.datetime | None | Unset): When the run finished; null until it finishes.
            error_message (None | str | Unset): Why the run failed; null unless it failed. Not bounded in length: the
                documentation caps it at 4096 characters, but the server stores the failure text as it is
                (internal/db/repository/model_run.go:102-105, a TEXT column, internal/db/migrations/034_create_models.sql:33)
                and the handler copies it untruncated (internal/api/handler_models.go:431-432), so a long compiler error comes
                back whole.
    """

    id: UUID
    status: ModelRunStatus
    created_at: datetime.datetime
    trigger_type: ModelRunTriggerType | Unset = UNSET
    triggered_by: str | Unset = UNSET
    project_name: str | Unset = UNSET
    model_names: list[str] | Unset = UNSET
    full_refresh: bool | Unset = UNSET
    compile_manifest: str | Unset = UNSET
    compile_diagnostics: CompileDiagnostics | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    error_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        status = self.status.value

        created_at = self.created_at.isoformat()

        trigger_type: str | Unset = UNSET
        if not isinstance(self.trigger_type, Unset):
            trigger_type = self.trigger_type.value

        triggered_by = self.triggered_by

        project_name = self.project_name

        model_names: list[str] | Unset = UNSET
        if not isinstance(self.model_names, Unset):
            model_names = self.model_names

        full_refresh = self.full_refresh

        compile_manifest = self.compile_manifest

        compile_diagnostics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.compile_diagnostics, Unset):
            compile_diagnostics = self.compile_diagnostics.to_dict()

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "created_at": created_at,
            }
        )
        if trigger_type is not UNSET:
            field_dict["trigger_type"] = trigger_type
        if triggered_by is not UNSET:
            field_dict["triggered_by"] = triggered_by
        if project_name is not UNSET:
            field_dict["project_name"] = project_name
        if model_names is not UNSET:
            field_dict["model_names"] = model_names
        if full_refresh is not UNSET:
            field_dict["full_refresh"] = full_refresh
        if compile_manifest is not UNSET:
            field_dict["compile_manifest"] = compile_manifest
        if compile_diagnostics is not UNSET:
            field_dict["compile_diagnostics"] = compile_diagnostics
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if error_message is not UNSET:
            field_dict["error_message"] = error_message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.compile_diagnostics import CompileDiagnostics

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        status = ModelRunStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        _trigger_type = d.pop("trigger_type", UNSET)
        trigger_type: ModelRunTriggerType | Unset
        if isinstance(_trigger_type, Unset):
            trigger_type = UNSET
        else:
            trigger_type = ModelRunTriggerType(_trigger_type)

        triggered_by = d.pop("triggered_by", UNSET)

        project_name = d.pop("project_name", UNSET)

        model_names = cast(list[str], d.pop("model_names", UNSET))

        full_refresh = d.pop("full_refresh", UNSET)

        compile_manifest = d.pop("compile_manifest", UNSET)

        _compile_diagnostics = d.pop("compile_diagnostics", UNSET)
        compile_diagnostics: CompileDiagnostics | Unset
        if isinstance(_compile_diagnostics, Unset):
            compile_diagnostics = UNSET
        else:
            compile_diagnostics = CompileDiagnostics.from_dict(_compile_diagnostics)

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("error_message", UNSET))

        model_run = cls(
            id=id,
            status=status,
            created_at=created_at,
            trigger_type=trigger_type,
            triggered_by=triggered_by,
            project_name=project_name,
            model_names=model_names,
            full_refresh=full_refresh,
            compile_manifest=compile_manifest,
            compile_diagnostics=compile_diagnostics,
            started_at=started_at,
            finished_at=finished_at,
            error_message=error_message,
        )

        model_run.additional_properties = d
        return model_run

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
