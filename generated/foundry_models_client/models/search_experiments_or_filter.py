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
    from ..models.search_experiments_not_filter import SearchExperimentsNotFilter
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


T = TypeVar("T", bound="SearchExperimentsOrFilter")


@_attrs_define
class SearchExperimentsOrFilter:
    """Returns experiments where at least one filter is satisfied.

    Attributes:
        type_ (Literal['or']):
        filters (list[SearchExperimentsAndFilter | SearchExperimentsContainsFilter | SearchExperimentsEqualsFilter |
            SearchExperimentsNotFilter | SearchExperimentsOrFilter | SearchExperimentsParameterFilter |
            SearchExperimentsSeriesFilter | SearchExperimentsStartsWithFilter | SearchExperimentsSummaryMetricFilter]):
    """

    type_: Literal["or"]
    filters: list[
        SearchExperimentsAndFilter
        | SearchExperimentsContainsFilter
        | SearchExperimentsEqualsFilter
        | SearchExperimentsNotFilter
        | SearchExperimentsOrFilter
        | SearchExperimentsParameterFilter
        | SearchExperimentsSeriesFilter
        | SearchExperimentsStartsWithFilter
        | SearchExperimentsSummaryMetricFilter
    ]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.search_experiments_and_filter import SearchExperimentsAndFilter
        from ..models.search_experiments_contains_filter import (
            SearchExperimentsContainsFilter,
        )
        from ..models.search_experiments_equals_filter import (
            SearchExperimentsEqualsFilter,
        )
        from ..models.search_experiments_not_filter import SearchExperimentsNotFilter
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

        filters = []
        for filters_item_data in self.filters:
            filters_item: dict[str, Any]
            if (
                isinstance(filters_item_data, SearchExperimentsSeriesFilter)
                or isinstance(filters_item_data, SearchExperimentsContainsFilter)
                or isinstance(filters_item_data, SearchExperimentsNotFilter)
                or isinstance(filters_item_data, SearchExperimentsOrFilter)
                or isinstance(filters_item_data, SearchExperimentsAndFilter)
                or isinstance(filters_item_data, SearchExperimentsParameterFilter)
                or isinstance(filters_item_data, SearchExperimentsSummaryMetricFilter)
                or isinstance(filters_item_data, SearchExperimentsEqualsFilter)
            ):
                filters_item = filters_item_data.to_dict()
            else:
                filters_item = filters_item_data.to_dict()

            filters.append(filters_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "filters": filters,
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
        from ..models.search_experiments_not_filter import SearchExperimentsNotFilter
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
        type_ = cast(Literal["or"], d.pop("type"))
        if type_ != "or":
            raise ValueError(f"type must match const 'or', got '{type_}'")

        filters = []
        _filters = d.pop("filters")
        for filters_item_data in _filters:

            def _parse_filters_item(
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

            filters_item = _parse_filters_item(filters_item_data)

            filters.append(filters_item)

        search_experiments_or_filter = cls(
            type_=type_,
            filters=filters,
        )

        search_experiments_or_filter.additional_properties = d
        return search_experiments_or_filter

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
