from enum import StrEnum


class SummaryMetricAggregation(StrEnum):
    LAST = "LAST"
    MAX = "MAX"
    MIN = "MIN"

    def __str__(self) -> str:
        return str(self.value)
