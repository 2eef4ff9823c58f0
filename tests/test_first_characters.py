"""marks.first_characters: the pre-filter of a pattern read from the pattern itself (issue 25).

The readers try their patterns only where a match can begin (marks.finditer_from) and look for clause marks only
at the characters a mark can be (marks.Marks); those classes were once kept by hand beside each pattern.
"""

from __future__ import annotations

import random
import re

import pytest

from budget_addin.narrative import claims, figures, text_check
from budget_addin.narrative.marks import first_characters


def _class(pattern: str, flags: int = 0) -> set[str]:
    """The characters (among the first 0x3100 code points and the CJK block) the class read from ``pattern`` holds."""
    starts = first_characters(re.compile(pattern, flags))
    return {chr(i) for i in [*range(0x3100), *range(0x4E00, 0xA000), *range(0xFF00, 0xFFF0)] if starts.match(chr(i))}


@pytest.mark.parametrize(("pattern", "expected"), [
    ("abc", "a"),
    ("a|b|cd", "abc"),
    ("(?:x?y)+", "xy"),
    ("x*?y", "xy"),
    ("(?P<g>[-+])?7", "-+7"),
    ("[a-c]z", "abc"),
    (r"\^|\]|\\", "^]\\"),
    (r"(?<![0-9])(?=Q)Q|^R|\bS", "QRS"),  # lookarounds and anchors are zero-width: the next item begins the match
    (r"(?:)T", "T"),
    ("占(?:比)?|增加", "占增"),
])
def test_the_class_is_every_first_character(pattern: str, expected: str) -> None:
    assert _class(pattern) == set(expected)


def test_categories_and_verbose_patterns() -> None:
    assert _class(r"\d") == {c for c in map(chr, [*range(0x3100), *range(0x4E00, 0xA000), *range(0xFF00, 0xFFF0)])
                             if c.isdecimal()}
    assert _class(r"\d", re.ASCII) == set("0123456789")
    assert _class("""  # a comment
        x    # another
        | y""", re.X) == {"x", "y"}


@pytest.mark.parametrize("pattern", ["a?", "(?:a|)", r"\b", "x*", ".a", "[^a]b", r"(a|)\1b", "(?i:a)"])
def test_a_pattern_without_a_useful_class_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        first_characters(re.compile(pattern))


def test_a_pattern_that_ignores_case_is_refused() -> None:
    with pytest.raises(ValueError):
        first_characters(re.compile("a", re.IGNORECASE))


# Each pattern the readers pre-filter, and the class they once kept by hand: reading it gives the same characters.
_READERS = [
    (claims._CLAUSE_END, first_characters(claims._CLAUSE_END), "[，；;。：:！？!?,]"),
    (claims._SENTENCE_END, first_characters(claims._SENTENCE_END), "[。！？!?]"),
    (figures._EQUAL, figures._EQUAL_START, "[与较比同持无没保]"),
    (figures._NIL, figures._NIL_START, "无"),
    (figures._CN_COUNT, figures._CN_START, "[两二三四五六七八九十]"),
    (figures._CLEAN, figures._CLEAN_START, '[\\\\$*“"\xa0 ]'),
    (figures._NOISE, figures._NOISE_HINT, r"[\d截本我当全主原（]"),
    (figures._CLAUSE_END, first_characters(figures._CLAUSE_END), "[，；;：:,]"),
    (text_check._TEMPLATE, text_check._TEMPLATE_START, "[增减下上部（(XＸ×]"),
]


@pytest.mark.parametrize(("pattern", "starts", "by_hand"), _READERS, ids=lambda p: getattr(p, "pattern", p)[:20])
def test_every_match_of_a_reader_pattern_starts_in_its_class(pattern: re.Pattern[str], starts: re.Pattern[str],
                                                              by_hand: str) -> None:
    """Random texts of the pattern's own characters: every match begins with a character of the class; and the
    class holds exactly the characters of the one once kept by hand."""
    plane = [chr(i) for i in [*range(0x3100), *range(0x4E00, 0xA000), *range(0xFF00, 0xFFF0)]]
    assert {ch for ch in plane if starts.match(ch)} == {ch for ch in plane if re.match(by_hand, ch)}
    alphabet = sorted(set(re.sub(r"\\[a-zA-Z]|[\\()?:*+|{}\[\]^$<!=P]", "", pattern.pattern)) | set(" 1,2.3%"))
    alphabet += re.findall(r"[\u4e00-\u9fff]{2,}", pattern.pattern)  # its words whole, so that it matches often
    rng = random.Random(25)
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        for match in pattern.finditer(text):
            found += 1
            assert starts.match(text, match.start()), (text, match.group())
    assert found > 50
