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

from ..models.search_experiments_parameter_filter_operator import (
    SearchExperimentsParameterFilterOperator,
)

T = TypeVar("T", bound="SearchExperimentsParameterFilter")


@_attrs_define
class SearchExperimentsParameterFilter:
    """Filter that binds a parameter name to a value comparison (EQ: boolean, double, integer or datetime; GT/LT: double,
    integer or datetime; CONTAINS: string).

        Attributes:
            type_ (Literal['parameterFilter']):
            parameter_name (str):
            operator (SearchExperimentsParameterFilterOperator):
            value (Any): The value to compare with (any JSON).
    """

    type_: Literal["parameterFilter"]
    parameter_name: str
    operator: SearchExperimentsParameterFilterOperator
    value: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        parameter_name = self.parameter_name

        operator = self.operator.value

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "parameterName": parameter_name,
                "operator": operator,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["parameterFilter"], d.pop("type"))
        if type_ != "parameterFilter":
            raise ValueError(f"type must match const 'parameterFilter', got '{type_}'")

        parameter_name = d.pop("parameterName")

        operator = SearchExperimentsParameterFilterOperator(d.pop("operator"))

        value = d.pop("value")

        search_experiments_parameter_filter = cls(
            type_=type_,
            parameter_name=parameter_name,
            operator=operator,
            value=value,
        )

        search_experiments_parameter_filter.additional_properties = d
        return search_experiments_parameter_filter

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
