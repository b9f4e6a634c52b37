from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExperimentAuthoringSource")


@_attrs_define
class ExperimentAuthoringSource:
    """Experiment created from an authoring repository (a Model Studio run's).

    Attributes:
        type_ (Literal['authoring']):
        stemma_rid (str): A resource identifier (RID).
    """

    type_: Literal["authoring"]
    stemma_rid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        stemma_rid = self.stemma_rid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "stemmaRid": stemma_rid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["authoring"], d.pop("type"))
        if type_ != "authoring":
            raise ValueError(f"type must match const 'authoring', got '{type_}'")

        stemma_rid = d.pop("stemmaRid")

        experiment_authoring_source = cls(
            type_=type_,
            stemma_rid=stemma_rid,
        )

        experiment_authoring_source.additional_properties = d
        return experiment_authoring_source

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
