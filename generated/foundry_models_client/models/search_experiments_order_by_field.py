from enum import StrEnum


class SearchExperimentsOrderByField(StrEnum):
    CREATED_TIME = "CREATED_TIME"
    EXPERIMENT_NAME = "EXPERIMENT_NAME"

    def __str__(self) -> str:
        return str(self.value)
