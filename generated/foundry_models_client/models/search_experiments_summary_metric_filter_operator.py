from enum import StrEnum


class SearchExperimentsSummaryMetricFilterOperator(StrEnum):
    EQ = "EQ"
    GT = "GT"
    LT = "LT"

    def __str__(self) -> str:
        return str(self.value)
