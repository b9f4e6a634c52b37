from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_studio_trainer_type import ModelStudioTrainerType

T = TypeVar("T", bound="ModelStudioTrainer")


@_attrs_define
class ModelStudioTrainer:
    """A trainer a configuration version can use.

    Attributes:
        trainer_id (str): A resource identifier (RID).
        version (str):
        name (str):
        type_ (ModelStudioTrainerType):
        description (str):
        custom_config_schema (Any): The JSON schema of the trainer's `customConfig` (any JSON).
        inputs (Any): The inputs the trainer takes (any JSON).
        outputs (Any): The outputs the trainer makes (any JSON).
        experimental (bool):
    """

    trainer_id: str
    version: str
    name: str
    type_: ModelStudioTrainerType
    description: str
    custom_config_schema: Any
    inputs: Any
    outputs: Any
    experimental: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trainer_id = self.trainer_id

        version = self.version

        name = self.name

        type_ = self.type_.value

        description = self.description

        custom_config_schema = self.custom_config_schema

        inputs = self.inputs

        outputs = self.outputs

        experimental = self.experimental

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "trainerId": trainer_id,
                "version": version,
                "name": name,
                "type": type_,
                "description": description,
                "customConfigSchema": custom_config_schema,
                "inputs": inputs,
                "outputs": outputs,
                "experimental": experimental,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        trainer_id = d.pop("trainerId")

        version = d.pop("version")

        name = d.pop("name")

        type_ = ModelStudioTrainerType(d.pop("type"))

        description = d.pop("description")

        custom_config_schema = d.pop("customConfigSchema")

        inputs = d.pop("inputs")

        outputs = d.pop("outputs")

        experimental = d.pop("experimental")

        model_studio_trainer = cls(
            trainer_id=trainer_id,
            version=version,
            name=name,
            type_=type_,
            description=description,
            custom_config_schema=custom_config_schema,
            inputs=inputs,
            outputs=outputs,
            experimental=experimental,
        )

        model_studio_trainer.additional_properties = d
        return model_studio_trainer

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
