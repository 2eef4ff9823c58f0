"""Performance indicators (绩效指标) as typed records, and their parsed targets.

Every indicator of a workbook is read into an :class:`Indicator`: the 26 分项绩效目标
(each 绩效指标 in the text of its ``sub_goals.indicators`` cell), the 专项资金 table and
the 预算项目 tables (one row of ``project_indicators`` each). :func:`parse_target`
reads a target as written (``≥90%``, ``$\\geq 90\\%$``, ``不少于4次``, ``2.64万元``,
``满意`` …) into comparison, number and unit, or marks it qualitative. It never
guesses: text it cannot read keeps a ``parse_error`` that the rules report.

The audit (rules ``JX-…`` in :mod:`budget_addin.rules.performance`), the
``indicators`` command (:func:`render`) and the 绩效指标审查 sheet (:func:`review_rows`)
all read the records from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budget_addin.core.model import Book

SUB_GOAL = "分项"
SPECIAL_FUND = "专项资金"
BUDGET_PROJECT = "预算项目"
SOURCES = (SUB_GOAL, SPECIAL_FUND, BUDGET_PROJECT)

# -- the target grammar (data) -----------------------------------------------------------------

# Comparison words and symbols as written → symbol. LaTeX commands are matched before the
# shorter ones they start with (the alternation is sorted longest first).
COMPARISON_WORDS: dict[str, str] = {
    "≥": "≥", "≧": "≥", ">=": "≥", "⩾": "≥", "\\geqslant": "≥", "\\geq": "≥", "\\ge": "≥",
    "不少于": "≥", "不低于": "≥", "不小于": "≥", "大于等于": "≥", "大于或等于": "≥", "至少": "≥",
    "达到": "≥",
    "≤": "≤", "≦": "≤", "<=": "≤", "⩽": "≤", "\\leqslant": "≤", "\\leq": "≤", "\\le": "≤",
    "不超过": "≤", "不高于": "≤", "不大于": "≤", "小于等于": "≤", "小于或等于": "≤", "至多": "≤",
    "控制在": "≤",
    ">": ">", "\\gt": ">", "大于": ">", "高于": ">", "超过": ">", "多于": ">",
    "<": "<", "\\lt": "<", "小于": "<", "低于": "<", "少于": "<",
    "=": "=", "等于": "=",
}
# Words written after the figure: 以上 includes the figure (Chinese usage), 以下/以内 too.
SUFFIX_WORDS: dict[str, str] = {"及以上": "≥", "以上": "≥", "及以下": "≤", "以下": "≤", "以内": "≤"}
# Prefix words that only say "reach"; a suffix (以上/以下) decides their direction.
NEUTRAL_WORDS = frozenset({"达到", "控制在"})

UNITS: tuple[str, ...] = (
    "%", "‰", "亿元", "万元", "千元", "元", "万人次", "人次", "万人", "人", "户", "个月", "个", "次", "件", "类",
    "台", "辆", "套", "平方米", "平米", "㎡", "m²", "公里", "千米", "米", "吨", "项", "场", "期", "批", "家",
    "村", "所", "工作日", "天", "日", "月", "年", "小时", "分钟", "篇", "份", "册", "本", "张", "处", "座",
    "条", "名", "位", "起", "分", "课时", "学时", "人·次",
)
UNIT_ALIASES = {"平米": "平方米", "㎡": "平方米", "m²": "平方米", "人·次": "人次"}
# Units a quantity counts in (a figure inside a phrase needs one: "每年举办4次…").
COUNT_UNITS: tuple[str, ...] = (
    "人次", "万人", "人", "户", "个月", "个", "次", "件", "类", "台", "辆", "套", "项", "场", "期", "批", "家",
    "村", "所", "篇", "份", "册", "本", "张", "处", "座", "条", "名", "位", "起", "课时", "学时",
)
AMOUNT_UNITS: dict[str, int] = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}  # power of ten to 万元

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％＞＜＝＋　", "0123456789.,%><=+ ")
_CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万"


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT = rf"(?:{_alternation(UNITS)})(?:/(?:{_alternation(UNITS)}))*"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TARGET = re.compile(
    rf"^(?P<pre>{_alternation(list(COMPARISON_WORDS))})?(?P<num>{_NUMBER})(?P<unit>{_UNIT})?"
    rf"(?P<suf>{_alternation(list(SUFFIX_WORDS))})?$"
)
_CHINESE_COUNT = re.compile(
    rf"^(?:{_alternation(list(COMPARISON_WORDS))})?[{_CHINESE_DIGITS}]+(?:{_UNIT})(?:{_alternation(list(SUFFIX_WORDS))})?$"
)
_EMBEDDED = re.compile(
    rf"(?P<pre>{_alternation([w for w in COMPARISON_WORDS if not w.isascii()])})?"
    rf"\s*(?P<num>{_NUMBER})\s*(?P<unit>{_alternation(COUNT_UNITS)})"
)
_SEPARATORS = re.compile(r"[；;]")


@dataclass(frozen=True)
class Target:
    """A target value (指标值) as written and as read.

    ``comparison`` is one of ``≥ ≤ = > <`` (``=`` when a bare figure is written);
    ``comparison_words`` keeps what the text says (``不少于``, ``\\geq``, ``达到…以上``),
    ``None`` when the comparison is implicit. ``number`` is the figure as written
    (``90`` for ``90%``). A target is either quantified, qualitative (prose),
    missing (empty), or unreadable (``parse_error`` says why, in Chinese).
    """

    written: str
    comparison: str | None = None
    comparison_words: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    qualitative: bool = False
    parse_error: str | None = None

    @property
    def missing(self) -> bool:
        """No target value at all."""
        return not self.written.strip()

    @property
    def quantified(self) -> bool:
        """A figure was read (with its comparison)."""
        return self.number is not None and self.parse_error is None

    @property
    def kind(self) -> str:
        """定量 / 定性 / 缺失 / 无法识别."""
        if self.missing:
            return "缺失"
        if self.parse_error:
            return "无法识别"
        return "定性" if self.qualitative else "定量"

    @property
    def summary(self) -> str:
        """The parsed target in one short Chinese text (``≥ 90 %``, ``定性``, ``缺少指标值``)."""
        if self.missing:
            return "缺少指标值"
        if self.parse_error:
            return f"无法识别：{self.parse_error}"
        if self.qualitative:
            return "定性"
        return " ".join(p for p in (self.comparison, number_text(self.number), self.unit) if p)


def number_text(value: Decimal | None) -> str:
    """A figure as written, without exponent noise (``Decimal('1E+2')`` → ``100``)."""
    if value is None:
        return ""
    return f"{value:f}"


def _clean(text: str) -> str:
    """Full-width to half-width, LaTeX math markers and spaces removed, ``\\%`` → ``%``."""
    cleaned = text.translate(_FULLWIDTH).replace("$", "").replace("\\%", "%")
    return re.sub(r"\s+", "", cleaned)


def parse_target(text: str | None) -> Target:
    """Read a target as written; pure and total for any text (the number pattern admits only valid figures).

    ``≥90%``, ``\\geq 90%``, ``$\\geq 90\\%$``, ``不少于4次``, ``≥1次``, ``≤10万元``, ``3 个``,
    ``2.64万元``, ``达到90%以上`` are quantified; prose without figures (``满意``) is
    qualitative; empty text is missing; anything else keeps a ``parse_error``.
    """
    return _parse_written("" if text is None else str(text).strip())


@lru_cache(maxsize=4096)  # targets repeat (100%, ≥90% …) within a workbook and across a batch; Target is frozen
def _parse_written(written: str) -> Target:
    if not written:
        return Target(written="")
    cleaned = _clean(written)
    match = _TARGET.match(cleaned)
    if match is None:
        if _CHINESE_COUNT.match(cleaned):
            return Target(written, parse_error="指标值用汉字数字书写，请改为阿拉伯数字")
        if not re.search(r"\d", cleaned):
            return Target(written, qualitative=True)
        return Target(written, parse_error="含有数字但不是“比较符 + 数值 + 单位”的形式")
    pre, suf = match["pre"], match["suf"]
    comparison = _comparison(pre, suf)
    if comparison is None:
        return Target(written, parse_error=f"比较方向矛盾：“{pre}”与“{suf}”")
    words = "…".join(w for w in (pre, suf) if w) or None
    unit = match["unit"]
    return Target(
        written=written,
        comparison=comparison,
        comparison_words=words,
        number=Decimal(match["num"].replace(",", "")),
        unit=UNIT_ALIASES.get(unit, unit) if unit else None,
    )


def _comparison(pre: str | None, suf: str | None) -> str | None:
    """The comparison of a prefix word and a suffix word; ``None`` when they contradict."""
    before = COMPARISON_WORDS.get(pre) if pre else None
    after = SUFFIX_WORDS.get(suf) if suf else None
    if before is None or after is None:
        return before or after or "="
    if pre in NEUTRAL_WORDS or before == after:
        return after
    if {before, after} in ({">", "≥"}, {"<", "≤"}):
        return before
    return None


# -- indicators ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """One performance indicator with its target and the cell holding that target.

    ``source`` is 分项 / 专项资金 / 预算项目; ``table_no`` the 分项 or table number;
    ``table`` and ``row`` the dataset record; ``part`` the 1-based position of the
    indicator in a 分项's 绩效指标 text (0 for a table row). For 分项 indicators the
    levels are empty and ``name`` is taken from the text.
    """

    source: str
    table_no: int
    table_name: str
    level1: str
    level2: str
    level3: str
    name: str
    description: str
    target: Target
    cell: str
    table: str
    row: int
    part: int = 0

    @property
    def key(self) -> str:
        """A stable id: ``分项18-1``, ``预算项目5-row42``."""
        return (
            f"{self.source}{self.table_no}-{self.part}" if self.part else f"{self.source}{self.table_no}-row{self.row}"
        )

    @property
    def table_key(self) -> tuple[str, int]:
        return (self.source, self.table_no)

    @property
    def category(self) -> str:
        """产出 / 效益 / 满意度 from the 一级指标 (效益 also when written 效果指标); empty if unknown."""
        return category_of(self.level1)


def category_of(level1: str) -> str:
    """The 一级指标 category: 产出, 效益 (效益指标 or 效果指标), 满意度, or ``""``."""
    if "产出" in level1:
        return "产出"
    if "效益" in level1 or "效果" in level1:
        return "效益"
    if "满意" in level1:
        return "满意度"
    return ""


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def split_indicators(text: str) -> list[tuple[str, str, Target]]:
    """Split a 分项 绩效指标 text at ``；``/``;`` into (segment, name, target).

    The target is the longest readable tail (``党报党刊征订率 $\\geq 90\\%$`` →
    ``$\\geq 90\\%$``); else one count inside the phrase (``每年举办4次…`` → ``=4次``, the
    whole phrase is the name); a phrase without any figure has no target.
    """
    result: list[tuple[str, str, Target]] = []
    for segment in (s.strip() for s in _SEPARATORS.split(text or "")):
        if segment:
            result.append((segment, *_split_segment(segment)))
    return result


# Characters a readable target can start with (before _clean): a digit, a comparison word, or what
# _clean drops or maps (spaces, $, \\, full-width signs). Other starts cannot parse; skipping them is exact.
_TARGET_STARTS = frozenset({w[0] for w in COMPARISON_WORDS} | set("＞＜＝$\\"))
# The same test as one character class, so the scan for starts runs in C: \d is str.isdecimal and \s is
# str.isspace for str patterns (both use the same Unicode tables in CPython).
_TARGET_START = re.compile("[" + "".join(re.escape(c) for c in sorted(_TARGET_STARTS)) + r"\d\s]")


def _split_segment(segment: str) -> tuple[str, Target]:
    for found in _TARGET_START.finditer(segment, 1):
        start = found.start()
        target = parse_target(segment[start:])
        if target.quantified:
            name = segment[:start].strip().rstrip("：:，,")
            if name:
                return name, target
    cleaned = segment.translate(_FULLWIDTH)
    found = list(_EMBEDDED.finditer(cleaned))
    if len(found) == 1:
        match = found[0]
        pre = match["pre"]
        target = Target(
            written=segment[match.start():match.end()].strip(),
            comparison=COMPARISON_WORDS[pre] if pre else "=",
            comparison_words=pre,
            number=Decimal(match["num"].replace(",", "")),
            unit=match["unit"],
        )
        return segment, target
    if re.search(r"\d", cleaned):
        return segment, Target(segment, parse_error="指标中有多个或无单位的数字，无法确定指标值")
    return segment, Target(written="")


def indicators(book: Book) -> list[Indicator]:
    """Every indicator of the book: 分项 first, then the 专项资金 and 预算项目 tables in order (parsed once per
    book)."""
    return list(book.memo("indicators", lambda: _indicators(book)))


def _indicators(book: Book) -> list[Indicator]:
    # Whole columns (made once per book), not a Book.text call per cell: 173 indicators of seven cells each.
    found: list[Indicator] = []
    goals = book.rows("sub_goals")
    if goals:
        texts, numbers = book.texts("sub_goals", "indicators"), book.column("sub_goals", "no")
        goal_names, cells = book.texts("sub_goals", "name"), book.refs("sub_goals", goals, "indicators")
        for row in goals:
            number, name, cell = _int(numbers[row]), goal_names[row], cells[row]
            for part, (segment, label, target) in enumerate(split_indicators(texts[row]), start=1):
                found.append(Indicator(SUB_GOAL, number, name, "", "", "", label, segment, target, cell,
                                       "sub_goals", row, part))
    names = project_names(book)
    table = "project_indicators"
    rows = book.rows(table)
    if rows:
        groups, numbers = book.texts(table, "group"), book.column(table, "no")
        levels1, levels2, levels3 = (
            book.texts(table, "level1"),
            book.texts(table, "level2"),
            book.texts(table, "level3"),
        )
        descriptions, targets = book.texts(table, "description"), book.texts(table, "target")
        cells = book.refs(table, rows, "target")
        for row in rows:
            group, number, level3 = groups[row], _int(numbers[row]), levels3[row]
            found.append(Indicator(
                source=group,
                table_no=number,
                table_name=names.get((group, number), ""),
                level1=levels1[row],
                level2=levels2[row],
                level3=level3,
                name=level3,
                description=descriptions[row],
                target=parse_target(targets[row]),
                cell=cells[row],
                table=table,
                row=row,
            ))
    return found


def project_names(book: Book) -> dict[tuple[str, int], str]:
    """(group, table number) → project name, from ``project_goals``."""
    table = "project_goals"
    groups, numbers, names = book.texts(table, "group"), book.column(table, "no"), book.texts(table, "name")
    return {(groups[row], _int(numbers[row])): names[row] for row in book.rows(table)}


def tables(found: list[Indicator]) -> dict[tuple[str, int], list[Indicator]]:
    """Indicators grouped by (source, table number), in reading order."""
    grouped: dict[tuple[str, int], list[Indicator]] = {}
    for item in found:
        grouped.setdefault(item.table_key, []).append(item)
    return grouped


