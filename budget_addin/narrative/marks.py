"""Clause and sentence marks of a text, found once and asked by position.

The readers ask, for each figure, "how many clause marks stand before it" and "where does its clause start".
Scanning the text up to the figure for every figure is quadratic in the paragraph; :class:`Marks` scans it
once and answers by bisection — exactly as ``pattern.finditer(text, 0, position)`` would, including a mark
whose lookahead (``,(?!\\d{3})``: not the comma of 1,234) is cut short at ``position``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# How far past a mark its pattern may look ahead (``,(?!\d{3})`` looks at three characters).
_LOOKAHEAD = 3


class Marks:
    """The single-character matches of ``pattern`` in ``text``, as seen from any end position."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.starts = [m.start() for m in pattern.finditer(text)]  # every match is one character long

    def _near(self, position: int) -> list[int]:
        """Matches in the last few characters before ``position``, judged with the text cut there."""
        lo = max(0, position - _LOOKAHEAD)
        return [q for q in range(lo, position) if self.pattern.match(self.text, q, position)]

    def count(self, position: int) -> int:
        """``len(pattern.findall(text, 0, position))``."""
        if position <= 0:
            return 0
        return bisect_left(self.starts, max(0, position - _LOOKAHEAD)) + len(self._near(position))

    def last_end(self, position: int) -> int | None:
        """The end of the last match of ``pattern.finditer(text, 0, position)`` (None when there is none)."""
        if position <= 0:
            return None
        near = self._near(position)
        if near:
            return near[-1] + 1
        index = bisect_left(self.starts, max(0, position - _LOOKAHEAD))
        return self.starts[index - 1] + 1 if index else None
