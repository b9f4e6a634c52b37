from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.run_metric import RunMetric


T = TypeVar("T", bound="ListRunMetricsResponse")


@_attrs_define
class ListRunMetricsResponse:
    """One page of a metric's values, in step order.

    Attributes:
        request_id (str): The request ID.
        metrics (list[RunMetric]): The metric's values.
        next_page_token (int): The token of the next page, to pass as PageToken. If the returned token is 0, all results
            have been returned.
    """

    request_id: str
    metrics: list[RunMetric]
    next_page_token: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.to_dict()
            metrics.append(metrics_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestId": request_id,
                "Metrics": metrics,
                "NextPageToken": next_page_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run_metric import RunMetric

        d = dict(src_dict)
        request_id = d.pop("requestId")

        metrics = []
        _metrics = d.pop("Metrics")
        for metrics_item_data in _metrics:
            metrics_item = RunMetric.from_dict(metrics_item_data)

            metrics.append(metrics_item)

        next_page_token = d.pop("NextPageToken")

        list_run_metrics_response = cls(
            request_id=request_id,
            metrics=metrics,
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
