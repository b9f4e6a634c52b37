from enum import StrEnum


class SearchExperimentsEqualsFilterField(StrEnum):
    BRANCH = "BRANCH"
    EXPERIMENT_NAME = "EXPERIMENT_NAME"
    EXPERIMENT_RID = "EXPERIMENT_RID"
    JOB_RID = "JOB_RID"
    PARAMETER_NAME = "PARAMETER_NAME"
    SERIES_NAME = "SERIES_NAME"
    STATUS = "STATUS"
    TAG = "TAG"

    def __str__(self) -> str:
        return str(self.value)
