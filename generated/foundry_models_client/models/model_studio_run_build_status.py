from enum import StrEnum


class ModelStudioRunBuildStatus(StrEnum):
    CANCELED = "CANCELED"
    FAILED = "FAILED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"

    def __str__(self) -> str:
        return str(self.value)
