from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_label import RunLabel
    from ..models.run_metric import RunMetric
    from ..models.run_param import RunParam


T = TypeVar("T", bound="Run")


@_attrs_define
class Run:
    """The details of the run instance.

    Attributes:
        run_id (str | Unset): The ID of the run.
        name (str | Unset): The name of the run.
        owner_id (str | Unset): The ID of the Alibaba Cloud account that owns the run.
        user_id (str | Unset): The ID of the user who created the run.
        workspace_id (str | Unset): The ID of the workspace where the run resides.
        experiment_id (str | Unset): The ID of the experiment to which the run belongs.
        source_type (str | Unset): The type of the PAI workload associated with the run.
        source_id (str | Unset): The ID of the PAI workload associated with the run.
        accessibility (str | Unset): The visibility of the run: `PRIVATE` (visible to its owner only) or `PUBLIC`
            (visible to all members of the workspace).
        gmt_create_time (datetime.datetime | Unset): The time when the run was created, in ISO 8601 (UTC).
        gmt_modified_time (datetime.datetime | Unset): The time when the run was last modified, in ISO 8601 (UTC).
        request_id (str | Unset): A request ID carried on each run object.
        params (list[RunParam] | Unset): The parameters of the run. Returned when Verbose is true.
        metrics (list[RunMetric] | Unset): The metrics of the run. Returned when Verbose is true.
        labels (list[RunLabel] | Unset): The labels of the run. Returned when Verbose is true.
    """

    run_id: str | Unset = UNSET
    name: str | Unset = UNSET
    owner_id: str | Unset = UNSET
    user_id: str | Unset = UNSET
    workspace_id: str | Unset = UNSET
    experiment_id: str | Unset = UNSET
    source_type: str | Unset = UNSET
    source_id: str | Unset = UNSET
    accessibility: str | Unset = UNSET
    gmt_create_time: datetime.datetime | Unset = UNSET
    gmt_modified_time: datetime.datetime | Unset = UNSET
    request_id: str | Unset = UNSET
    params: list[RunParam] | Unset = UNSET
    metrics: list[RunMetric] | Unset = UNSET
    labels: list[RunLabel] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        name = self.name

        owner_id = self.owner_id

        user_id = self.user_id

        workspace_id = self.workspace_id

        experiment_id = self.experiment_id

        source_type = self.source_type

        source_id = self.source_id

        accessibility = self.accessibility

        gmt_create_time: str | Unset = UNSET
        if not isinstance(self.gmt_create_time, Unset):
            gmt_create_time = self.gmt_create_time.isoformat()

        gmt_modified_time: str | Unset = UNSET
        if not isinstance(self.gmt_modified_time, Unset):
            gmt_modified_time = self.gmt_modified_time.isoformat()

        request_id = self.request_id

        params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = []
            for params_item_data in self.params:
                params_item = params_item_data.to_dict()
                params.append(params_item)

        metrics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = []
            for metrics_item_data in self.metrics:
                metrics_item = metrics_item_data.to_dict()
                metrics.append(metrics_item)

        labels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = []
            for labels_item_data in self.labels:
                labels_item = labels_item_data.to_dict()
                labels.append(labels_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if run_id is not UNSET:
            field_dict["RunId"] = run_id
        if name is not UNSET:
            field_dict["Name"] = name
        if owner_id is not UNSET:
            field_dict["OwnerId"] = owner_id
        if user_id is not UNSET:
            field_dict["UserId"] = user_id
        if workspace_id is not UNSET:
            field_dict["WorkspaceId"] = workspace_id
        if experiment_id is not UNSET:
            field_dict["ExperimentId"] = experiment_id
        if source_type is not UNSET:
            field_dict["SourceType"] = source_type
        if source_id is not UNSET:
            field_dict["SourceId"] = source_id
        if accessibility is not UNSET:
            field_dict["Accessibility"] = accessibility
        if gmt_create_time is not UNSET:
            field_dict["GmtCreateTime"] = gmt_create_time
        if gmt_modified_time is not UNSET:
            field_dict["GmtModifiedTime"] = gmt_modified_time
        if request_id is not UNSET:
            field_dict["RequestId"] = request_id
        if params is not UNSET:
            field_dict["Params"] = params
        if metrics is not UNSET:
            field_dict["Metrics"] = metrics
        if labels is not UNSET:
            field_dict["Labels"] = labels

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run_label import RunLabel
        from ..models.run_metric import RunMetric
        from ..models.run_param import RunParam

        d = dict(src_dict)
        run_id = d.pop("RunId", UNSET)

        name = d.pop("Name", UNSET)

        owner_id = d.pop("OwnerId", UNSET)

        user_id = d.pop("UserId", UNSET)

        workspace_id = d.pop("WorkspaceId", UNSET)

        experiment_id = d.pop("ExperimentId", UNSET)

        source_type = d.pop("SourceType", UNSET)

        source_id = d.pop("SourceId", UNSET)

        accessibility = d.pop("Accessibility", UNSET)

        _gmt_create_time = d.pop("GmtCreateTime", UNSET)
        gmt_create_time: datetime.datetime | Unset
        if isinstance(_gmt_create_time, Unset):
            gmt_create_time = UNSET
        else:
            gmt_create_time = datetime.datetime.fromisoformat(_gmt_create_time)

        _gmt_modified_time = d.pop("GmtModifiedTime", UNSET)
        gmt_modified_time: datetime.datetime | Unset
        if isinstance(_gmt_modified_time, Unset):
            gmt_modified_time = UNSET
        else:
            gmt_modified_time = datetime.datetime.fromisoformat(_gmt_modified_time)

        request_id = d.pop("RequestId", UNSET)

        _params = d.pop("Params", UNSET)
        params: list[RunParam] | Unset = UNSET
        if _params is not UNSET:
            params = []
            for params_item_data in _params:
                params_item = RunParam.from_dict(params_item_data)

                params.append(params_item)

        _metrics = d.pop("Metrics", UNSET)
        metrics: list[RunMetric] | Unset = UNSET
        if _metrics is not UNSET:
            metrics = []
            for metrics_item_data in _metrics:
                metrics_item = RunMetric.from_dict(metrics_item_data)

                metrics.append(metrics_item)

        _labels = d.pop("Labels", UNSET)
        labels: list[RunLabel] | Unset = UNSET
        if _labels is not UNSET:
            labels = []
            for labels_item_data in _labels:
                labels_item = RunLabel.from_dict(labels_item_data)

                labels.append(labels_item)

        run = cls(
            run_id=run_id,
            name=name,
            owner_id=owner_id,
            user_id=user_id,
            workspace_id=workspace_id,
            experiment_id=experiment_id,
            source_type=source_type,
            source_id=source_id,
            accessibility=accessibility,
            gmt_create_time=gmt_create_time,
            gmt_modified_time=gmt_modified_time,
            request_id=request_id,
            params=params,
            metrics=metrics,
            labels=labels,
        )

        run.additional_properties = d
        return run

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
