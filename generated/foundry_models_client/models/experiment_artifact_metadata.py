from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.table_artifact_details import TableArtifactDetails


T = TypeVar("T", bound="ExperimentArtifactMetadata")


@_attrs_define
class ExperimentArtifactMetadata:
    """Metadata about an experiment artifact.

    Attributes:
        name (str):
        size_bytes (int):
        details (TableArtifactDetails): Details about a table artifact.
        description (str | Unset):
    """

    name: str
    size_bytes: int
    details: TableArtifactDetails
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        size_bytes = self.size_bytes

        details = self.details.to_dict()

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "sizeBytes": size_bytes,
                "details": details,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.table_artifact_details import TableArtifactDetails

        d = dict(src_dict)
        name = d.pop("name")

        size_bytes = d.pop("sizeBytes")

        details = TableArtifactDetails.from_dict(d.pop("details"))

        description = d.pop("description", UNSET)

        experiment_artifact_metadata = cls(
            name=name,
            size_bytes=size_bytes,
            details=details,
            description=description,
        )

        experiment_artifact_metadata.additional_properties = d
        return experiment_artifact_metadata

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
