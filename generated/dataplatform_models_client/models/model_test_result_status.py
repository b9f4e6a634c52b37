from enum import StrEnum


class ModelTestResultStatus(StrEnum):
    ERROR = "ERROR"
    FAIL = "FAIL"
    PASS = "PASS"

    def __str__(self) -> str:
        return str(self.value)
