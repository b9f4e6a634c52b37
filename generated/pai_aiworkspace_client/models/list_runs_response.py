from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run import Run


T = TypeVar("T", bound="ListRunsResponse")


@_attrs_define
class ListRunsResponse:
    """The response. Note that the request ID is returned as `requestId` with a lower-case `r`.

    Attributes:
        request_id (str): The request ID.
        runs (list[Run]): The list of runs.
        next_page_token (int): The paging token. For the first query, leave this parameter empty. The token for the next
            page is returned in the response. If the returned token is 0, all results have been returned. You can obtain the
            token for the next page from the NextPageToken field in the response.
        total_count (int | Unset): The total number of entries that meet the filter criteria. This parameter is optional
            and may not be returned.
    """

    request_id: str
    runs: list[Run]
    next_page_token: int
    total_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        runs = []
        for runs_item_data in self.runs:
            runs_item = runs_item_data.to_dict()
            runs.append(runs_item)

        next_page_token = self.next_page_token

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestId": request_id,
                "Runs": runs,
                "NextPageToken": next_page_token,
            }
        )
        if total_count is not UNSET:
            field_dict["TotalCount"] = total_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run import Run

        d = dict(src_dict)
        request_id = d.pop("requestId")

        runs = []
        _runs = d.pop("Runs")
        for runs_item_data in _runs:
            runs_item = Run.from_dict(runs_item_data)

            runs.append(runs_item)

        next_page_token = d.pop("NextPageToken")

        total_count = d.pop("TotalCount", UNSET)

        list_runs_response = cls(
            request_id=request_id,
            runs=runs,
            next_page_token=next_page_token,
            total_count=total_count,
        )

        list_runs_response.additional_properties = d
        return list_runs_response

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
