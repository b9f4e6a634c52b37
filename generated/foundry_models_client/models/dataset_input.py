from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dataset_input_column_mapping import DatasetInputColumnMapping


T = TypeVar("T", bound="DatasetInput")


@_attrs_define
class DatasetInput:
    """Dataset input configuration.

    Attributes:
        type_ (Literal['dataset']):
        rid (str): A resource identifier (RID).
        column_mapping (DatasetInputColumnMapping): The trainer's column names -> the dataset's columns.
        ignore_columns (list[str]):
        select_columns (list[str]):
    """

    type_: Literal["dataset"]
    rid: str
    column_mapping: DatasetInputColumnMapping
    ignore_columns: list[str]
    select_columns: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        rid = self.rid

        column_mapping = self.column_mapping.to_dict()

        ignore_columns = self.ignore_columns

        select_columns = self.select_columns

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "rid": rid,
                "columnMapping": column_mapping,
                "ignoreColumns": ignore_columns,
                "selectColumns": select_columns,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dataset_input_column_mapping import DatasetInputColumnMapping

        d = dict(src_dict)
        type_ = cast(Literal["dataset"], d.pop("type"))
        if type_ != "dataset":
            raise ValueError(f"type must match const 'dataset', got '{type_}'")

        rid = d.pop("rid")

        column_mapping = DatasetInputColumnMapping.from_dict(d.pop("columnMapping"))

        ignore_columns = cast(list[str], d.pop("ignoreColumns"))

        select_columns = cast(list[str], d.pop("selectColumns"))

        dataset_input = cls(
            type_=type_,
            rid=rid,
            column_mapping=column_mapping,
            ignore_columns=ignore_columns,
            select_columns=select_columns,
        )

        dataset_input.additional_properties = d
        return dataset_input

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
