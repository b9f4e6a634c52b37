from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TriggerModelRunRequest")


@_attrs_define
class TriggerModelRunRequest:
    """Request payload for triggering a model run.

    Attributes:
        project_name (str): Name of the project whose models are run.
        model_names (list[str] | Unset): Models to run; all models of the project when omitted.
        target_catalog (str | Unset): Catalog the models are materialised into. Default: 'memory'.
        target_schema (str | Unset): Schema the models are materialised into.
        full_refresh (bool | Unset): Rebuild incremental models from scratch. Default: False.
    """

    project_name: str
    model_names: list[str] | Unset = UNSET
    target_catalog: str | Unset = "memory"
    target_schema: str | Unset = UNSET
    full_refresh: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        project_name = self.project_name

        model_names: list[str] | Unset = UNSET
        if not isinstance(self.model_names, Unset):
            model_names = self.model_names

        target_catalog = self.target_catalog

        target_schema = self.target_schema

        full_refresh = self.full_refresh

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "project_name": project_name,
            }
        )
        if model_names is not UNSET:
            field_dict["model_names"] = model_names
        if target_catalog is not UNSET:
            field_dict["target_catalog"] = target_catalog
        if target_schema is not UNSET:
            field_dict["target_schema"] = target_schema
        if full_refresh is not UNSET:
            field_dict["full_refresh"] = full_refresh

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        project_name = d.pop("project_name")

        model_names = cast(list[str], d.pop("model_names", UNSET))

        target_catalog = d.pop("target_catalog", UNSET)

        target_schema = d.pop("target_schema", UNSET)

        full_refresh = d.pop("full_refresh", UNSET)

        trigger_model_run_request = cls(
            project_name=project_name,
            model_names=model_names,
            target_catalog=target_catalog,
            target_schema=target_schema,
            full_refresh=full_refresh,
        )

        return trigger_model_run_request
