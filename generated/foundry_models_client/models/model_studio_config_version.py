from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_studio_worker_config import ModelStudioWorkerConfig
    from ..models.resource_configuration import ResourceConfiguration
    from ..models.trainer_version_locator import TrainerVersionLocator


T = TypeVar("T", bound="ModelStudioConfigVersion")


@_attrs_define
class ModelStudioConfigVersion:
    """One configuration version of a Model Studio; a launch uses the latest.

    Attributes:
        name (str): Human readable name of the configuration version and experiment.
        version (int): The version number (1, 2, ... in order of creation).
        trainer_id (str): A resource identifier (RID).
        trainer (TrainerVersionLocator): Identifies a specific version of a trainer.
        worker_config (ModelStudioWorkerConfig): Configuration for the Model Studio worker.
        resources (ResourceConfiguration): Compute resource configuration for training runs.
        created_by (UUID): The user who created this version (a user ID).
        created_time (datetime.datetime):
        changelog (str | Unset): Changelog describing changes in this version.
    """

    name: str
    version: int
    trainer_id: str
    trainer: TrainerVersionLocator
    worker_config: ModelStudioWorkerConfig
    resources: ResourceConfiguration
    created_by: UUID
    created_time: datetime.datetime
    changelog: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        trainer_id = self.trainer_id

        trainer = self.trainer.to_dict()

        worker_config = self.worker_config.to_dict()

        resources = self.resources.to_dict()

        created_by = str(self.created_by)

        created_time = self.created_time.isoformat()

        changelog = self.changelog

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "version": version,
                "trainerId": trainer_id,
                "trainer": trainer,
                "workerConfig": worker_config,
                "resources": resources,
                "createdBy": created_by,
                "createdTime": created_time,
            }
        )
        if changelog is not UNSET:
            field_dict["changelog"] = changelog

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_studio_worker_config import ModelStudioWorkerConfig
        from ..models.resource_configuration import ResourceConfiguration
        from ..models.trainer_version_locator import TrainerVersionLocator

        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        trainer_id = d.pop("trainerId")

        trainer = TrainerVersionLocator.from_dict(d.pop("trainer"))

        worker_config = ModelStudioWorkerConfig.from_dict(d.pop("workerConfig"))

        resources = ResourceConfiguration.from_dict(d.pop("resources"))

        created_by = UUID(d.pop("createdBy"))

        created_time = datetime.datetime.fromisoformat(d.pop("createdTime"))

        changelog = d.pop("changelog", UNSET)

        model_studio_config_version = cls(
            name=name,
            version=version,
            trainer_id=trainer_id,
            trainer=trainer,
            worker_config=worker_config,
            resources=resources,
            created_by=created_by,
            created_time=created_time,
            changelog=changelog,
        )

        model_studio_config_version.additional_properties = d
        return model_studio_config_version

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
