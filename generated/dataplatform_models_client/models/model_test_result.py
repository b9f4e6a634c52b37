from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_test_result_status import ModelTestResultStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelTestResult")


@_attrs_define
class ModelTestResult:
    """The result of one model test executed for a run step. `id`, `run_step_id`, `test_id`, `test_name`, `status` and
    `created_at` are always present; `error_message` is null unless the test errored.

        Attributes:
            id (UUID): Unique identifier of the test result.
            run_step_id (UUID): The run step the test ran for.
            test_id (UUID): The model test that was executed.
            test_name (str): Name of the model test.
            status (ModelTestResultStatus): Outcome of a model test.
            created_at (datetime.datetime): When the result was recorded.
            rows_returned (int | Unset): Rows returned by the test query (failing rows).
            error_message (None | str | Unset): Why the test errored; null unless it errored. Not bounded in length: the
                documentation caps it at 4096 characters, but the server keeps it as it is
                (internal/db/repository/model_test_repo.go:121-128, a TEXT column,
                internal/db/migrations/035_model_tests.sql:22) and the handler copies it untruncated
                (internal/api/handler_models.go:711-712).
    """

    id: UUID
    run_step_id: UUID
    test_id: UUID
    test_name: str
    status: ModelTestResultStatus
    created_at: datetime.datetime
    rows_returned: int | Unset = UNSET
    error_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        run_step_id = str(self.run_step_id)

        test_id = str(self.test_id)

        test_name = self.test_name

        status = self.status.value

        created_at = self.created_at.isoformat()

        rows_returned = self.rows_returned

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
                "run_step_id": run_step_id,
                "test_id": test_id,
                "test_name": test_name,
                "status": status,
                "created_at": created_at,
            }
        )
        if rows_returned is not UNSET:
            field_dict["rows_returned"] = rows_returned
        if error_message is not UNSET:
            field_dict["error_message"] = error_message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        run_step_id = UUID(d.pop("run_step_id"))

        test_id = UUID(d.pop("test_id"))

        test_name = d.pop("test_name")

        status = ModelTestResultStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        rows_returned = d.pop("rows_returned", UNSET)

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("error_message", UNSET))

        model_test_result = cls(
            id=id,
            run_step_id=run_step_id,
            test_id=test_id,
            test_name=test_name,
            status=status,
            created_at=created_at,
            rows_returned=rows_returned,
            error_message=error_message,
        )

        model_test_result.additional_properties = d
        return model_test_result

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
