from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunLabel")


@_attrs_define
class RunLabel:
    """A label of a run. The label times are plain strings: the documentation's example returns them as empty strings.

    Attributes:
        key (str | Unset): The key of the label.
        value (str | Unset): The value of the label.
        run_id (str | Unset): The ID of the run that the label belongs to.
        gmt_create_time (str | Unset): The time when the label was created.
        gmt_modified_time (str | Unset): The time when the label was last modified.
    """

    key: str | Unset = UNSET
    value: str | Unset = UNSET
    run_id: str | Unset = UNSET
    gmt_create_time: str | Unset = UNSET
    gmt_modified_time: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        value = self.value

        run_id = self.run_id

        gmt_create_time = self.gmt_create_time

        gmt_modified_time = self.gmt_modified_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if key is not UNSET:
            field_dict["Key"] = key
        if value is not UNSET:
            field_dict["Value"] = value
        if run_id is not UNSET:
            field_dict["RunId"] = run_id
        if gmt_create_time is not UNSET:
            field_dict["GmtCreateTime"] = gmt_create_time
        if gmt_modified_time is not UNSET:
            field_dict["GmtModifiedTime"] = gmt_modified_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        key = d.pop("Key", UNSET)

        value = d.pop("Value", UNSET)

        run_id = d.pop("RunId", UNSET)

        gmt_create_time = d.pop("GmtCreateTime", UNSET)

        gmt_modified_time = d.pop("GmtModifiedTime", UNSET)

        run_label = cls(
            key=key,
            value=value,
            run_id=run_id,
            gmt_create_time=gmt_create_time,
            gmt_modified_time=gmt_modified_time,
        )

        run_label.additional_properties = d
        return run_label

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
