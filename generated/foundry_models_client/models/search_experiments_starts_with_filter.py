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

from ..models.search_experiments_starts_with_filter_field import (
    SearchExperimentsStartsWithFilterField,
)

T = TypeVar("T", bound="SearchExperimentsStartsWithFilter")


@_attrs_define
class SearchExperimentsStartsWithFilter:
    """Filter for prefix matches.

    Attributes:
        type_ (Literal['startsWith']):
        field (SearchExperimentsStartsWithFilterField):
        value (Any): The prefix (any JSON).
    """

    type_: Literal["startsWith"]
    field: SearchExperimentsStartsWithFilterField
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
        type_ = cast(Literal["startsWith"], d.pop("type"))
        if type_ != "startsWith":
            raise ValueError(f"type must match const 'startsWith', got '{type_}'")

        field = SearchExperimentsStartsWithFilterField(d.pop("field"))

        value = d.pop("value")

        search_experiments_starts_with_filter = cls(
            type_=type_,
            field=field,
            value=value,
        )

        search_experiments_starts_with_filter.additional_properties = d
        return search_experiments_starts_with_filter

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
