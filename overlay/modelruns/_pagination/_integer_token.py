"""``integer-token``: a token walk whose integer token's ``end`` value (0) means "no more"."""

from __future__ import annotations

from typing import Any

from modelruns._pagination._token import _TokenWalk


class _IntegerTokenWalk(_TokenWalk):
    """``integer-token``: a token walk whose integer token's ``end`` value means "no more"."""

    def _token_or_none(self, token: Any) -> Any:
        return None if token == self.style.end else token
