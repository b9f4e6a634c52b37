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

from ..models.search_experiments_series_filter_field import (
    SearchExperimentsSeriesFilterField,
)
from ..models.search_experiments_series_filter_operator import (
    SearchExperimentsSeriesFilterOperator,
)

T = TypeVar("T", bound="SearchExperimentsSeriesFilter")


@_attrs_define
class SearchExperimentsSeriesFilter:
    """Filter that binds a series name to a metric comparison.

    Attributes:
        type_ (Literal['seriesFilter']):
        series_name (str):
        field (SearchExperimentsSeriesFilterField):
        operator (SearchExperimentsSeriesFilterOperator):
        value (Any): The value to compare with (any JSON).
    """

    type_: Literal["seriesFilter"]
    series_name: str
    field: SearchExperimentsSeriesFilterField
    operator: SearchExperimentsSeriesFilterOperator
    value: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        series_name = self.series_name

        field = self.field.value

        operator = self.operator.value

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "seriesName": series_name,
                "field": field,
                "operator": operator,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["seriesFilter"], d.pop("type"))
        if type_ != "seriesFilter":
            raise ValueError(f"type must match const 'seriesFilter', got '{type_}'")

        series_name = d.pop("seriesName")

        field = SearchExperimentsSeriesFilterField(d.pop("field"))

        operator = SearchExperimentsSeriesFilterOperator(d.pop("operator"))

        value = d.pop("value")

        search_experiments_series_filter = cls(
            type_=type_,
            series_name=series_name,
            field=field,
            operator=operator,
            value=value,
        )

        search_experiments_series_filter.additional_properties = d
        return search_experiments_series_filter

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
