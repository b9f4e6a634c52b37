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

from ..types import UNSET, Unset

T = TypeVar("T", bound="DoubleSeriesAggregations")


@_attrs_define
class DoubleSeriesAggregations:
    """Aggregated statistics for numeric series.

    Attributes:
        type_ (Literal['double']):
        min_ (float | Unset):
        max_ (float | Unset):
        last (float | Unset):
    """

    type_: Literal["double"]
    min_: float | Unset = UNSET
    max_: float | Unset = UNSET
    last: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        min_ = self.min_

        max_ = self.max_

        last = self.last

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if min_ is not UNSET:
            field_dict["min"] = min_
        if max_ is not UNSET:
            field_dict["max"] = max_
        if last is not UNSET:
            field_dict["last"] = last

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["double"], d.pop("type"))
        if type_ != "double":
            raise ValueError(f"type must match const 'double', got '{type_}'")

        min_ = d.pop("min", UNSET)

        max_ = d.pop("max", UNSET)

        last = d.pop("last", UNSET)

        double_series_aggregations = cls(
            type_=type_,
            min_=min_,
            max_=max_,
            last=last,
        )

        double_series_aggregations.additional_properties = d
        return double_series_aggregations

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
