"""The shapes of the transcribed facts."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OperationFact:
    """One documented operation: where it lives, what it takes, what it answers."""

    operation_id: str
    method: str
    path: str
    parameters: dict[str, str] = field(default_factory=dict)
    statuses: list[int] = field(default_factory=list)
    response_fields: dict[int, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ExampleFact:
    """A JSON example from the documentation and the spec schema it must validate against."""

    schema: str
    example: dict[str, Any]
    #: False for examples written for the tests where the documentation shows none; only
    #: examples from the documentation must also be embedded in the spec.
    from_documentation: bool = True
