from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_metric import RunMetric


T = TypeVar("T", bound="ListRunMetricsResponse")


@_attrs_define
class ListRunMetricsResponse:
    """One page of a metric's values, in step order.

    Attributes:
        metrics (list[RunMetric]): The metric's values.
        request_id (str | Unset): The request ID.
        next_page_token (int | Unset): The token of the next page, to pass as PageToken. If the returned token is 0, all
            results have been returned.
    """

    metrics: list[RunMetric]
    request_id: str | Unset = UNSET
    next_page_token: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.to_dict()
            metrics.append(metrics_item)

        request_id = self.request_id

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Metrics": metrics,
            }
        )
        if request_id is not UNSET:
            field_dict["requestId"] = request_id
        if next_page_token is not UNSET:
            field_dict["NextPageToken"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run_metric import RunMetric

        d = dict(src_dict)
        metrics = []
        _metrics = d.pop("Metrics")
        for metrics_item_data in _metrics:
            metrics_item = RunMetric.from_dict(metrics_item_data)

            metrics.append(metrics_item)

        request_id = d.pop("requestId", UNSET)

        next_page_token = d.pop("NextPageToken", UNSET)

        list_run_metrics_response = cls(
            metrics=metrics,
            request_id=request_id,
            next_page_token=next_page_token,
        )

        list_run_metrics_response.additional_properties = d
        return list_run_metrics_response

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
