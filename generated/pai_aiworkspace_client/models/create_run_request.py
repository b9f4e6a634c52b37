from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.label import Label
    from ..models.run_param import RunParam


T = TypeVar("T", bound="CreateRunRequest")


@_attrs_define
class CreateRunRequest:
    """The body of CreateRun.

    Attributes:
        experiment_id (str): The ID of the experiment that the run belongs to.
        name (str | Unset): The name of the run: 1 to 63 letters, digits, underscores (_) or hyphens (-), starting with
            a letter. When it is left empty, the run is named after its RunId.
        source_type (str | Unset): The type of the PAI workload associated with the run: `TrainingService`, `DLC`, or
            empty (the default).
        source_id (str | Unset): The ID of the PAI workload associated with the run.
        params (list[RunParam] | Unset): The parameters of the run.
        labels (list[Label] | Unset): The labels of the run.
    """

    experiment_id: str
    name: str | Unset = UNSET
    source_type: str | Unset = UNSET
    source_id: str | Unset = UNSET
    params: list[RunParam] | Unset = UNSET
    labels: list[Label] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_id = self.experiment_id

        name = self.name

        source_type = self.source_type

        source_id = self.source_id

        params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = []
            for params_item_data in self.params:
                params_item = params_item_data.to_dict()
                params.append(params_item)

        labels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = []
            for labels_item_data in self.labels:
                labels_item = labels_item_data.to_dict()
                labels.append(labels_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ExperimentId": experiment_id,
            }
        )
        if name is not UNSET:
            field_dict["Name"] = name
        if source_type is not UNSET:
            field_dict["SourceType"] = source_type
        if source_id is not UNSET:
            field_dict["SourceId"] = source_id
        if params is not UNSET:
            field_dict["Params"] = params
        if labels is not UNSET:
            field_dict["Labels"] = labels

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.label import Label
        from ..models.run_param import RunParam

        d = dict(src_dict)
        experiment_id = d.pop("ExperimentId")

        name = d.pop("Name", UNSET)

        source_type = d.pop("SourceType", UNSET)

        source_id = d.pop("SourceId", UNSET)

        _params = d.pop("Params", UNSET)
        params: list[RunParam] | Unset = UNSET
        if _params is not UNSET:
            params = []
            for params_item_data in _params:
                params_item = RunParam.from_dict(params_item_data)

                params.append(params_item)

        _labels = d.pop("Labels", UNSET)
        labels: list[Label] | Unset = UNSET
        if _labels is not UNSET:
            labels = []
            for labels_item_data in _labels:
                labels_item = Label.from_dict(labels_item_data)

                labels.append(labels_item)

        create_run_request = cls(
            experiment_id=experiment_id,
            name=name,
            source_type=source_type,
            source_id=source_id,
            params=params,
            labels=labels,
        )

        create_run_request.additional_properties = d
        return create_run_request

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
