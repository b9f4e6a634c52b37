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

T = TypeVar("T", bound="ModelOutput")


@_attrs_define
class ModelOutput:
    """Model output configuration.

    Attributes:
        type_ (Literal['model']):
        model_rid (str): A resource identifier (RID).
    """

    type_: Literal["model"]
    model_rid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        model_rid = self.model_rid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "modelRid": model_rid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["model"], d.pop("type"))
        if type_ != "model":
            raise ValueError(f"type must match const 'model', got '{type_}'")

        model_rid = d.pop("modelRid")

        model_output = cls(
            type_=type_,
            model_rid=model_rid,
        )

        model_output.additional_properties = d
        return model_output

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
