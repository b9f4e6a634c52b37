from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.summary_metric_aggregation import SummaryMetricAggregation

T = TypeVar("T", bound="SummaryMetric")


@_attrs_define
class SummaryMetric:
    """A summary metric with series name, aggregation type, and computed value.

    Attributes:
        series_name (str):
        aggregation (SummaryMetricAggregation):
        value (float):
    """

    series_name: str
    aggregation: SummaryMetricAggregation
    value: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        series_name = self.series_name

        aggregation = self.aggregation.value

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seriesName": series_name,
                "aggregation": aggregation,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        series_name = d.pop("seriesName")

        aggregation = SummaryMetricAggregation(d.pop("aggregation"))

        value = d.pop("value")

        summary_metric = cls(
            series_name=series_name,
            aggregation=aggregation,
            value=value,
        )

        summary_metric.additional_properties = d
        return summary_metric

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
