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

from ..models.search_experiments_equals_filter_field import (
    SearchExperimentsEqualsFilterField,
)

T = TypeVar("T", bound="SearchExperimentsEqualsFilter")


@_attrs_define
class SearchExperimentsEqualsFilter:
    """Filter for exact field value matches.

    Attributes:
        type_ (Literal['eq']):
        field (SearchExperimentsEqualsFilterField):
        value (Any): The value to match (any JSON).
    """

    type_: Literal["eq"]
    field: SearchExperimentsEqualsFilterField
    value: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        field = self.field.value

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "field": field,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["eq"], d.pop("type"))
        if type_ != "eq":
            raise ValueError(f"type must match const 'eq', got '{type_}'")

        field = SearchExperimentsEqualsFilterField(d.pop("field"))

        value = d.pop("value")

        search_experiments_equals_filter = cls(
            type_=type_,
            field=field,
            value=value,
        )

        search_experiments_equals_filter.additional_properties = d
        return search_experiments_equals_filter

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
