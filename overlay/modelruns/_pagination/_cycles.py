"""Cycle detection for token walks, in bounded memory whatever the cycle's length.

A server that leads a walk back to a token it already gave would loop it forever. The last
``_TOKEN_MEMORY`` tokens are remembered (as hashes) and caught at once; Brent's cycle detection
(one remembered token, whose distance doubles) catches any longer cycle within about twice its
length.
"""

from __future__ import annotations

import hashlib
from collections import deque
from typing import Any

# How many past tokens are remembered to spot a server that cycles back to one.
_TOKEN_MEMORY = 4096


class _TokenMemory:
    """The tokens a walk has been given: recent ones, and Brent's anchor for longer cycles."""

    def __init__(self) -> None:
        # Read when the walk starts, so a test can shrink it.
        self.seen: deque[bytes] = deque(maxlen=_TOKEN_MEMORY)
        self.seen_set: set[bytes] = set()
        # Brent's cycle detection: the token `power` steps back is compared with each new one.
        self.anchor: bytes | None = None
        self.power = 1
        self.steps = 0

    @staticmethod
    def _digest(token: Any) -> bytes:
        # Tokens can be long (opaque cursors): remember 16 bytes of each, not the token.
        return hashlib.blake2b(repr(token).encode(), digest_size=16).digest()

    def seen_before(self, token: Any) -> bool:
        """Whether ``token`` was given before in this walk (recently, or closing a cycle)."""
        digest = self._digest(token)
        return digest in self.seen_set or digest == self.anchor

    def remember(self, token: Any) -> None:
        """Note ``token`` as given."""
        digest = self._digest(token)
        if len(self.seen) == self.seen.maxlen:
            self.seen_set.discard(self.seen[0])
        self.seen.append(digest)
        self.seen_set.add(digest)
        self.steps += 1
        if self.anchor is None or self.steps == self.power:
            self.anchor, self.power, self.steps = digest, self.power * 2, 0
