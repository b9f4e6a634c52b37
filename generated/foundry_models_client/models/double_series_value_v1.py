from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DoubleSeriesValueV1")


@_attrs_define
class DoubleSeriesValueV1:
    """A single double value in a series.

    Attributes:
        value (float):
        timestamp (int): Milliseconds since the Unix epoch (EpochMillis, the representation the Parquet form uses too).
        step (int): The training step the value was logged at.
    """

    value: float
    timestamp: int
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        timestamp = self.timestamp

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "timestamp": timestamp,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        value = d.pop("value")

        timestamp = d.pop("timestamp")

        step = d.pop("step")

        double_series_value_v1 = cls(
            value=value,
            timestamp=timestamp,
            step=step,
        )

        double_series_value_v1.additional_properties = d
        return double_series_value_v1

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
