from enum import StrEnum


class SearchExperimentsParameterFilterOperator(StrEnum):
    CONTAINS = "CONTAINS"
    EQ = "EQ"
    GT = "GT"
    LT = "LT"

    def __str__(self) -> str:
        return str(self.value)
