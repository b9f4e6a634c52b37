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
    from ..models.search_experiments_and_filter import SearchExperimentsAndFilter
    from ..models.search_experiments_contains_filter import (
        SearchExperimentsContainsFilter,
    )
    from ..models.search_experiments_equals_filter import SearchExperimentsEqualsFilter
    from ..models.search_experiments_or_filter import SearchExperimentsOrFilter
    from ..models.search_experiments_parameter_filter import (
        SearchExperimentsParameterFilter,
    )
    from ..models.search_experiments_series_filter import SearchExperimentsSeriesFilter
    from ..models.search_experiments_starts_with_filter import (
        SearchExperimentsStartsWithFilter,
    )
    from ..models.search_experiments_summary_metric_filter import (
        SearchExperimentsSummaryMetricFilter,
    )


T = TypeVar("T", bound="SearchExperimentsNotFilter")


@_attrs_define
class SearchExperimentsNotFilter:
    """Returns experiments where the filter is not satisfied.

    Attributes:
        type_ (Literal['not']):
        value (SearchExperimentsAndFilter | SearchExperimentsContainsFilter | SearchExperimentsEqualsFilter |
            SearchExperimentsNotFilter | SearchExperimentsOrFilter | SearchExperimentsParameterFilter |
            SearchExperimentsSeriesFilter | SearchExperimentsStartsWithFilter | SearchExperimentsSummaryMetricFilter): A
            search filter, discriminated by `type`; `and`, `or` and `not` nest.
    """

    type_: Literal["not"]
    value: (
        SearchExperimentsAndFilter
        | SearchExperimentsContainsFilter
        | SearchExperimentsEqualsFilter
        | SearchExperimentsNotFilter
        | SearchExperimentsOrFilter
        | SearchExperimentsParameterFilter
        | SearchExperimentsSeriesFilter
        | SearchExperimentsStartsWithFilter
        | SearchExperimentsSummaryMetricFilter
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.search_experiments_and_filter import SearchExperimentsAndFilter
        from ..models.search_experiments_contains_filter import (
            SearchExperimentsContainsFilter,
        )
        from ..models.search_experiments_equals_filter import (
            SearchExperimentsEqualsFilter,
        )
        from ..models.search_experiments_or_filter import SearchExperimentsOrFilter
        from ..models.search_experiments_parameter_filter import (
            SearchExperimentsParameterFilter,
        )
        from ..models.search_experiments_series_filter import (
            SearchExperimentsSeriesFilter,
        )
        from ..models.search_experiments_summary_metric_filter import (
            SearchExperimentsSummaryMetricFilter,
        )

        type_ = self.type_

        value: dict[str, Any]
        if (
            isinstance(self.value, SearchExperimentsSeriesFilter)
            or isinstance(self.value, SearchExperimentsContainsFilter)
            or isinstance(self.value, SearchExperimentsNotFilter)
            or isinstance(self.value, SearchExperimentsOrFilter)
            or isinstance(self.value, SearchExperimentsAndFilter)
            or isinstance(self.value, SearchExperimentsParameterFilter)
            or isinstance(self.value, SearchExperimentsSummaryMetricFilter)
            or isinstance(self.value, SearchExperimentsEqualsFilter)
        ):
            value = self.value.to_dict()
        else:
            value = self.value.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.search_experiments_and_filter import SearchExperimentsAndFilter
        from ..models.search_experiments_contains_filter import (
            SearchExperimentsContainsFilter,
        )
        from ..models.search_experiments_equals_filter import (
            SearchExperimentsEqualsFilter,
        )
        from ..models.search_experiments_or_filter import SearchExperimentsOrFilter
        from ..models.search_experiments_parameter_filter import (
            SearchExperimentsParameterFilter,
        )
        from ..models.search_experiments_series_filter import (
            SearchExperimentsSeriesFilter,
        )
        from ..models.search_experiments_starts_with_filter import (
            SearchExperimentsStartsWithFilter,
        )
        from ..models.search_experiments_summary_metric_filter import (
            SearchExperimentsSummaryMetricFilter,
        )

        d = dict(src_dict)
        type_ = cast(Literal["not"], d.pop("type"))
        if type_ != "not":
            raise ValueError(f"type must match const 'not', got '{type_}'")

        def _parse_value(
            data: object,
        ) -> (
            SearchExperimentsAndFilter
            | SearchExperimentsContainsFilter
            | SearchExperimentsEqualsFilter
            | SearchExperimentsNotFilter
            | SearchExperimentsOrFilter
            | SearchExperimentsParameterFilter
            | SearchExperimentsSeriesFilter
            | SearchExperimentsStartsWithFilter
            | SearchExperimentsSummaryMetricFilter
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_0 = (
                    SearchExperimentsSeriesFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_1 = (
                    SearchExperimentsContainsFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_2 = (
                    SearchExperimentsNotFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_3 = (
                    SearchExperimentsOrFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_4 = (
                    SearchExperimentsAndFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_5 = (
                    SearchExperimentsParameterFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_6 = (
                    SearchExperimentsSummaryMetricFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_search_experiments_filter_type_7 = (
                    SearchExperimentsEqualsFilter.from_dict(data)
                )

                return componentsschemas_search_experiments_filter_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_search_experiments_filter_type_8 = (
                SearchExperimentsStartsWithFilter.from_dict(data)
            )

            return componentsschemas_search_experiments_filter_type_8

        value = _parse_value(d.pop("value"))

        search_experiments_not_filter = cls(
            type_=type_,
            value=value,
        )

        search_experiments_not_filter.additional_properties = d
        return search_experiments_not_filter

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
