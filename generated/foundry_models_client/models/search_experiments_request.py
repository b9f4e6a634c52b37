from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.search_experiments_and_filter import SearchExperimentsAndFilter
    from ..models.search_experiments_contains_filter import (
        SearchExperimentsContainsFilter,
    )
    from ..models.search_experiments_equals_filter import SearchExperimentsEqualsFilter
    from ..models.search_experiments_not_filter import SearchExperimentsNotFilter
    from ..models.search_experiments_or_filter import SearchExperimentsOrFilter
    from ..models.search_experiments_order_by import SearchExperimentsOrderBy
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


T = TypeVar("T", bound="SearchExperimentsRequest")


@_attrs_define
class SearchExperimentsRequest:
    """A search: the filter (all of the model's experiments without one), the order, and the page (size and token travel in
    the body, not the query).

        Attributes:
            where (SearchExperimentsAndFilter | SearchExperimentsContainsFilter | SearchExperimentsEqualsFilter |
                SearchExperimentsNotFilter | SearchExperimentsOrFilter | SearchExperimentsParameterFilter |
                SearchExperimentsSeriesFilter | SearchExperimentsStartsWithFilter | SearchExperimentsSummaryMetricFilter |
                Unset): A search filter, discriminated by `type`; `and`, `or` and `not` nest.
            order_by (SearchExperimentsOrderBy | Unset): Ordering configuration for experiment search results.
            page_size (int | Unset): The maximum number of results to return. Default 50, maximum of 100.
            page_token (str | Unset): The token of the page to fetch; leave it out for the first page.
    """

    where: (
        SearchExperimentsAndFilter
        | SearchExperimentsContainsFilter
        | SearchExperimentsEqualsFilter
        | SearchExperimentsNotFilter
        | SearchExperimentsOrFilter
        | SearchExperimentsParameterFilter
        | SearchExperimentsSeriesFilter
        | SearchExperimentsStartsWithFilter
        | SearchExperimentsSummaryMetricFilter
        | Unset
    ) = UNSET
    order_by: SearchExperimentsOrderBy | Unset = UNSET
    page_size: int | Unset = UNSET
    page_token: str | Unset = UNSET
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

        where: dict[str, Any] | Unset
        if isinstance(self.where, Unset):
            where = UNSET
        elif (
            isinstance(self.where, SearchExperimentsSeriesFilter)
            or isinstance(self.where, SearchExperimentsContainsFilter)
            or isinstance(self.where, SearchExperimentsNotFilter)
            or isinstance(self.where, SearchExperimentsOrFilter)
            or isinstance(self.where, SearchExperimentsAndFilter)
            or isinstance(self.where, SearchExperimentsParameterFilter)
            or isinstance(self.where, SearchExperimentsSummaryMetricFilter)
            or isinstance(self.where, SearchExperimentsEqualsFilter)
        ):
            where = self.where.to_dict()
        else:
            where = self.where.to_dict()

        order_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.order_by, Unset):
            order_by = self.order_by.to_dict()

        page_size = self.page_size

        page_token = self.page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if where is not UNSET:
            field_dict["where"] = where
        if order_by is not UNSET:
            field_dict["orderBy"] = order_by
        if page_size is not UNSET:
            field_dict["pageSize"] = page_size
        if page_token is not UNSET:
            field_dict["pageToken"] = page_token

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
        from ..models.search_experiments_or_filter import SearchExperimentsOrFilter
        from ..models.search_experiments_order_by import SearchExperimentsOrderBy
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

        def _parse_where(
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
            | Unset
        ):
            if isinstance(data, Unset):
                return data
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

        where = _parse_where(d.pop("where", UNSET))

        _order_by = d.pop("orderBy", UNSET)
        order_by: SearchExperimentsOrderBy | Unset
        if isinstance(_order_by, Unset):
            order_by = UNSET
        else:
            order_by = SearchExperimentsOrderBy.from_dict(_order_by)

        page_size = d.pop("pageSize", UNSET)

        page_token = d.pop("pageToken", UNSET)

        search_experiments_request = cls(
            where=where,
            order_by=order_by,
            page_size=page_size,
            page_token=page_token,
        )

        search_experiments_request.additional_properties = d
        return search_experiments_request

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
