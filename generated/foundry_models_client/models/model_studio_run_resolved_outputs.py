from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_studio_run_model_output import ModelStudioRunModelOutput


T = TypeVar("T", bound="ModelStudioRunResolvedOutputs")


@_attrs_define
class ModelStudioRunResolvedOutputs:
    """Map of alias to resolved output details (e.g., for models, contains the version RID and experiment). Keys are output
    aliases (`OutputAlias`). The documentation marks this map optional; it is always present (possibly empty) and is
    required here.

    """

    additional_properties: dict[str, ModelStudioRunModelOutput] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_studio_run_model_output import ModelStudioRunModelOutput

        d = dict(src_dict)
        model_studio_run_resolved_outputs = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = ModelStudioRunModelOutput.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        model_studio_run_resolved_outputs.additional_properties = additional_properties
        return model_studio_run_resolved_outputs

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> ModelStudioRunModelOutput:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: ModelStudioRunModelOutput) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
