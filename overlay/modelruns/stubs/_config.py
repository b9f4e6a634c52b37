"""How a stub misbehaves on purpose: injected faults and contract deviations."""

from __future__ import annotations

import dataclasses
import enum

__all__ = ["Deviation", "Faults", "RunLife"]


class Deviation(enum.StrEnum):
    """A deliberate break of the spec's contract, applied to every 2xx response it fits."""

    MISSING_REQUIRED_FIELD = "missing-required-field"
    WRONG_FIELD_TYPE = "wrong-field-type"
    UNDOCUMENTED_STATUS = "undocumented-status"
    WRONG_CONTENT_TYPE = "wrong-content-type"
    ENUM_OUT_OF_SPEC = "enum-out-of-spec"
    ENDLESS_PAGINATION = "endless-pagination"


#: `Faults.parse` keys -> field names.
_FAULT_KEYS = {
    "429": "throttle",
    "503": "unavailable",
    "drop": "drop",
    "truncate": "truncate",
    "latency": "latency_ms",
    "retry-after": "retry_after",
}


@dataclasses.dataclass(frozen=True)
class Faults:
    """Faults injected into a stub's responses; fractions are of all requests, in [0, 1].

    Which requests get a fault is drawn from the stub's random generator, so a given
    ``seed`` and request order always fault the same requests.
    """

    throttle: float = 0.0
    """Fraction answered 429 with ``Retry-After``."""
    unavailable: float = 0.0
    """Fraction answered 503."""
    drop: float = 0.0
    """Fraction whose connection is closed after the status line, before the body."""
    truncate: float = 0.0
    """Fraction whose JSON body is cut in half."""
    latency_ms: int = 0
    """Delay added before every response."""
    retry_after: int = 1
    """The ``Retry-After`` seconds sent with injected and rate-limit 429s."""

    def __post_init__(self) -> None:
        rates = (self.throttle, self.unavailable, self.drop, self.truncate)
        if any(not 0.0 <= rate <= 1.0 for rate in rates) or sum(rates) > 1.0:
            raise ValueError(f"fault rates must be in [0, 1] and sum to at most 1: {self}")
        if self.latency_ms < 0 or self.retry_after < 0:
            raise ValueError(f"latency_ms and retry_after must not be negative: {self}")

    @property
    def any(self) -> bool:
        """Whether any fault or latency is configured."""
        return bool(self.throttle or self.unavailable or self.drop or self.truncate)

    @classmethod
    def parse(cls, text: str) -> Faults:
        """Read ``429=0.1,503=0.05,drop=0.01,truncate=0.01,latency=20,retry-after=2``."""
        values: dict[str, float | int] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, raw = part.partition("=")
            field = _FAULT_KEYS.get(key.strip())
            if not sep or field is None:
                known = ", ".join(_FAULT_KEYS)
                raise ValueError(f"bad fault {part!r}: expected KEY=VALUE with KEY one of {known}")
            try:
                number = float(raw)
            except ValueError:
                raise ValueError(f"bad fault {part!r}: {raw!r} is not a number") from None
            values[field] = int(number) if field in {"latency_ms", "retry_after"} else number
        return cls(**values)  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class RunLife:
    """How a run started on a stub (a Data Platform trigger, a Foundry launch) progresses.

    ``run_seconds=None`` (the default) keeps one step per poll: each time the run is read (a
    Data Platform ``getModelRun``, a Foundry list that shows it) it moves one status on
    (PENDING, RUNNING, then the final one). ``run_seconds=S`` makes it follow the wall clock
    (the stub's ``clock``) instead: it passes through its active states (the Data Platform's
    PENDING for the first fifth, then RUNNING; Foundry's RUNNING) and is final S seconds after
    it started. ``fail_rate`` is the share of started runs that end failed rather than
    succeeded, drawn from the stub's ``seed`` in the order runs are started.
    """

    run_seconds: float | None = None
    fail_rate: float = 0.0

    def __post_init__(self) -> None:
        seconds = self.run_seconds
        if seconds is not None and not (0 < seconds < float("inf")):
            raise ValueError(f"run_seconds must be a positive number of seconds, got {seconds}")
        if not 0.0 <= self.fail_rate <= 1.0:
            raise ValueError(f"fail_rate must be in [0, 1], got {self.fail_rate}")
