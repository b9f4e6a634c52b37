from enum import StrEnum


class ResourceConfigurationGpu(StrEnum):
    A100 = "A100"
    A10G = "A10G"
    A16 = "A16"
    B200 = "B200"
    B300 = "B300"
    H100 = "H100"
    H200 = "H200"
    L4 = "L4"
    L40S = "L40S"
    T4 = "T4"
    V100 = "V100"

    def __str__(self) -> str:
        return str(self.value)
