from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ModelStudio")


@_attrs_define
class ModelStudio:
    """A Model Studio.

    Attributes:
        rid (str): A resource identifier (RID).
        folder_rid (str): A resource identifier (RID).
        created_time (datetime.datetime): When the Model Studio was created.
    """

    rid: str
    folder_rid: str
    created_time: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rid = self.rid

        folder_rid = self.folder_rid

        created_time = self.created_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rid": rid,
                "folderRid": folder_rid,
                "createdTime": created_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rid = d.pop("rid")

        folder_rid = d.pop("folderRid")

        created_time = datetime.datetime.fromisoformat(d.pop("createdTime"))

        model_studio = cls(
            rid=rid,
            folder_rid=folder_rid,
            created_time=created_time,
        )

        model_studio.additional_properties = d
        return model_studio

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
