from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_studio_worker_config import ModelStudioWorkerConfig
    from ..models.resource_configuration import ResourceConfiguration


T = TypeVar("T", bound="CreateModelStudioConfigVersionRequest")


@_attrs_define
class CreateModelStudioConfigVersionRequest:
    """A new configuration version.

    Attributes:
        name (str): Human readable name of the configuration version and experiment.
        resources (ResourceConfiguration): Compute resource configuration for training runs.
        worker_config (ModelStudioWorkerConfig): Configuration for the Model Studio worker.
        trainer_id (str): A resource identifier (RID).
        changelog (str | Unset): Changelog describing changes in this version.
    """

    name: str
    resources: ResourceConfiguration
    worker_config: ModelStudioWorkerConfig
    trainer_id: str
    changelog: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        resources = self.resources.to_dict()

        worker_config = self.worker_config.to_dict()

        trainer_id = self.trainer_id

        changelog = self.changelog

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "resources": resources,
                "workerConfig": worker_config,
                "trainerId": trainer_id,
            }
        )
        if changelog is not UNSET:
            field_dict["changelog"] = changelog

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_studio_worker_config import ModelStudioWorkerConfig
        from ..models.resource_configuration import ResourceConfiguration

        d = dict(src_dict)
        name = d.pop("name")

        resources = ResourceConfiguration.from_dict(d.pop("resources"))

        worker_config = ModelStudioWorkerConfig.from_dict(d.pop("workerConfig"))

        trainer_id = d.pop("trainerId")

        changelog = d.pop("changelog", UNSET)

        create_model_studio_config_version_request = cls(
            name=name,
            resources=resources,
            worker_config=worker_config,
            trainer_id=trainer_id,
            changelog=changelog,
        )

        create_model_studio_config_version_request.additional_properties = d
        return create_model_studio_config_version_request

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
