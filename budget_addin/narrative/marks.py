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
from re import _constants as sre  # the standard library's own parse of a pattern (sre_parse before 3.11)
from re import _parser

# How far past a mark its pattern may look ahead (``,(?!\d{3})`` looks at three characters).
_LOOKAHEAD = 3
_FINDERS: dict[re.Pattern[str], re.Pattern[str]] = {}


class Marks:
    """The matches of ``pattern`` in ``text`` as seen from any end position (each match of ``pattern`` is one
    character long; :func:`first_characters` reads from the pattern every character it can be, whatever its
    lookahead sees).
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.starts = [m.start() for m in pattern.finditer(text)]
        finder = _FINDERS.get(pattern)
        if finder is None:
            finder = _FINDERS.setdefault(pattern, first_characters(pattern))
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


_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
               sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def _first(items: _parser.SubPattern | list[tuple[object, object]], out: set[str]) -> bool:
    """Add to ``out`` the class items a match of the sequence ``items`` can begin with; True when the whole
    sequence can match the empty string (the next item may then begin the match)."""
    for op, av in items:
        if op is sre.LITERAL:
            out.add(re.escape(chr(av)))
            return False
        if op is sre.IN:
            for item, value in av:
                if item is sre.LITERAL:
                    out.add(re.escape(chr(value)))
                elif item is sre.RANGE:
                    out.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif item is sre.CATEGORY and value in _CATEGORIES:
                    out.add(_CATEGORIES[value])
                else:  # a negated class: any character but a few
                    raise ValueError(f"first_characters: {item} in a character class")
            return False
        if op is sre.SUBPATTERN:
            group, add_flags, _del_flags, sub = av
            if add_flags & re.IGNORECASE:
                raise ValueError("first_characters: (?i) in a group")
            if not _first(sub, out):
                return False
        elif op is sre.BRANCH:
            empty = [_first(alternative, out) for alternative in av[1]]
            if not any(empty):
                return False
        elif op in _REPEATS:
            low, _high, sub = av
            if not _first(sub, out) and low > 0:
                return False
        elif op in _ZERO_WIDTH:
            continue  # ^, \b, a lookahead or lookbehind: the first character of the match comes after it
        else:  # ., [^…], a back-reference …: any character may begin the match
            raise ValueError(f"first_characters: {op}")
    return True


def first_characters(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A character class matching every character a match of ``pattern`` can begin with, read from the pattern
    itself (the ``starts`` of :func:`finditer_from`; for a pattern of one-character matches, its ``chars`` for
    :class:`Marks`), so no hand-kept list has to follow the pattern when it changes.

    Lookarounds are ignored (the class may hold a character they would refuse: more positions are tried, never
    fewer). A pattern that can match the empty string, starts with ``.``, a negated class or a back-reference,
    or ignores case raises ValueError: no useful class exists for it.
    """
    if pattern.flags & re.IGNORECASE:
        raise ValueError("first_characters: a pattern that ignores case")
    out: set[str] = set()
    if _first(_parser.parse(pattern.pattern, pattern.flags), out):
        raise ValueError("first_characters: the pattern can match the empty string")
    return re.compile("[" + "".join(sorted(out)) + "]", pattern.flags & re.ASCII)
