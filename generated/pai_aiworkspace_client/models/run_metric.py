from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunMetric")


@_attrs_define
class RunMetric:
    """A metric value logged for a run. Key and Value are required (Alibaba's SDK, RunMetric).

    Attributes:
        key (str): The name of the metric.
        value (float): The value of the metric.
        step (int | Unset): The step at which the metric was logged.
        timestamp (int | Unset): The time at which the metric was logged, as a timestamp.
    """

    key: str
    value: float
    step: int | Unset = UNSET
    timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        value = self.value

        step = self.step

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Key": key,
                "Value": value,
            }
        )
        if step is not UNSET:
            field_dict["Step"] = step
        if timestamp is not UNSET:
            field_dict["Timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        key = d.pop("Key")

        value = d.pop("Value")

        step = d.pop("Step", UNSET)

        timestamp = d.pop("Timestamp", UNSET)

        run_metric = cls(
            key=key,
            value=value,
            step=step,
            timestamp=timestamp,
        )

        run_metric.additional_properties = d
        return run_metric

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
