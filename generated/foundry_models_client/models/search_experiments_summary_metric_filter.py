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

from ..models.search_experiments_summary_metric_filter_aggregation import (
    SearchExperimentsSummaryMetricFilterAggregation,
)
from ..models.search_experiments_summary_metric_filter_operator import (
    SearchExperimentsSummaryMetricFilterOperator,
)

T = TypeVar("T", bound="SearchExperimentsSummaryMetricFilter")


@_attrs_define
class SearchExperimentsSummaryMetricFilter:
    """Filter that binds a series name and aggregation to a value comparison.

    Attributes:
        type_ (Literal['summaryMetricFilter']):
        series_name (str):
        aggregation (SearchExperimentsSummaryMetricFilterAggregation):
        operator (SearchExperimentsSummaryMetricFilterOperator):
        value (Any): The value to compare with (any JSON).
    """

    type_: Literal["summaryMetricFilter"]
    series_name: str
    aggregation: SearchExperimentsSummaryMetricFilterAggregation
    operator: SearchExperimentsSummaryMetricFilterOperator
    value: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        series_name = self.series_name

        aggregation = self.aggregation.value

        operator = self.operator.value

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "seriesName": series_name,
                "aggregation": aggregation,
                "operator": operator,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["summaryMetricFilter"], d.pop("type"))
        if type_ != "summaryMetricFilter":
            raise ValueError(
                f"type must match const 'summaryMetricFilter', got '{type_}'"
            )

        series_name = d.pop("seriesName")

        aggregation = SearchExperimentsSummaryMetricFilterAggregation(
            d.pop("aggregation")
        )

        operator = SearchExperimentsSummaryMetricFilterOperator(d.pop("operator"))

        value = d.pop("value")

        search_experiments_summary_metric_filter = cls(
            type_=type_,
            series_name=series_name,
            aggregation=aggregation,
            operator=operator,
            value=value,
        )

        search_experiments_summary_metric_filter.additional_properties = d
        return search_experiments_summary_metric_filter

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
