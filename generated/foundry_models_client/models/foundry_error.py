from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.foundry_error_parameters import FoundryErrorParameters


T = TypeVar("T", bound="FoundryError")


@_attrs_define
class FoundryError:
    """The body of every Foundry API error.

    Attributes:
        error_code (str): The general error category, e.g. `NOT_FOUND` or `PERMISSION_DENIED`.
        error_name (str): The specific error name, e.g. `ModelStudioNotFound`.
        error_instance_id (UUID): A unique identifier for this occurrence of the error.
        parameters (FoundryErrorParameters): Error-specific parameters, e.g. `studioRid`.
    """

    error_code: str
    error_name: str
    error_instance_id: UUID
    parameters: FoundryErrorParameters
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_code = self.error_code

        error_name = self.error_name

        error_instance_id = str(self.error_instance_id)

        parameters = self.parameters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errorCode": error_code,
                "errorName": error_name,
                "errorInstanceId": error_instance_id,
                "parameters": parameters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.foundry_error_parameters import FoundryErrorParameters

        d = dict(src_dict)
        error_code = d.pop("errorCode")

        error_name = d.pop("errorName")

        error_instance_id = UUID(d.pop("errorInstanceId"))

        parameters = FoundryErrorParameters.from_dict(d.pop("parameters"))

        foundry_error = cls(
            error_code=error_code,
            error_name=error_name,
            error_instance_id=error_instance_id,
            parameters=parameters,
        )

        foundry_error.additional_properties = d
        return foundry_error

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
