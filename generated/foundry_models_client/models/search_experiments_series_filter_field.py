from enum import StrEnum


class SearchExperimentsSeriesFilterField(StrEnum):
    AGGREGATION_LAST = "AGGREGATION_LAST"
    AGGREGATION_MAX = "AGGREGATION_MAX"
    AGGREGATION_MIN = "AGGREGATION_MIN"
    LENGTH = "LENGTH"

    def __str__(self) -> str:
        return str(self.value)
