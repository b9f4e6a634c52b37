from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_run_step_status import ModelRunStepStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelRunStep")


@_attrs_define
class ModelRunStep:
    """Execution of a single model within a model run. `id`, `run_id`, `model_name`, `status` and `created_at` are always
    present; `started_at`, `finished_at` and `error_message` are null until set.

        Attributes:
            id (UUID): Unique identifier of the step.
            run_id (UUID): The run this step belongs to.
            model_name (str): Name of the model executed by this step.
            status (ModelRunStepStatus): Status of a single model step within a run.
            created_at (datetime.datetime): When the step was created.
            compiled_sql (str | Unset): The model's SQL after compilation.
            compiled_hash (str | Unset): Hash of the compiled SQL.
            depends_on (list[str] | Unset): Models this model depends on.
            vars_used (list[str] | Unset): Variables referenced during compilation.
            macros_used (list[str] | Unset): Macros expanded during compilation.
            started_at (datetime.datetime | None | Unset): When the step started; null until it starts.
            finished_at (datetime.datetime | None | Unset): When the step finished; null until it finishes.
            error_message (None | str | Unset): Why the step failed; null unless it failed. Not bounded in length: the
                documentation caps it at 4096 characters, but the server stores it as it is
                (internal/db/repository/model_run.go:164-175, a TEXT column, internal/db/migrations/034_create_models.sql:49)
                and the handler copies it untruncated (internal/api/handler_models.go:514-515).
            rows_affected (int | Unset): Rows written by the step.
    """

    id: UUID
    run_id: UUID
    model_name: str
    status: ModelRunStepStatus
    created_at: datetime.datetime
    compiled_sql: str | Unset = UNSET
    compiled_hash: str | Unset = UNSET
    depends_on: list[str] | Unset = UNSET
    vars_used: list[str] | Unset = UNSET
    macros_used: list[str] | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    error_message: None | str | Unset = UNSET
    rows_affected: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        run_id = str(self.run_id)

        model_name = self.model_name

        status = self.status.value

        created_at = self.created_at.isoformat()

        compiled_sql = self.compiled_sql

        compiled_hash = self.compiled_hash

        depends_on: list[str] | Unset = UNSET
        if not isinstance(self.depends_on, Unset):
            depends_on = self.depends_on

        vars_used: list[str] | Unset = UNSET
        if not isinstance(self.vars_used, Unset):
            vars_used = self.vars_used

        macros_used: list[str] | Unset = UNSET
        if not isinstance(self.macros_used, Unset):
            macros_used = self.macros_used

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

        rows_affected = self.rows_affected

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "run_id": run_id,
                "model_name": model_name,
                "status": status,
                "created_at": created_at,
            }
        )
        if compiled_sql is not UNSET:
            field_dict["compiled_sql"] = compiled_sql
        if compiled_hash is not UNSET:
            field_dict["compiled_hash"] = compiled_hash
        if depends_on is not UNSET:
            field_dict["depends_on"] = depends_on
        if vars_used is not UNSET:
            field_dict["vars_used"] = vars_used
        if macros_used is not UNSET:
            field_dict["macros_used"] = macros_used
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if rows_affected is not UNSET:
            field_dict["rows_affected"] = rows_affected

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        run_id = UUID(d.pop("run_id"))

        model_name = d.pop("model_name")

        status = ModelRunStepStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        compiled_sql = d.pop("compiled_sql", UNSET)

        compiled_hash = d.pop("compiled_hash", UNSET)

        depends_on = cast(list[str], d.pop("depends_on", UNSET))

        vars_used = cast(list[str], d.pop("vars_used", UNSET))

        macros_used = cast(list[str], d.pop("macros_used", UNSET))

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

        rows_affected = d.pop("rows_affected", UNSET)

        model_run_step = cls(
            id=id,
            run_id=run_id,
            model_name=model_name,
            status=status,
            created_at=created_at,
            compiled_sql=compiled_sql,
            compiled_hash=compiled_hash,
            depends_on=depends_on,
            vars_used=vars_used,
            macros_used=macros_used,
            started_at=started_at,
            finished_at=finished_at,
            error_message=error_message,
            rows_affected=rows_affected,
        )

        model_run_step.additional_properties = d
        return model_run_step

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
