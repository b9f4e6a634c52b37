from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExperimentCodeWorkspaceSource")


@_attrs_define
class ExperimentCodeWorkspaceSource:
    """Experiment created from a code workspace.

    Attributes:
        type_ (Literal['codeWorkspace']):
        container_rid (str): A resource identifier (RID).
        deployment_rid (str | Unset): A resource identifier (RID).
    """

    type_: Literal["codeWorkspace"]
    container_rid: str
    deployment_rid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        container_rid = self.container_rid

        deployment_rid = self.deployment_rid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "containerRid": container_rid,
            }
        )
        if deployment_rid is not UNSET:
            field_dict["deploymentRid"] = deployment_rid

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["codeWorkspace"], d.pop("type"))
        if type_ != "codeWorkspace":
            raise ValueError(f"type must match const 'codeWorkspace', got '{type_}'")

        container_rid = d.pop("containerRid")

        deployment_rid = d.pop("deploymentRid", UNSET)

        experiment_code_workspace_source = cls(
            type_=type_,
            container_rid=container_rid,
            deployment_rid=deployment_rid,
        )

        experiment_code_workspace_source.additional_properties = d
        return experiment_code_workspace_source

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
