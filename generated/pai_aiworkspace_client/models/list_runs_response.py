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
    """The response. Note that the request ID is returned as `requestId` with a lower-case `r`. The official SDK's model
    (ListRunsResponseBody) declares no field required; `requestId` and `NextPageToken` are therefore optional here (a
    missing token ends a walk, as 0 does). `Runs` stays required: the documentation always returns the list and the SDK
    reads its absence as an empty one.

        Attributes:
            runs (list[Run]): The list of runs.
            request_id (str | Unset): The request ID.
            total_count (int | Unset): The total number of entries that meet the filter criteria. This parameter is optional
                and may not be returned.
            next_page_token (int | Unset): The paging token. For the first query, leave this parameter empty. The token for
                the next page is returned in the response. If the returned token is 0, all results have been returned. You can
                obtain the token for the next page from the NextPageToken field in the response.
    """

    runs: list[Run]
    request_id: str | Unset = UNSET
    total_count: int | Unset = UNSET
    next_page_token: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        runs = []
        for runs_item_data in self.runs:
            runs_item = runs_item_data.to_dict()
            runs.append(runs_item)

        request_id = self.request_id

        total_count = self.total_count

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Runs": runs,
            }
        )
        if request_id is not UNSET:
            field_dict["requestId"] = request_id
        if total_count is not UNSET:
            field_dict["TotalCount"] = total_count
        if next_page_token is not UNSET:
            field_dict["NextPageToken"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run import Run

        d = dict(src_dict)
        runs = []
        _runs = d.pop("Runs")
        for runs_item_data in _runs:
            runs_item = Run.from_dict(runs_item_data)

            runs.append(runs_item)

        request_id = d.pop("requestId", UNSET)

        total_count = d.pop("TotalCount", UNSET)

        next_page_token = d.pop("NextPageToken", UNSET)

        list_runs_response = cls(
            runs=runs,
            request_id=request_id,
            total_count=total_count,
            next_page_token=next_page_token,
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
