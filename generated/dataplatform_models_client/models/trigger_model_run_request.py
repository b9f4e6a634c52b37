from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TriggerModelRunRequest")


@_attrs_define
class TriggerModelRunRequest:
    """Request payload for triggering a model run. The documentation marks `project_name` required and closes the object;
    the server requires neither: its JSON decoder ignores unknown fields, `target_schema` defaults to `project_name`,
    and only a request with neither is refused (400 `target_schema is required`, internal/api/handler_models.go:215-232,
    internal/domain/model.go:224-232). The body must name at least one of the two (this spec's `x-modelruns-refusals` on
    triggerModelRun: the generator cannot express the rule as `anyOf`).

        Attributes:
            project_name (str | Unset): Name of the project whose models are run; also the default `target_schema`.
            model_names (list[str] | Unset): Models to run; all models of the project when omitted.
            target_catalog (str | Unset): Catalog the models are materialised into. Default: 'memory'.
            target_schema (str | Unset): Schema the models are materialised into; `project_name` when omitted. The server
                reports this value back as the run's `project_name` (internal/api/handler_models.go:401-403).
            full_refresh (bool | Unset): Rebuild incremental models from scratch. Default: False.
    """

    project_name: str | Unset = UNSET
    model_names: list[str] | Unset = UNSET
    target_catalog: str | Unset = "memory"
    target_schema: str | Unset = UNSET
    full_refresh: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        project_name = self.project_name

        model_names: list[str] | Unset = UNSET
        if not isinstance(self.model_names, Unset):
            model_names = self.model_names

        target_catalog = self.target_catalog

        target_schema = self.target_schema

        full_refresh = self.full_refresh

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if project_name is not UNSET:
            field_dict["project_name"] = project_name
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
        project_name = d.pop("project_name", UNSET)

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

        trigger_model_run_request.additional_properties = d
        return trigger_model_run_request

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
