from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.label import Label
    from ..models.run_param import RunParam


T = TypeVar("T", bound="UpdateRunRequest")


@_attrs_define
class UpdateRunRequest:
    """The body of UpdateRun; fields left out are not changed.

    Attributes:
        name (str | Unset): The new name of the run: 1 to 63 letters, digits, underscores (_) or hyphens (-), starting
            with a letter.
        labels (list[Label] | Unset): Labels to set on the run.
        params (list[RunParam] | Unset): Parameters to set on the run.
    """

    name: str | Unset = UNSET
    labels: list[Label] | Unset = UNSET
    params: list[RunParam] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        labels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = []
            for labels_item_data in self.labels:
                labels_item = labels_item_data.to_dict()
                labels.append(labels_item)

        params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = []
            for params_item_data in self.params:
                params_item = params_item_data.to_dict()
                params.append(params_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["Name"] = name
        if labels is not UNSET:
            field_dict["Labels"] = labels
        if params is not UNSET:
            field_dict["Params"] = params

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.label import Label
        from ..models.run_param import RunParam

        d = dict(src_dict)
        name = d.pop("Name", UNSET)

        _labels = d.pop("Labels", UNSET)
        labels: list[Label] | Unset = UNSET
        if _labels is not UNSET:
            labels = []
            for labels_item_data in _labels:
                labels_item = Label.from_dict(labels_item_data)

                labels.append(labels_item)

        _params = d.pop("Params", UNSET)
        params: list[RunParam] | Unset = UNSET
        if _params is not UNSET:
            params = []
            for params_item_data in _params:
                params_item = RunParam.from_dict(params_item_data)

                params.append(params_item)

        update_run_request = cls(
            name=name,
            labels=labels,
            params=params,
        )

        update_run_request.additional_properties = d
        return update_run_request

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
