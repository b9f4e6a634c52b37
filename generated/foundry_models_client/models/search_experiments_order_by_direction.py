from enum import StrEnum


class SearchExperimentsOrderByDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"

    def __str__(self) -> str:
        return str(self.value)
