from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.search_experiments_order_by_direction import (
    SearchExperimentsOrderByDirection,
)
from ..models.search_experiments_order_by_field import SearchExperimentsOrderByField

T = TypeVar("T", bound="SearchExperimentsOrderBy")


@_attrs_define
class SearchExperimentsOrderBy:
    """Ordering configuration for experiment search results.

    Attributes:
        field (SearchExperimentsOrderByField):
        direction (SearchExperimentsOrderByDirection):
    """

    field: SearchExperimentsOrderByField
    direction: SearchExperimentsOrderByDirection
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field = self.field.value

        direction = self.direction.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "field": field,
                "direction": direction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        field = SearchExperimentsOrderByField(d.pop("field"))

        direction = SearchExperimentsOrderByDirection(d.pop("direction"))

        search_experiments_order_by = cls(
            field=field,
            direction=direction,
        )

        search_experiments_order_by.additional_properties = d
        return search_experiments_order_by

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
