"""The results of a conformance run: a `Report` per provider, an `OperationResult` per operation."""

from __future__ import annotations

import dataclasses

__all__ = ["CheckFailure", "ConformanceUsageError", "OperationResult", "Report", "UnreachableError"]


class UnreachableError(Exception):
    """The server cannot be reached or answers nothing an API would (exit code 2)."""


class ConformanceUsageError(ValueError):
    """The arguments cannot start a run: unknown provider, missing credential (exit code 2)."""


@dataclasses.dataclass(frozen=True)
class CheckFailure:
    """The first failure of one check on one operation, with a way to reproduce it."""

    check: str
    """The check that failed, e.g. ``response_schema_conformance``."""
    title: str
    """One line saying what went wrong."""
    message: str
    """The details (secrets masked)."""
    curl: str
    """A curl command that sends the failing request again (secrets masked)."""
    status_code: int | None = None
    """The status of the failing response, when there was one."""


@dataclasses.dataclass
class OperationResult:
    """What the checks found for one operation."""

    label: str
    """``METHOD /path`` as in the spec."""
    operation_id: str | None = None
    """The spec's operationId."""
    requests: int = 0
    """Requests sent for this operation."""
    checks_passed: int = 0
    """Check evaluations that passed."""
    checks_failed: int = 0
    """Check evaluations that failed."""
    failures: list[CheckFailure] = dataclasses.field(default_factory=list)
    """The first failure of each distinct (check, title), in the order they happened."""
    errors: list[str] = dataclasses.field(default_factory=list)
    """Errors that stopped testing this operation (secrets masked)."""

    @property
    def ok(self) -> bool:
        """Whether every check passed and nothing errored."""
        return self.checks_failed == 0 and not self.failures and not self.errors

    @property
    def failed_checks(self) -> list[str]:
        """The names of the checks that failed, sorted."""
        return sorted({failure.check for failure in self.failures})


@dataclasses.dataclass
class Report:
    """The outcome of checking one provider's server against its spec."""

    provider: str
    """The provider's short name."""
    base_url: str
    """The base URL that was checked (``embedded stub`` for an in-process stub)."""
    operations: list[OperationResult] = dataclasses.field(default_factory=list)
    """One result per operation of the spec, in spec order."""
    errors: list[str] = dataclasses.field(default_factory=list)
    """Errors not tied to one operation (secrets masked)."""
    seed: int = 0
    """The generation seed: the same seed sends the same requests."""
    max_examples: int = 0
    """The example budget per operation and phase."""
    elapsed_seconds: float = 0.0
    """Wall time of the run."""

    @property
    def passed(self) -> bool:
        """Whether every check on every operation passed."""
        return not self.errors and all(operation.ok for operation in self.operations)

    @property
    def failed_checks(self) -> list[str]:
        """The names of every check that failed on any operation, sorted."""
        return sorted({name for op in self.operations for name in op.failed_checks})

    @property
    def requests(self) -> int:
        """Requests sent in total."""
        return sum(operation.requests for operation in self.operations)
