from enum import StrEnum


class ModelRunStepStatus(StrEnum):
    CANCELLED = "CANCELLED"
    FAILED = "FAILED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SKIPPED = "SKIPPED"
    SUCCESS = "SUCCESS"

    def __str__(self) -> str:
        return str(self.value)
