from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.double_series_aggregations import DoubleSeriesAggregations


T = TypeVar("T", bound="SeriesAggregations")


@_attrs_define
class SeriesAggregations:
    """A series with its precomputed aggregations (its values are read by name).

    Attributes:
        name (str): The series name (`experimentSeriesName` of the series operations).
        value (DoubleSeriesAggregations): Aggregated statistics for numeric series.
        length (int | Unset): The number of values in the series.
    """

    name: str
    value: DoubleSeriesAggregations
    length: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        value = self.value.to_dict()

        length = self.length

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "value": value,
            }
        )
        if length is not UNSET:
            field_dict["length"] = length

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.double_series_aggregations import DoubleSeriesAggregations

        d = dict(src_dict)
        name = d.pop("name")

        value = DoubleSeriesAggregations.from_dict(d.pop("value"))

        length = d.pop("length", UNSET)

        series_aggregations = cls(
            name=name,
            value=value,
            length=length,
        )

        series_aggregations.additional_properties = d
        return series_aggregations

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
