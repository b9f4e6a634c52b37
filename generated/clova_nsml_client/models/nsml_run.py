from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NsmlRun")


@_attrs_define
class NsmlRun:
    """A run.

    Attributes:
        run_name (str | Unset): Run name. A number, given in order of creation.
        run_type (str | Unset): Run type, e.g. `NOTEBOOK`. Not listed in the documented response body table but present
            in the documented response example.
        project_id (str | Unset): Project ID
        project_name (str | Unset): Project name
        status (str | Unset): Run status. Seen values include `RUN_STATE_IN_PROGRESS` and `RUN_STATE_COMPLETED`; other
            values exist, so this is an open string rather than a closed enum.
        creator (str | Unset): User who created the run
        create_time (str | Unset): Run creation date and time, formatted `YYYY-MM-DD HH:mm:ss` in the documentation's
            example. The documentation states no format, so none is enforced here.
        update_time (str | Unset): Run update date and time, formatted `YYYY-MM-DD HH:mm:ss` in the documentation's
            example. The documentation states no format, so none is enforced here.
    """

    run_name: str | Unset = UNSET
    run_type: str | Unset = UNSET
    project_id: str | Unset = UNSET
    project_name: str | Unset = UNSET
    status: str | Unset = UNSET
    creator: str | Unset = UNSET
    create_time: str | Unset = UNSET
    update_time: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_name = self.run_name

        run_type = self.run_type

        project_id = self.project_id

        project_name = self.project_name

        status = self.status

        creator = self.creator

        create_time = self.create_time

        update_time = self.update_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if run_name is not UNSET:
            field_dict["runName"] = run_name
        if run_type is not UNSET:
            field_dict["runType"] = run_type
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if project_name is not UNSET:
            field_dict["projectName"] = project_name
        if status is not UNSET:
            field_dict["status"] = status
        if creator is not UNSET:
            field_dict["creator"] = creator
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        run_name = d.pop("runName", UNSET)

        run_type = d.pop("runType", UNSET)

        project_id = d.pop("projectId", UNSET)

        project_name = d.pop("projectName", UNSET)

        status = d.pop("status", UNSET)

        creator = d.pop("creator", UNSET)

        create_time = d.pop("createTime", UNSET)

        update_time = d.pop("updateTime", UNSET)

        nsml_run = cls(
            run_name=run_name,
            run_type=run_type,
            project_id=project_id,
            project_name=project_name,
            status=status,
            creator=creator,
            create_time=create_time,
            update_time=update_time,
        )

        nsml_run.additional_properties = d
        return nsml_run

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
