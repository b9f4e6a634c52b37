from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.double_series_value_v1 import DoubleSeriesValueV1


T = TypeVar("T", bound="DoubleSeriesV1")


@_attrs_define
class DoubleSeriesV1:
    """A page of a series of double values (the official SDK's `Series`, an alias of `DoubleSeriesV1`, the one kind of
    series today).

        Attributes:
            type_ (Literal['doubleV1']):
            series (list[DoubleSeriesValueV1]):
    """

    type_: Literal["doubleV1"]
    series: list[DoubleSeriesValueV1]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.double_series_value_v1 import DoubleSeriesValueV1

        d = dict(src_dict)
        type_ = cast(Literal["doubleV1"], d.pop("type"))
        if type_ != "doubleV1":
            raise ValueError(f"type must match const 'doubleV1', got '{type_}'")

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = DoubleSeriesValueV1.from_dict(series_item_data)

            series.append(series_item)

        double_series_v1 = cls(
            type_=type_,
            series=series,
        )

        double_series_v1.additional_properties = d
        return double_series_v1

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
