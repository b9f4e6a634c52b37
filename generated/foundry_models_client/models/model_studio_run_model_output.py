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

T = TypeVar("T", bound="ModelStudioRunModelOutput")


@_attrs_define
class ModelStudioRunModelOutput:
    """A model produced by a Model Studio run.

    Attributes:
        type_ (Literal['model']):
        model_rid (str): The RID of the model.
        model_version_rid (str): The RID of the model version produced by the run.
        experiment_rid (str | Unset): The RID of the experiment associated with the run, if any.
    """

    type_: Literal["model"]
    model_rid: str
    model_version_rid: str
    experiment_rid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        model_rid = self.model_rid

        model_version_rid = self.model_version_rid

        experiment_rid = self.experiment_rid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "modelRid": model_rid,
                "modelVersionRid": model_version_rid,
            }
        )
        if experiment_rid is not UNSET:
            field_dict["experimentRid"] = experiment_rid

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["model"], d.pop("type"))
        if type_ != "model":
            raise ValueError(f"type must match const 'model', got '{type_}'")

        model_rid = d.pop("modelRid")

        model_version_rid = d.pop("modelVersionRid")

        experiment_rid = d.pop("experimentRid", UNSET)

        model_studio_run_model_output = cls(
            type_=type_,
            model_rid=model_rid,
            model_version_rid=model_version_rid,
            experiment_rid=experiment_rid,
        )

        model_studio_run_model_output.additional_properties = d
        return model_studio_run_model_output

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
