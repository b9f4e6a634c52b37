from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.experiment_artifact_metadata import ExperimentArtifactMetadata


T = TypeVar("T", bound="ExperimentArtifacts")


@_attrs_define
class ExperimentArtifacts:
    """Artifact name -> its metadata."""

    additional_properties: dict[str, ExperimentArtifactMetadata] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.experiment_artifact_metadata import ExperimentArtifactMetadata

        d = dict(src_dict)
        experiment_artifacts = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = ExperimentArtifactMetadata.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        experiment_artifacts.additional_properties = additional_properties
        return experiment_artifacts

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> ExperimentArtifactMetadata:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: ExperimentArtifactMetadata) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
