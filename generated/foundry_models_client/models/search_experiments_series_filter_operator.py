from enum import StrEnum


class SearchExperimentsSeriesFilterOperator(StrEnum):
    EQ = "EQ"
    GT = "GT"
    LT = "LT"

    def __str__(self) -> str:
        return str(self.value)
