from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pai_error_access_denied_detail import PaiErrorAccessDeniedDetail


T = TypeVar("T", bound="PaiError")


@_attrs_define
class PaiError:
    """The error body returned by Alibaba Cloud APIs: `{RequestId, HostId, Code, Message}` in the documentation. Alibaba's
    core library (alibabacloud_tea_openapi.client, `Client.do_roarequest` and siblings) requires none of the fields and
    reads each in either case (`RequestId`, `requestId` or `requestid`; `Code` or `code`; `Message` or `message`;
    `Detail`, `Description`, `AccessDeniedDetail`), so neither does this schema.

        Attributes:
            RequestId (str | Unset): The request ID.
            requestId (str | Unset): The request ID, as some Alibaba Cloud services spell it.
            code (str | Unset): The error code, as some Alibaba Cloud services spell it.
            message (str | Unset): The error message, as some Alibaba Cloud services spell it.
            access_denied_detail (PaiErrorAccessDeniedDetail | Unset): For a RAM denial (403), which policy denied the call.
            host_id (str | Unset): The endpoint that handled the request.
            Code (str | Unset): The error code, for example `Throttling`, `Throttling.User`, `Throttling.Api` or
                `SignatureDoesNotMatch`.
            Message (str | Unset): The error message.
            recommend (str | Unset): A link to a diagnosis of the error (returned by some APIs).
    """

    RequestId: str | Unset = UNSET
    requestId: str | Unset = UNSET
    code: str | Unset = UNSET
    message: str | Unset = UNSET
    access_denied_detail: PaiErrorAccessDeniedDetail | Unset = UNSET
    host_id: str | Unset = UNSET
    Code: str | Unset = UNSET
    Message: str | Unset = UNSET
    recommend: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        RequestId = self.RequestId

        requestId = self.requestId

        code = self.code

        message = self.message

        access_denied_detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.access_denied_detail, Unset):
            access_denied_detail = self.access_denied_detail.to_dict()

        host_id = self.host_id

        Code = self.Code

        Message = self.Message

        recommend = self.recommend

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if RequestId is not UNSET:
            field_dict["RequestId"] = RequestId
        if requestId is not UNSET:
            field_dict["requestId"] = requestId
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if access_denied_detail is not UNSET:
            field_dict["AccessDeniedDetail"] = access_denied_detail
        if host_id is not UNSET:
            field_dict["HostId"] = host_id
        if Code is not UNSET:
            field_dict["Code"] = Code
        if Message is not UNSET:
            field_dict["Message"] = Message
        if recommend is not UNSET:
            field_dict["Recommend"] = recommend

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.pai_error_access_denied_detail import PaiErrorAccessDeniedDetail

        d = dict(src_dict)
        RequestId = d.pop("RequestId", UNSET)

        requestId = d.pop("requestId", UNSET)

        code = d.pop("code", UNSET)

        message = d.pop("message", UNSET)

        _access_denied_detail = d.pop("AccessDeniedDetail", UNSET)
        access_denied_detail: PaiErrorAccessDeniedDetail | Unset
        if isinstance(_access_denied_detail, Unset):
            access_denied_detail = UNSET
        else:
            access_denied_detail = PaiErrorAccessDeniedDetail.from_dict(
                _access_denied_detail
            )

        host_id = d.pop("HostId", UNSET)

        Code = d.pop("Code", UNSET)

        Message = d.pop("Message", UNSET)

        recommend = d.pop("Recommend", UNSET)

        pai_error = cls(
            RequestId=RequestId,
            requestId=requestId,
            code=code,
            message=message,
            access_denied_detail=access_denied_detail,
            host_id=host_id,
            Code=Code,
            Message=Message,
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
