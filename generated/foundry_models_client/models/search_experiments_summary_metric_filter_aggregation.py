from enum import StrEnum


class SearchExperimentsSummaryMetricFilterAggregation(StrEnum):
    LAST = "LAST"
    MAX = "MAX"
    MIN = "MIN"

    def __str__(self) -> str:
        return str(self.value)
