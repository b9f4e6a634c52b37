from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.experiment_status import ExperimentStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment_artifacts import ExperimentArtifacts
    from ..models.experiment_authoring_source import ExperimentAuthoringSource
    from ..models.experiment_code_workspace_source import ExperimentCodeWorkspaceSource
    from ..models.experiment_sdk_source import ExperimentSdkSource
    from ..models.parameter import Parameter
    from ..models.series_aggregations import SeriesAggregations
    from ..models.summary_metric import SummaryMetric


T = TypeVar("T", bound="Experiment")


@_attrs_define
class Experiment:
    """An experiment (a Model Studio run's), with its parameters and series.

    Attributes:
        rid (str): A resource identifier (RID).
        model_rid (str): A resource identifier (RID).
        created_time (datetime.datetime):
        created_by (UUID): The user who created the experiment (a user ID).
        source (ExperimentAuthoringSource | ExperimentCodeWorkspaceSource | ExperimentSdkSource): Where an experiment
            was created, discriminated by `type`.
        status (ExperimentStatus):
        branch (str):
        parameters (list[Parameter]):
        series (list[SeriesAggregations]):
        summary_metrics (list[SummaryMetric]):
        artifacts (ExperimentArtifacts): Artifact name -> its metadata.
        tags (list[str]):
        status_message (str | Unset):
        linked_model_version (str | Unset): A resource identifier (RID).
        job_rid (str | Unset): A resource identifier (RID).
    """

    rid: str
    model_rid: str
    created_time: datetime.datetime
    created_by: UUID
    source: (
        ExperimentAuthoringSource | ExperimentCodeWorkspaceSource | ExperimentSdkSource
    )
    status: ExperimentStatus
    branch: str
    parameters: list[Parameter]
    series: list[SeriesAggregations]
    summary_metrics: list[SummaryMetric]
    artifacts: ExperimentArtifacts
    tags: list[str]
    status_message: str | Unset = UNSET
    linked_model_version: str | Unset = UNSET
    job_rid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.experiment_authoring_source import ExperimentAuthoringSource
        from ..models.experiment_code_workspace_source import (
            ExperimentCodeWorkspaceSource,
        )

        rid = self.rid

        model_rid = self.model_rid

        created_time = self.created_time.isoformat()

        created_by = str(self.created_by)

        source: dict[str, Any]
        if isinstance(self.source, ExperimentCodeWorkspaceSource) or isinstance(
            self.source, ExperimentAuthoringSource
        ):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        status = self.status.value

        branch = self.branch

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        summary_metrics = []
        for summary_metrics_item_data in self.summary_metrics:
            summary_metrics_item = summary_metrics_item_data.to_dict()
            summary_metrics.append(summary_metrics_item)

        artifacts = self.artifacts.to_dict()

        tags = self.tags

        status_message = self.status_message

        linked_model_version = self.linked_model_version

        job_rid = self.job_rid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rid": rid,
                "modelRid": model_rid,
                "createdTime": created_time,
                "createdBy": created_by,
                "source": source,
                "status": status,
                "branch": branch,
                "parameters": parameters,
                "series": series,
                "summaryMetrics": summary_metrics,
                "artifacts": artifacts,
                "tags": tags,
            }
        )
        if status_message is not UNSET:
            field_dict["statusMessage"] = status_message
        if linked_model_version is not UNSET:
            field_dict["linkedModelVersion"] = linked_model_version
        if job_rid is not UNSET:
            field_dict["jobRid"] = job_rid

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.experiment_artifacts import ExperimentArtifacts
        from ..models.experiment_authoring_source import ExperimentAuthoringSource
        from ..models.experiment_code_workspace_source import (
            ExperimentCodeWorkspaceSource,
        )
        from ..models.experiment_sdk_source import ExperimentSdkSource
        from ..models.parameter import Parameter
        from ..models.series_aggregations import SeriesAggregations
        from ..models.summary_metric import SummaryMetric

        d = dict(src_dict)
        rid = d.pop("rid")

        model_rid = d.pop("modelRid")

        created_time = datetime.datetime.fromisoformat(d.pop("createdTime"))

        created_by = UUID(d.pop("createdBy"))

        def _parse_source(
            data: object,
        ) -> (
            ExperimentAuthoringSource
            | ExperimentCodeWorkspaceSource
            | ExperimentSdkSource
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_experiment_source_type_0 = (
                    ExperimentCodeWorkspaceSource.from_dict(data)
                )

                return componentsschemas_experiment_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_experiment_source_type_1 = (
                    ExperimentAuthoringSource.from_dict(data)
                )

                return componentsschemas_experiment_source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_experiment_source_type_2 = ExperimentSdkSource.from_dict(
                data
            )

            return componentsschemas_experiment_source_type_2

        source = _parse_source(d.pop("source"))

        status = ExperimentStatus(d.pop("status"))

        branch = d.pop("branch")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = Parameter.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = SeriesAggregations.from_dict(series_item_data)

            series.append(series_item)

        summary_metrics = []
        _summary_metrics = d.pop("summaryMetrics")
        for summary_metrics_item_data in _summary_metrics:
            summary_metrics_item = SummaryMetric.from_dict(summary_metrics_item_data)

            summary_metrics.append(summary_metrics_item)

        artifacts = ExperimentArtifacts.from_dict(d.pop("artifacts"))

        tags = cast(list[str], d.pop("tags"))

        status_message = d.pop("statusMessage", UNSET)

        linked_model_version = d.pop("linkedModelVersion", UNSET)

        job_rid = d.pop("jobRid", UNSET)

        experiment = cls(
            rid=rid,
            model_rid=model_rid,
            created_time=created_time,
            created_by=created_by,
            source=source,
            status=status,
            branch=branch,
            parameters=parameters,
            series=series,
            summary_metrics=summary_metrics,
            artifacts=artifacts,
            tags=tags,
            status_message=status_message,
            linked_model_version=linked_model_version,
            job_rid=job_rid,
        )

        experiment.additional_properties = d
        return experiment

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
