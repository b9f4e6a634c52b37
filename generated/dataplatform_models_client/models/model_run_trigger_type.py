from enum import StrEnum


class ModelRunTriggerType(StrEnum):
    MANUAL = "MANUAL"
    SCHEDULED = "SCHEDULED"

    def __str__(self) -> str:
        return str(self.value)
