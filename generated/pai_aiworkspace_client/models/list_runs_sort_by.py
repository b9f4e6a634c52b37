from enum import StrEnum


class ListRunsSortBy(StrEnum):
    GMTCREATETIME = "GmtCreateTime"
    NAME = "Name"

    def __str__(self) -> str:
        return str(self.value)
