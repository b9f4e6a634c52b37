from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.boolean_parameter import BooleanParameter
    from ..models.datetime_parameter import DatetimeParameter
    from ..models.double_parameter import DoubleParameter
    from ..models.integer_parameter import IntegerParameter
    from ..models.string_parameter import StringParameter


T = TypeVar("T", bound="Parameter")


@_attrs_define
class Parameter:
    """A parameter with its name and value.

    Attributes:
        name (str):
        value (BooleanParameter | DatetimeParameter | DoubleParameter | IntegerParameter | StringParameter): A
            parameter's value, discriminated by `type`.
    """

    name: str
    value: (
        BooleanParameter
        | DatetimeParameter
        | DoubleParameter
        | IntegerParameter
        | StringParameter
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.boolean_parameter import BooleanParameter
        from ..models.datetime_parameter import DatetimeParameter
        from ..models.double_parameter import DoubleParameter
        from ..models.string_parameter import StringParameter

        name = self.name

        value: dict[str, Any]
        if (
            isinstance(self.value, DatetimeParameter)
            or isinstance(self.value, BooleanParameter)
            or isinstance(self.value, StringParameter)
            or isinstance(self.value, DoubleParameter)
        ):
            value = self.value.to_dict()
        else:
            value = self.value.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.boolean_parameter import BooleanParameter
        from ..models.datetime_parameter import DatetimeParameter
        from ..models.double_parameter import DoubleParameter
        from ..models.integer_parameter import IntegerParameter
        from ..models.string_parameter import StringParameter

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_value(
            data: object,
        ) -> (
            BooleanParameter
            | DatetimeParameter
            | DoubleParameter
            | IntegerParameter
            | StringParameter
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_parameter_value_type_0 = DatetimeParameter.from_dict(
                    data
                )

                return componentsschemas_parameter_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_parameter_value_type_1 = BooleanParameter.from_dict(
                    data
                )

                return componentsschemas_parameter_value_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_parameter_value_type_2 = StringParameter.from_dict(
                    data
                )

                return componentsschemas_parameter_value_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_parameter_value_type_3 = DoubleParameter.from_dict(
                    data
                )

                return componentsschemas_parameter_value_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_parameter_value_type_4 = IntegerParameter.from_dict(data)

            return componentsschemas_parameter_value_type_4

        value = _parse_value(d.pop("value"))

        parameter = cls(
            name=name,
            value=value,
        )

        parameter.additional_properties = d
        return parameter

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
