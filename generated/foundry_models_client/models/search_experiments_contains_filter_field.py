from enum import StrEnum


class SearchExperimentsContainsFilterField(StrEnum):
    EXPERIMENT_NAME = "EXPERIMENT_NAME"
    PARAMETER_NAME = "PARAMETER_NAME"
    SERIES_NAME = "SERIES_NAME"

    def __str__(self) -> str:
        return str(self.value)
