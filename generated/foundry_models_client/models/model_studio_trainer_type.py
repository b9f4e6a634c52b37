from enum import StrEnum


class ModelStudioTrainerType(StrEnum):
    GENERIC = "GENERIC"
    LLM_FINETUNING = "LLM_FINETUNING"
    TABULAR_CLASSIFICATION = "TABULAR_CLASSIFICATION"
    TABULAR_REGRESSION = "TABULAR_REGRESSION"
    TIME_SERIES = "TIME_SERIES"
    VLM_FINETUNING = "VLM_FINETUNING"

    def __str__(self) -> str:
        return str(self.value)
