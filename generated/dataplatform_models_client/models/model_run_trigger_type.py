from enum import StrEnum


class ModelRunTriggerType(StrEnum):
    MANUAL = "MANUAL"
    PIPELINE = "PIPELINE"
    SCHEDULED = "SCHEDULED"

    def __str__(self) -> str:
        return str(self.value)
