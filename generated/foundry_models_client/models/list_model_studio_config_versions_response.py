from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_studio_config_version import ModelStudioConfigVersion


T = TypeVar("T", bound="ListModelStudioConfigVersionsResponse")


@_attrs_define
class ListModelStudioConfigVersionsResponse:
    """A page of configuration versions, oldest first.

    Attributes:
        data (list[ModelStudioConfigVersion]):
        next_page_token (str | Unset): The next page's token; absent on the last page.
    """

    data: list[ModelStudioConfigVersion]
    next_page_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_studio_config_version import ModelStudioConfigVersion

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ModelStudioConfigVersion.from_dict(data_item_data)

            data.append(data_item)

        next_page_token = d.pop("nextPageToken", UNSET)

        list_model_studio_config_versions_response = cls(
            data=data,
            next_page_token=next_page_token,
        )

        list_model_studio_config_versions_response.additional_properties = d
        return list_model_studio_config_versions_response

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
