"""Clause and sentence marks of a text, found once and asked by position.

The readers ask, for each figure, "how many clause marks stand before it" and "where does its clause start".
Scanning the text up to the figure for every figure is quadratic in the paragraph; :class:`Marks` scans it
once and answers by bisection — exactly as ``pattern.finditer(text, 0, position)`` would, including a mark
whose lookahead (``,(?!\\d{3})``: not the comma of 1,234) is cut short at ``position``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

# How far past a mark its pattern may look ahead (``,(?!\d{3})`` looks at three characters).
_LOOKAHEAD = 3
_FINDERS: dict[str, re.Pattern[str]] = {}


class Marks:
    """The matches of ``pattern`` in ``text`` as seen from any end position.

    ``chars``: every character a match of ``pattern`` can be, whatever its lookahead sees (each match is one
    character long).
    """

    def __init__(self, pattern: re.Pattern[str], text: str, chars: str) -> None:
        self.pattern = pattern
        self.text = text
        self.starts = [m.start() for m in pattern.finditer(text)]
        finder = _FINDERS.get(chars)
        if finder is None:
            finder = _FINDERS.setdefault(chars, re.compile("[" + re.escape(chars) + "]"))
        self._maybe = [m.start() for m in finder.finditer(text)]  # where a match may stand once the text is cut

    def _near(self, position: int) -> tuple[int, list[int]]:
        """Where the last few characters before ``position`` start, and the matches among them with the text cut
        at ``position`` (only there can the cut change what matches)."""
        lo = max(0, position - _LOOKAHEAD)
        first, last = bisect_left(self._maybe, lo), bisect_left(self._maybe, position)
        return lo, [q for q in self._maybe[first:last] if self.pattern.match(self.text, q, position)]

    def count(self, position: int) -> int:
        """``len(pattern.findall(text, 0, position))``."""
        if position <= 0:
            return 0
        lo, near = self._near(position)
        return bisect_left(self.starts, lo) + len(near)

    def count_and_last_end(self, position: int) -> tuple[int, int | None]:
        """``(count(position), last_end(position))``, the characters near the position looked at once."""
        if position <= 0:
            return 0, None
        lo, near = self._near(position)
        index = bisect_left(self.starts, lo)
        if near:
            return index + len(near), near[-1] + 1
        return index, (self.starts[index - 1] + 1 if index else None)

    def last_end(self, position: int) -> int | None:
        """The end of the last match of ``pattern.finditer(text, 0, position)`` (None when there is none)."""
        if position <= 0:
            return None
        lo, near = self._near(position)
        if near:
            return near[-1] + 1
        index = bisect_left(self.starts, lo)
        return self.starts[index - 1] + 1 if index else None


def finditer_from(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where ``starts`` (a character class) matches.

    For a pattern none of whose matches is empty and each of which begins with a character of ``starts``
    (lookbehinds are zero-width and see the text before the position, as finditer's do): the leftmost match at
    or after a position then starts at the first such character where the pattern matches. On a long document
    this skips the positions where a pattern of many alternatives would be tried in vain.
    """
    position = 0
    for start in starts.finditer(text):
        at = start.start()
        if at < position:
            continue  # inside the previous match
        match = pattern.match(text, at)
        if match is not None:
            yield match
            position = match.end()
