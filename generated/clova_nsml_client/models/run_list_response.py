from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.nsml_run import NsmlRun


T = TypeVar("T", bound="RunListResponse")


@_attrs_define
class RunListResponse:
    """A page of runs and the total number of runs.

    Attributes:
        run_list (list[NsmlRun]): The runs on this page.
        total_count (int): The total number of runs.
    """

    run_list: list[NsmlRun]
    total_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_list = []
        for run_list_item_data in self.run_list:
            run_list_item = run_list_item_data.to_dict()
            run_list.append(run_list_item)

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "runList": run_list,
                "totalCount": total_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.nsml_run import NsmlRun

        d = dict(src_dict)
        run_list = []
        _run_list = d.pop("runList")
        for run_list_item_data in _run_list:
            run_list_item = NsmlRun.from_dict(run_list_item_data)

            run_list.append(run_list_item)

        total_count = d.pop("totalCount")

        run_list_response = cls(
            run_list=run_list,
            total_count=total_count,
        )

        run_list_response.additional_properties = d
        return run_list_response

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
