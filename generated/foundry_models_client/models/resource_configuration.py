from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.resource_configuration_gpu import ResourceConfigurationGpu
from ..types import UNSET, Unset

T = TypeVar("T", bound="ResourceConfiguration")


@_attrs_define
class ResourceConfiguration:
    """Compute resource configuration for training runs.

    Attributes:
        memory (str): Memory, e.g. `16Gi`.
        cpu (str): CPU count, e.g. `4`.
        gpu (ResourceConfigurationGpu | Unset): The GPU type, when the runs need one.
    """

    memory: str
    cpu: str
    gpu: ResourceConfigurationGpu | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        memory = self.memory

        cpu = self.cpu

        gpu: str | Unset = UNSET
        if not isinstance(self.gpu, Unset):
            gpu = self.gpu.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "memory": memory,
                "cpu": cpu,
            }
        )
        if gpu is not UNSET:
            field_dict["gpu"] = gpu

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        memory = d.pop("memory")

        cpu = d.pop("cpu")

        _gpu = d.pop("gpu", UNSET)
        gpu: ResourceConfigurationGpu | Unset
        if isinstance(_gpu, Unset):
            gpu = UNSET
        else:
            gpu = ResourceConfigurationGpu(_gpu)

        resource_configuration = cls(
            memory=memory,
            cpu=cpu,
            gpu=gpu,
        )

        resource_configuration.additional_properties = d
        return resource_configuration

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
