from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PaiError")


@_attrs_define
class PaiError:
    """The error body returned by Alibaba Cloud APIs.

    Attributes:
        request_id (str): The request ID.
        code (str): The error code, for example `Throttling`, `Throttling.User`, `Throttling.Api` or
            `SignatureDoesNotMatch`.
        message (str): The error message.
        host_id (str | Unset): The endpoint that handled the request.
        recommend (str | Unset): A link to a diagnosis of the error (returned by some APIs).
    """

    request_id: str
    code: str
    message: str
    host_id: str | Unset = UNSET
    recommend: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        code = self.code

        message = self.message

        host_id = self.host_id

        recommend = self.recommend

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "RequestId": request_id,
                "Code": code,
                "Message": message,
            }
        )
        if host_id is not UNSET:
            field_dict["HostId"] = host_id
        if recommend is not UNSET:
            field_dict["Recommend"] = recommend

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        request_id = d.pop("RequestId")

        code = d.pop("Code")

        message = d.pop("Message")

        host_id = d.pop("HostId", UNSET)

        recommend = d.pop("Recommend", UNSET)

        pai_error = cls(
            request_id=request_id,
            code=code,
            message=message,
            host_id=host_id,
            recommend=recommend,
        )

        pai_error.additional_properties = d
        return pai_error

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
