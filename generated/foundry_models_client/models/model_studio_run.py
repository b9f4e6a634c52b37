from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_studio_run_build_status import ModelStudioRunBuildStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_studio_run_resolved_outputs import ModelStudioRunResolvedOutputs


T = TypeVar("T", bound="ModelStudioRun")


@_attrs_define
class ModelStudioRun:
    """A training run of a Model Studio.

    Attributes:
        run_id (str): A unique identifier for this run, derived from the studio, config, and build.
        build_rid (str): The RID of the build associated with this run.
        job_rid (str): The RID of the job associated with this run.
        config_version (int): The configuration version used for this run.
        started_by (UUID): The user who started this run (a user ID).
        started_time (datetime.datetime): When this run was started.
        resolved_outputs (ModelStudioRunResolvedOutputs): Map of alias to resolved output details (e.g., for models,
            contains the version RID and experiment). Keys are output aliases (`OutputAlias`). The documentation marks this
            map optional; it is always present (possibly empty) and is required here.
        build_status (ModelStudioRunBuildStatus | Unset): Status of the build.
    """

    run_id: str
    build_rid: str
    job_rid: str
    config_version: int
    started_by: UUID
    started_time: datetime.datetime
    resolved_outputs: ModelStudioRunResolvedOutputs
    build_status: ModelStudioRunBuildStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        build_rid = self.build_rid

        job_rid = self.job_rid

        config_version = self.config_version

        started_by = str(self.started_by)

        started_time = self.started_time.isoformat()

        resolved_outputs = self.resolved_outputs.to_dict()

        build_status: str | Unset = UNSET
        if not isinstance(self.build_status, Unset):
            build_status = self.build_status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "runId": run_id,
                "buildRid": build_rid,
                "jobRid": job_rid,
                "configVersion": config_version,
                "startedBy": started_by,
                "startedTime": started_time,
                "resolvedOutputs": resolved_outputs,
            }
        )
        if build_status is not UNSET:
            field_dict["buildStatus"] = build_status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_studio_run_resolved_outputs import (
            ModelStudioRunResolvedOutputs,
        )

        d = dict(src_dict)
        run_id = d.pop("runId")

        build_rid = d.pop("buildRid")

        job_rid = d.pop("jobRid")

        config_version = d.pop("configVersion")

        started_by = UUID(d.pop("startedBy"))

        started_time = datetime.datetime.fromisoformat(d.pop("startedTime"))

        resolved_outputs = ModelStudioRunResolvedOutputs.from_dict(
            d.pop("resolvedOutputs")
        )

        _build_status = d.pop("buildStatus", UNSET)
        build_status: ModelStudioRunBuildStatus | Unset
        if isinstance(_build_status, Unset):
            build_status = UNSET
        else:
            build_status = ModelStudioRunBuildStatus(_build_status)

        model_studio_run = cls(
            run_id=run_id,
            build_rid=build_rid,
            job_rid=job_rid,
            config_version=config_version,
            started_by=started_by,
            started_time=started_time,
            resolved_outputs=resolved_outputs,
            build_status=build_status,
        )

        model_studio_run.additional_properties = d
        return model_studio_run

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
