from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_studio_worker_config_custom_config import (
        ModelStudioWorkerConfigCustomConfig,
    )
    from ..models.model_studio_worker_config_inputs import ModelStudioWorkerConfigInputs
    from ..models.model_studio_worker_config_outputs import (
        ModelStudioWorkerConfigOutputs,
    )


T = TypeVar("T", bound="ModelStudioWorkerConfig")


@_attrs_define
class ModelStudioWorkerConfig:
    """Configuration for the Model Studio worker.

    Attributes:
        inputs (ModelStudioWorkerConfigInputs): Input alias -> its dataset.
        outputs (ModelStudioWorkerConfigOutputs): Output alias -> its model.
        custom_config (ModelStudioWorkerConfigCustomConfig | Unset): The trainer's own settings (its
            `customConfigSchema`).
    """

    inputs: ModelStudioWorkerConfigInputs
    outputs: ModelStudioWorkerConfigOutputs
    custom_config: ModelStudioWorkerConfigCustomConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inputs = self.inputs.to_dict()

        outputs = self.outputs.to_dict()

        custom_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.custom_config, Unset):
            custom_config = self.custom_config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "inputs": inputs,
                "outputs": outputs,
            }
        )
        if custom_config is not UNSET:
            field_dict["customConfig"] = custom_config

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_studio_worker_config_custom_config import (
            ModelStudioWorkerConfigCustomConfig,
        )
        from ..models.model_studio_worker_config_inputs import (
            ModelStudioWorkerConfigInputs,
        )
        from ..models.model_studio_worker_config_outputs import (
            ModelStudioWorkerConfigOutputs,
        )

        d = dict(src_dict)
        inputs = ModelStudioWorkerConfigInputs.from_dict(d.pop("inputs"))

        outputs = ModelStudioWorkerConfigOutputs.from_dict(d.pop("outputs"))

        _custom_config = d.pop("customConfig", UNSET)
        custom_config: ModelStudioWorkerConfigCustomConfig | Unset
        if isinstance(_custom_config, Unset):
            custom_config = UNSET
        else:
            custom_config = ModelStudioWorkerConfigCustomConfig.from_dict(
                _custom_config
            )

        model_studio_worker_config = cls(
            inputs=inputs,
            outputs=outputs,
            custom_config=custom_config,
        )

        model_studio_worker_config.additional_properties = d
        return model_studio_worker_config

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
