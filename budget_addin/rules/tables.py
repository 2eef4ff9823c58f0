"""表格: the tables of a published disclosure checked as they stand (rules ``BG-001`` … ``BG-009``).

The rules take a :class:`Disclosure` (the document's :class:`~budget_addin.core.published.Table` objects and its
paragraphs) instead of a Book and live in their own catalogue (:data:`PUBLISHED_CATALOGUE`), with the same ledger:
passed, failed, not_applicable (nothing of that shape in the document), missing_data (the shape is there but
its figures are blank) — a rule with nothing to check is never 通过.

Figures are judged as the workbook rules judge rounded figures (XBRL Calculations 1.1, :mod:`budget_addin.core.calc`):
a figure printed with d decimals stands for ±½·10⁻ᵈ, so k rounded parts may differ from their rounded total by up to
k × half a unit. A whole number among two-decimal figures is read as exact; a sum that holds only when it is read as
rounded to ±0.5 is a warning that says so. Where every figure of a table is whole, each stands for ±0.5.
A blank cell is not 0: a sum with a blank part whose total exceeds the others is a warning naming the blank. A table
whose columns could not be resolved (``Table.problem``) is never judged. Only structures that are certain are summed:
code hierarchies (类 = Σ款, 款 = Σ项), numbering (一、 under a 合计, （一） under 一、), 其中 rows
(≤ the row above), known column breakdowns and column groups, 本年 − 上年 = 增减, 增减率, 完成率, the balances of a
收支总表, the same item in two tables of the same scope and the 三公 table's items (named, as rows or columns).

:func:`budget_addin.rules.published.check_published` runs them with the text-against-table rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budget_addin.core import calc
from budget_addin.core.findings import (
    PUBLISHED_CATALOGUE,
    Finding,
    MissingData,
    NotApplicable,
    Rule,
    rule,
)
from budget_addin.core.published import (
    WANYUAN_PER,
    Column,
    Figure,
    Row,
    Table,
    is_of_which,
    numbering,
    plain_label,
)
from budget_addin.narrative.paragraphs import Paragraph

SCOPE = "表格"


@dataclass
class Disclosure:
    """What the published-document rules read: the tables (those with a problem are never judged) and the text."""

    tables: list[Table]
    paragraphs: list[Paragraph] = field(default_factory=list)
    source: str = ""
    notes: dict[str, str] = field(default_factory=dict)  # rule id → how it judged (the ledger's reasons)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def usable(self) -> list[Table]:
        """The tables whose columns were resolved."""
        return [t for t in self.tables if t.problem is None]

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def published_rule(rule_id: str, severity: str, title: str, scope: str = SCOPE
                   ) -> Callable[[Callable[..., Iterable[Finding]]], Rule]:
    """Register a rule of a published disclosure: ``def check(doc: Disclosure, r: Rule) -> Iterable[Finding]``."""
    return rule(rule_id, scope, severity, title, catalogue=PUBLISHED_CATALOGUE)


# -- cells and their arithmetic -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A printed figure with where it stands."""

    table: Table
    row: Row
    column: Column
    figure: Figure

    @property
    def value(self) -> Decimal:
        assert self.figure.value is not None
        return self.figure.value

    @property
    def places(self) -> int:
        return self.figure.decimals

    @property
    def name(self) -> str:
        return self.table.cell_name(self.row, self.column)

    def in_wanyuan(self) -> tuple[Decimal, int]:
        """The figure in 万元 and its shown decimals in 万元 (元 → +4), exactly."""
        factor = WANYUAN_PER.get(self.table.unit_of(self.column), Decimal(1))
        return self.table.wanyuan(self.value, self.column), self.places - factor.adjusted()


def cell(table: Table, row: Row, column: Column) -> Cell | None:
    """The printed figure at a row and column, None when blank (or the column is absent)."""
    figure = row.figure(column.index)
    if figure is None or figure.value is None:
        return None
    return Cell(table, row, column, figure)


_PRECISION: dict[int, tuple[Table, int]] = {}  # id → (table, decimals): asked for every sum; emptied by each run


def precision(table: Table) -> int:
    """The decimals a table's amounts are printed with (the most any shows): a whole number among them is exact."""
    cached = _PRECISION.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    columns = amount_columns(table)
    places = max((f.decimals for r in table.rows for c in columns
                  if (f := r.figure(c.index)) is not None and f.value is not None), default=0)
    _PRECISION[id(table)] = (table, places)
    return places


# What is asked of a table's columns for every cell (roles, measures, the amount columns), worked out once per run:
# (what, table id, column) → (table, answer).
_REMEMBERED: dict[tuple[str, int, int], tuple[Table, Any]] = {}


def remembered(what: str, table: Table, column: int, compute: Callable[[], Any]) -> Any:
    key = (what, id(table), column)
    cached = _REMEMBERED.get(key)
    if cached is None or cached[0] is not table:
        cached = _REMEMBERED[key] = (table, compute())
    return cached[1]


def forget() -> None:
    """Empty what was remembered of tables (a run starts from the tables as they are now)."""
    _PRECISION.clear()
    _REMEMBERED.clear()


@dataclass(frozen=True)
class Verdict:
    """How a stated figure relates to the figures it should equal."""

    severity: str | None  # None: consistent; "warning": only under a loose reading; "error"
    computed: Decimal  # the exact sum of the parts as printed
    note: str = ""


def judge_sum(total: tuple[Decimal, int], parts: Sequence[tuple[Decimal, int]], precision: int) -> Verdict:
    """A printed total against printed parts (value, shown decimals), XBRL-style.

    Each figure stands for its rounding interval, a whole number among figures of ``precision`` decimals for the
    interval of that precision (it is usually exact); consistent when the intervals meet.
    """
    exact_sum = sum((v for v, _ in parts), calc.ZERO)

    def meets(places: Callable[[int], int]) -> bool:
        summed = calc.sum_interval(calc.shown(v, places(p)) for v, p in parts)
        return summed.meets(calc.shown(total[0], places(total[1])))

    if meets(lambda p: max(p, precision)):
        return Verdict(None, exact_sum)
    if meets(lambda p: p):
        return Verdict("warning", exact_sum, "仅当整数按四舍五入到个位理解时成立，请核对是否为精确数")
    return Verdict("error", exact_sum)


def n(value: Decimal, places: int) -> str:
    """A figure as the message shows it (half-up to its decimals, no grouping)."""
    return calc.fmt(value, max(places, 0))


def terms(parts: Sequence[Cell]) -> str:
    """``a + b − c`` of the parts as printed."""
    out = ""
    for i, p in enumerate(parts):
        if i == 0:
            out = n(p.value, p.places) if p.value >= 0 else f"−{n(-p.value, p.places)}"
        else:
            out += f" + {n(p.value, p.places)}" if p.value >= 0 else f" − {n(-p.value, p.places)}"
    return out


def row_name(row: Row) -> str:
    """A row as a message names it: ``207 文化旅游体育与传媒支出`` (code, then the label without numbering)."""
    label = plain_label(row.label) or row.label.strip()
    if not label and not row.code:
        return f"第{row.index}行"
    return f"{row.code} {label}".strip() if row.code and not label.startswith(row.code) else label


def place(table: Table, row: Row, column: Column) -> str:
    """A figure as a message names it: ``第6页 表4 207 文化旅游体育与传媒支出 · 合计``."""
    return f"{table.where} {row_name(row)} · {column.name}"


class Tally:
    """What a rule found to judge: raises NotApplicable (no such shape) or MissingData (only blanks) at the end."""

    def __init__(self) -> None:
        self.shapes = 0
        self.judged = 0

    def close(self, absent: str, blank: str) -> None:
        if self.judged:
            return
        if self.shapes:
            raise MissingData(blank)
        raise NotApplicable(absent)


def sum_finding(r: Rule, tally: Tally, total: Cell | None, parts: Sequence[Cell], blanks: Sequence[str], what: str,
                relation: str = "各项之和") -> Finding | None:
    """``total`` against the sum of ``parts`` (``blanks``: the names of parts printed blank).

    A blank part makes a total above the others a warning naming the blank; a total below them stays an error.
    """
    tally.shapes += 1
    if total is None or not parts:
        return None
    tally.judged += 1
    places = precision(total.table)
    verdict = judge_sum((total.value, total.places), [(p.value, p.places) for p in parts], places)
    if verdict.severity is None:
        return None
    shown = max([total.places, *(p.places for p in parts)])
    difference = total.value - verdict.computed
    message = f"{what} {n(total.value, total.places)} ≠ {relation} {n(verdict.computed, shown)}"
    message += (
        f"（{terms(parts)}，差 {n(abs(difference), shown)}）"
        if len(parts) > 1
        else f"（差 {n(abs(difference), shown)}）"
    )
    severity = verdict.severity
    if blanks and difference > 0 and severity == "error":
        severity = "warning"
        message += f"；{'、'.join(blanks)}为空（空白不是 0），差额可能在其中，请核对"
    elif blanks:
        message += f"（{'、'.join(blanks)}为空，未计入）"
    if verdict.note:
        message += f"；{verdict.note}"
    return r.finding([total.name, *(p.name for p in parts)], message, expected=verdict.computed, actual=total.value,
                     severity=severity)


# -- columns: amounts, roles, breakdowns ---------------------------------------------------------------------

_RATE_WORDS = ("率", "%", "％", "比重", "占比", "幅度")
_COUNT_WORDS = ("数量", "人数", "台数", "辆数", "面积")
TOTAL_WORDS = ("合计", "总计", "小计")
_NOT_PARTS = ("其中",)
_YEAR = re.compile(r"(\d{4})\s*年")
_PRIOR_YEAR = re.compile(r"上年(?!结转|结余)")  # 上年结转 is money carried over, not last year's figure


def is_rate_column(table: Table, column: Column) -> bool:
    return table.unit_of(column) == "%" or column.unit == "%" or any(w in column.name for w in _RATE_WORDS)


def amount_columns(table: Table) -> list[Column]:
    """The columns of amounts (not rates, shares or counts)."""
    return remembered("amount_columns", table, 0, lambda: [
        c for c in table.columns if not is_rate_column(table, c) and not any(w in c.name for w in _COUNT_WORDS)])


def is_rate_row(row: Row) -> bool:
    """A row of rates (增减率, 占比) in a table whose columns are items: its figures are not added up."""
    printed = [f for f in row.figures.values() if f.value is not None]
    return any(w in row.label for w in _RATE_WORDS) or (bool(printed) and all(f.text.strip().endswith(("%", "％"))
                                                                              for f in printed))


def column_role(table: Table, column: Column) -> str:
    """current | prior | change | rate | initial | adjusted | final | completion | "" (no year-on-year role)."""
    return remembered("role", table, column.index, lambda: _column_role(table, column))


def _column_role(table: Table, column: Column) -> str:
    years = [int(y) for c in table.columns for y in _YEAR.findall(c.name)]
    return _role_of(column.name, years, is_rate_column(table, column))


def _role_of(text: str, years: list[int], rate: bool) -> str:
    """The role a header names, given the years all headers of its kind name and whether it holds rates."""
    if "完成" in text or ("决算" in text and ("%" in text or "率" in text)):
        return "completion"
    if "年初预算" in text:
        return "initial"
    if "调整预算" in text:
        return "adjusted"
    if "决算" in text:
        return "final"
    change = any(w in text for w in ("增减", "增加额", "比上年", "较上年", "变动"))
    if "增减率" in text or "增长率" in text or "增幅" in text or (change and rate):
        return "rate"
    if change:
        return "change"
    own = [int(y) for y in _YEAR.findall(text)]
    if _PRIOR_YEAR.search(text) or (own and years and max(own) < max(years)):
        return "prior"
    if "本年" in text or (own and years and max(own) == max(years) and min(years) < max(years)):
        return "current"
    return ""


_ROLE_WORDS = re.compile(
    r"\d{4}\s*年度?|本年度?|上年度?(?!结转|结余)|年初|调整|比上年|较上年|增减额|增减率|增长率|增减|增幅|变动率|变动|"
    r"预算数|预算|决算数|决算|执行数|金额|完成率|完成|[（(]?[%％][）)]?|幅度|数$"
)


def column_key(column: Column) -> tuple[str, ...]:
    """A column's item without its year-on-year role: ``("2024年预算数", "合计")`` → ``("合计",)``."""
    parts = (_ROLE_WORDS.sub("", p).strip() for p in column.path)
    return tuple(p for p in parts if p)


# Columns printed beside the parts of a total that some tables count in it and others do not: 会议费 and 培训费 of a
# "三公"经费、会议费、培训费 table, 上年结转 beside income sources, 结转下年 beside 基本/项目支出.
_OPTIONAL_PARTS = ("会议费", "培训费")
_CARRY_OVER = ("上年结转", "结转下年", "年末结转")


def _optional(name: str) -> bool:
    return name in _OPTIONAL_PARTS or name.startswith(_CARRY_OVER)
_CAR_PARTS = ("公务用车购置费", "公务用车运行维护费", "购置费", "运行费", "运行维护费")


def column_parts(table: Table, total: Column) -> list[list[Column]] | None:
    """The part columns of a 合计/小计 column: its siblings under the same parent header (a sibling group counted by
    its own 小计, else its leaves), leaving out 其中 columns and rates. Alternatives: all of them, and without those a
    total may or may not hold (会议费, 培训费, 上年结转, 结转下年); None when the structure is not certain."""
    parent = total.path[:-1]
    depth = len(parent)
    role = column_role(table, total)
    children: dict[str, list[Column]] = {}
    for c in table.columns:
        if c is total or c.path[:depth] != parent or len(c.path) <= depth:
            continue
        if is_rate_column(table, c) or column_role(table, c) != role:
            continue
        children.setdefault(c.path[depth], []).append(c)
    parts: list[Column] = []
    for name, group in children.items():
        if any(w in name for w in _NOT_PARTS):
            continue
        if name in TOTAL_WORDS:
            return None  # two totals side by side
        own = [c for c in group if len(c.path) == depth + 1]
        if own:
            if len(group) > 1:
                return None
            parts.append(own[0])
            continue
        subtotal = [c for c in group if len(c.path) == depth + 2 and c.leaf in TOTAL_WORDS]
        if len(subtotal) == 1:
            parts.append(subtotal[0])
        elif not subtotal and all(len(c.path) == depth + 2 for c in group):
            parts.extend(group)
        else:
            return None
    names = {c.path[depth] for c in parts}
    if any("公务用车购置及运行费" in x for x in names):  # its two parts printed flat beside it are inside it
        parts = [c for c in parts if c.path[depth] not in _CAR_PARTS]
    if len(parts) < 2:
        return None
    alternatives = [parts]
    optional = [c for c in parts if _optional(c.path[depth])]
    if optional and len(parts) - len(optional) >= 2:
        alternatives.append([c for c in parts if c not in optional])
    return alternatives


# -- rows: totals, codes, numbering ---------------------------------------------------------------------------

_TOTAL_ROW = re.compile(r"^(?:本年)?(?:收入|支出|收支)?(?:预算)?(?:合计|总计|小计)$")


def is_total_row(row: Row) -> bool:
    return not row.code and bool(_TOTAL_ROW.match(plain_label(row.label)))


def has_figures(row: Row) -> bool:
    return any(f.value is not None for f in row.figures.values())


_NEXT_LEVEL = {3: 5, 5: 7}
_LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}


# -- BG-001 … BG-003: a row against the rows it sums -----------------------------------------------------------


def _row_sums(table: Table, r: Rule, tally: Tally, total: Row, parts: Sequence[Row], what: str,
              relation: str) -> Iterator[Finding]:
    """A total row against its part rows, column by column (amount columns; rows of rates left alone)."""
    if is_rate_row(total):
        return
    for column in amount_columns(table):
        present = [c for p in parts if (c := cell(table, p, column)) is not None]
        blanks = [row_name(p) for p in parts if cell(table, p, column) is None]
        if not present:
            tally.shapes += 1
            continue
        name = f"{table.where} {what} · {column.name}"
        found = sum_finding(r, tally, cell(table, total, column), present, blanks, name, relation)
        if found is not None:
            yield found


@published_rule("BG-001", "error", "表格中的合计行、类、款等于其下各类、款、项之和（科目编码层级）")
def code_hierarchy(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for table in doc.usable:
        coded = [row for row in table.rows if row.code.isdigit() and not is_of_which(row.label)]
        counts: dict[str, int] = {}
        for row in coded:
            counts[row.code] = counts.get(row.code, 0) + 1
        unique = [row for row in coded if counts[row.code] == 1]
        children_of: dict[str, list[Row]] = {}
        for row in unique:
            if len(row.code) in (5, 7):
                children_of.setdefault(row.code[:-2], []).append(row)
        for parent in unique:
            below = _NEXT_LEVEL.get(len(parent.code))
            children = children_of.get(parent.code, [])
            if below is None or not children:
                continue  # a 款 printed without its 项: a gap in the hierarchy, not an error
            yield from _row_sums(table, r, tally, parent, children, row_name(parent), f"各{_LEVEL_NAMES[below]}之和")
        totals = [row for row in table.rows if is_total_row(row)]
        classes = [row for row in unique if len(row.code) == 3]
        others = [row for row in table.rows if not row.code and not is_total_row(row) and not is_of_which(row.label)
                  and has_figures(row)]
        doubled_class = any(count > 1 and len(code) == 3 for code, count in counts.items())
        if len(totals) == 1 and classes and not others and not doubled_class:
            yield from _row_sums(table, r, tally, totals[0], classes, plain_label(totals[0].label), "各类之和")
    tally.close("没有带科目编码层级（类/款/项）的表格", "科目编码层级的数字均为空")


def _numbered_runs(rows: Sequence[Row], level: int) -> list[list[int]]:
    """Indices of runs of rows numbered at ``level`` (一、二、… or （一）（二）…) counting 1, 2, 3 without a gap;
    rows of deeper levels, 其中 rows and unnumbered rows without figures may sit between them."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, row in enumerate(rows):
        mark = numbering(row.label)
        if mark is not None and mark[0] == level and not is_of_which(row.label):
            if mark[1] == len(current) + 1:
                current.append(i)
                continue
            if current:
                runs.append(current)
            current = [i] if mark[1] == 1 else []
            continue
        deeper = mark is not None and mark[0] > level
        if deeper or is_of_which(row.label) or (mark is None and not has_figures(row) and not is_total_row(row)):
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _next_at(rows: Sequence[Row], start: int, level: int) -> int | None:
    """The first row from ``start`` on at ``level`` or above: numbered so, a total, or unnumbered with figures
    (rows of deeper levels, 其中 rows and blank unnumbered rows are passed over)."""
    for i in range(start, len(rows)):
        mark = numbering(rows[i].label)
        if is_of_which(rows[i].label) or (mark is not None and mark[0] > level):
            continue
        if mark is None and not has_figures(rows[i]) and not is_total_row(rows[i]):
            continue
        return i
    return None


@published_rule(
    "BG-002", "error", "按编号列示的各项之和等于其合计（一、二、…之和等于合计，（一）（二）…之和等于其上的一、）"
)
def numbered_parts(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for table in doc.usable:
        if any(row.code for row in table.rows):
            continue  # coded rows are summed by their codes (BG-001)
        rows = table.rows
        for run in _numbered_runs(rows, 1):
            if len(run) < 2:
                continue
            following = _next_at(rows, run[-1] + 1, 1)
            if following is not None and not is_total_row(rows[following]):
                continue  # the numbering skips a number, or an unnumbered row follows: the list is not certain
            total: Row | None = None
            if run[0] > 0 and is_total_row(rows[run[0] - 1]):
                total = rows[run[0] - 1]
            elif following is not None:
                beyond = _next_at(rows, following + 1, 1)
                if beyond is None or numbering(rows[beyond].label) is None:  # the numbering does not go on after it
                    total = rows[following]
            if total is not None:
                parts = [rows[i] for i in run]
                yield from _row_sums(table, r, tally, total, parts, plain_label(total.label), "各项之和")
        for level in (2, 3):
            for run in _numbered_runs(rows, level):
                parent_index = run[0] - 1
                if parent_index < 0 or len(run) < 2:
                    continue
                parent = rows[parent_index]
                mark = numbering(parent.label)
                end = run[-1] + 1
                if mark is None or mark[0] != level - 1:
                    continue
                following = _next_at(rows, end, level)
                if following is not None and (numbering(rows[following].label) or (0, 0))[0] == level:
                    continue  # the numbering skips a number: the list is not certain
                if (
                    following is not None
                    and numbering(rows[following].label) is None
                    and not is_total_row(rows[following])
                ):
                    continue  # rows of the same level follow unnumbered: the list is not certain
                parts = [rows[i] for i in run]
                yield from _row_sums(table, r, tally, parent, parts, row_name(parent), "所列各项之和")
    tally.close("没有按编号（一、二、…）列示并带合计的表格", "按编号列示的数字均为空")


@published_rule("BG-003", "error", "“其中”行不超过其上一行（“其中”是部分列举，不是另加）")
def of_which_rows(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for table in doc.usable:
        rows = table.rows
        i = 0
        while i < len(rows):
            if not is_of_which(rows[i].label) or i == 0:
                i += 1
                continue
            parent = rows[i - 1]
            j = i
            while j < len(rows) and is_of_which(rows[j].label):  # only rows that say 其中: the others are not certain
                j += 1
            parts = rows[i:j]
            i = j
            if is_of_which(parent.label) or is_rate_row(parent):
                continue
            for column in amount_columns(table):
                whole = cell(table, parent, column)
                present = [c for p in parts if (c := cell(table, p, column)) is not None]
                tally.shapes += 1
                if whole is None or not present:
                    continue
                tally.judged += 1
                summed = calc.sum_interval(calc.shown(p.value, max(p.places, precision(table))) for p in present)
                stated = calc.shown(whole.value, max(whole.places, precision(table)))
                if whole.value < 0 or any(p.value < 0 for p in present) or summed.lo <= stated.hi:
                    continue
                exact_sum = sum((p.value for p in present), calc.ZERO)
                shown = max([whole.places, *(p.places for p in present)])
                what = "“其中”所列" if len(present) > 1 else f"其中 {row_name(present[0].row)}"
                message = (f"{place(table, parent, column)} {n(whole.value, whole.places)}，{what} "
                           f"{terms(present) + ' = ' if len(present) > 1 else ''}{n(exact_sum, shown)} 超过它 "
                           f"{n(exact_sum - whole.value, shown)}（“其中”是部分，不应大于其上一行）")
                yield r.finding(
                    [whole.name, *(p.name for p in present)], message, expected=whole.value, actual=exact_sum
                )
    tally.close("没有“其中”行", "“其中”行或其上一行的数字均为空")


# -- BG-004 … BG-006: a column against other columns of the same row -------------------------------------------


@published_rule("BG-004", "error", "合计列等于其组成列之和（基本+项目、人员+公用、分组小计、三公各项）")
def column_sums(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for table in doc.usable:
        for total in table.columns:
            if total.leaf not in TOTAL_WORDS or is_rate_column(table, total):
                continue
            if total.index in three_public_owned(table):
                continue  # a 三公 table's 合计 and 小计 are judged by BG-009, through its header tree
            alternatives = column_parts(table, total)
            if alternatives is None:
                continue
            for row in table.rows:
                if is_rate_row(row):
                    continue
                stated = cell(table, row, total)
                judged: list[Finding | None] = []
                for parts in alternatives:
                    present = [c for p in parts if (c := cell(table, row, p)) is not None]
                    blanks = [p.name for p in parts if cell(table, row, p) is None]
                    if not present:
                        tally.shapes += 1
                        continue
                    what = place(table, row, total)
                    judged.append(sum_finding(r, tally, stated, present, blanks, what, "各列之和"))
                failed = [f for f in judged if f is not None]
                # no reading holds: the nearest, the one with fewer parts on a tie
                if judged and len(failed) == len(judged):
                    yield min(reversed(failed), key=lambda f: abs(f.expected - f.actual))
    tally.close("没有带合计列及其组成列的表格", "合计列或其组成列均为空")


# -- BG-009: the 三公 table's own sums ----------------------------------------------------------------------------

# The items of a 三公 table by their printed names (width and brackets as printed either way); a 小计 under
# 公务用车购置及运行费 is that item. 会议费 and 培训费 may stand beside them: a 合计 may or may not hold them.
_THREE_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("abroad", re.compile(r"^因公出国\(?境\)?费用?$")),
    ("car", re.compile(r"^公务用车购置及运行(?:维护|维修)?费用?$")),
    ("buy", re.compile(r"^(?:公务用车)?购置费用?$")),
    ("run", re.compile(r"^(?:公务用车)?运行(?:维护|维修)?费用?$")),
    ("reception", re.compile(r"^公务接待费用?$")),
    ("optional", re.compile(r"^(?:会议费|培训费)$")),
    ("total", re.compile(r"^(?:合计|总计|三公经费合计)$")),
)
_QUOTES = str.maketrans("", "", "\"'“”‘’「」")
_THREE_NAMES = {"abroad": "因公出国（境）费", "car": "公务用车购置及运行费", "buy": "公务用车购置费",
                "run": "公务用车运行费", "reception": "公务接待费"}


def three_public_item(text: str) -> str | None:
    """abroad | car | buy | run | reception | optional (会议费, 培训费) | total, or None: what a 三公 row or column
    header names."""
    value = unicodedata.normalize("NFKC", plain_label(text)).translate(_QUOTES)
    return next((item for item, pattern in _THREE_ITEMS if pattern.match(value)), None)


@dataclass(frozen=True)
class _ThreeFrame:
    """One set of a 三公 table's items: by rows (``column`` fixed) or by columns (``row`` fixed)."""

    cells: dict[str, tuple[Row, Column]]  # item → where it stands
    optional: tuple[tuple[Row, Column], ...] = ()
    whole: bool = True  # nothing else stands beside the items: the 合计 is certain to be theirs
    by_columns: bool = False


def _three_rows(table: Table) -> list[_ThreeFrame]:
    """Items as rows (合计 / 因公出国（境）费 / 公务用车购置及运行费 / 其中：购置费 / 运行费 / 公务接待费), one
    frame per amount column; none when an item is printed twice."""
    found: dict[str, Row] = {}
    optional: list[Row] = []
    whole = True
    for row in table.rows:
        item = three_public_item(row.label) if not row.code else None
        if item == "optional":
            optional.append(row)
        elif item is not None:
            if item in found:
                return []
            found[item] = row
        elif has_figures(row) and not is_rate_row(row):
            whole = False
    if len(found) < 2:
        return []
    return [_ThreeFrame({item: (row, column) for item, row in found.items()}, tuple((o, column) for o in optional),
                        whole) for column in amount_columns(table)]


def _three_columns(table: Table) -> list[_ThreeFrame]:
    """Items as columns under one header (a year's 预算数 over 合计 | 因公出国（境）费 | 公务用车购置及运行费 (小计 |
    购置费 | 运行费) | 公务接待费), one frame per row and header; none when an item is printed twice under one."""
    groups: dict[tuple[str, ...], dict[str, Column]] = {}
    optional: dict[tuple[str, ...], list[Column]] = {}
    others: set[tuple[str, ...]] = set()
    for column in amount_columns(table):
        items = [three_public_item(text) for text in column.path]
        at = next((i for i, item in enumerate(items) if item is not None), None)
        if at is None:
            continue
        frame = column.path[:at]
        rest = [text for text in column.path[at + 1:] if plain_label(text) and not is_of_which(text)
                and plain_label(text) != "其中"]
        item = items[at]
        if item == "car" and rest:
            inner = three_public_item(rest[-1])
            item = inner if inner in ("buy", "run") else "car" if rest[-1] in TOTAL_WORDS else None
        elif rest:
            item = None
        if item is None:
            others.add(frame)
        elif item == "optional":
            optional.setdefault(frame, []).append(column)
        elif item in groups.setdefault(frame, {}):
            return []
        else:
            groups[frame][item] = column
    frames = []
    for row in table.rows:
        if is_rate_row(row) or not has_figures(row):
            continue
        for frame, columns in groups.items():
            if len(columns) >= 2:
                frames.append(_ThreeFrame({item: (row, column) for item, column in columns.items()},
                                          tuple((row, c) for c in optional.get(frame, [])), frame not in others,
                                          by_columns=True))
    return frames


def three_public_frames(table: Table) -> list[_ThreeFrame]:
    """The item sets of a 三公 table (by rows, else by columns); empty for any other table."""
    if table.scope != "三公":
        return []
    return remembered("three_public", table, 0, lambda: _three_rows(table) or _three_columns(table))


def three_public_owned(table: Table) -> set[int]:
    """The columns of a 三公 table whose sums BG-009 judges (its 合计 and 公务用车 小计 when the items are columns):
    BG-004 leaves them alone."""
    return {column.index for frame in three_public_frames(table) if frame.by_columns
            for item, (_row, column) in frame.cells.items() if item in ("total", "car")}


@published_rule("BG-009", "error", "三公经费表：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费，"
                                   "公务用车购置及运行费 = 购置费 + 运行费（各项为行或为列）")
def three_public_sums(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for table in doc.usable:
        for frame in three_public_frames(table):
            yield from _three_frame(r, tally, table, frame)
    tally.close("没有“三公”经费表", "“三公”经费表的合计或各项均为空")


def _three_frame(r: Rule, tally: Tally, table: Table, frame: _ThreeFrame) -> Iterator[Finding]:
    at = frame.cells
    values = {item: c for item, where in at.items() if (c := cell(table, *where)) is not None}
    car_ok = True
    if "car" in at and "buy" in at and "run" in at:
        parts = [values[i] for i in ("buy", "run") if i in values]
        blanks = [_THREE_NAMES[i] for i in ("buy", "run") if i not in values]
        found = sum_finding(r, tally, values.get("car"), parts, blanks, place(table, *at["car"]), "购置费与运行费之和")
        if found is not None:
            car_ok = False
            yield found
    if "total" not in at or not frame.whole or "abroad" not in at or "reception" not in at:
        return
    readings: list[tuple[str, ...]] = []  # the items the 合计 is the sum of, read one way or another
    if "car" in at:
        readings.append(("abroad", "car", "reception"))
    if "buy" in at and "run" in at and ("car" not in at or not car_ok):
        readings.append(("abroad", "buy", "run", "reception"))  # a wrong 小计 alone is named above, not the 合计
    optional = [c for where in frame.optional if (c := cell(table, *where)) is not None]
    first: list[Finding] = []
    for items in readings:
        judged: list[Finding | None] = []
        for extra in [[], optional] if optional else [[]]:
            parts = [values[i] for i in items if i in values] + extra
            blanks = [_THREE_NAMES[i] for i in items if i not in values]
            relation = f"三公各项{'及会议费、培训费' if extra else ''}之和"
            judged.append(sum_finding(r, tally, values.get("total"), parts, blanks, place(table, *at["total"]),
                                      relation))
        if any(f is None for f in judged):
            return  # one reading holds (or there is nothing to judge)
        first = first or [f for f in judged if f is not None]
    if first:
        yield min(reversed(first), key=lambda f: abs(f.expected - f.actual))


def role_groups(table: Table) -> dict[tuple[str, ...], dict[str, Column]]:
    """Columns by item (:func:`column_key`) and year-on-year role; an item with two columns in one role is left out."""
    groups: dict[tuple[str, ...], dict[str, Column]] = {}
    doubled: set[tuple[tuple[str, ...], str]] = set()
    for column in table.columns:
        role = column_role(table, column)
        if not role:
            continue
        key = column_key(column)
        if role in groups.setdefault(key, {}):
            doubled.add((key, role))
        groups[key][role] = column
    for key, role in doubled:
        groups[key].pop(role, None)
    return groups


def _pct(value: Decimal) -> str:
    return calc.fmt(value, 2)


@dataclass(frozen=True)
class _YearOnYear:
    """One item's 本年, 上年, 增减额 and 增减率 as printed, and what the message calls them."""

    what: str  # the item: ``第10页 表8 2070101 行政运行`` or ``第8页 表6 公务接待费``
    now: Cell | None
    before: Cell | None
    change: Cell | None
    rate: Figure | None
    rate_name: str  # the rate's cell name
    names: dict[str, str]  # role → its header (a column's or a row's label)
    along: str  # 列 (roles are columns) or 行 (roles are rows)


@published_rule(
    "BG-005", "error", "本年数 − 上年数 = 增减额，增减率 = 增减额 ÷ 上年数（上年为 0 时无增减率，为“新增”）"
)
def year_on_year(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for table in doc.usable:
        for item in year_on_year_items(table):
            if item.names.get("change"):
                yield from _change(r, tally, table, item)
            if item.names.get("rate"):
                yield from _rate(r, tally, table, item)
    tally.close("没有同时列出本年数与上年数的表格", "本年数、上年数或增减列均为空")


def year_on_year_items(table: Table) -> Iterator[_YearOnYear]:
    """Every item with a 本年 and a 上年 figure: roles as columns (one item per row and column group), or as
    rows (``2021年预算数`` / ``2020年预算数`` / ``增减额`` / ``增减率`` rows under item columns, as many 三公 tables
    print)."""
    for roles in role_groups(table).values():
        current, prior = roles.get("current"), roles.get("prior")
        if current is None or prior is None:
            continue
        change, rate = roles.get("change"), roles.get("rate")
        names = {role: column.name for role, column in roles.items()}
        for row in table.rows:
            yield _YearOnYear(
                f"{table.where} {row_name(row)}", cell(table, row, current), cell(table, row, prior),
                cell(table, row, change) if change is not None else None,
                row.figure(rate.index) if rate is not None else None,
                table.cell_name(row, rate) if rate is not None else "", names, "列")
    by_role: dict[str, list[Row]] = {}
    for row in table.rows:
        role = row_role(table, row)
        if role:
            by_role.setdefault(role, []).append(row)
    rows = {role: found[0] for role, found in by_role.items() if len(found) == 1}
    current, prior = rows.get("current"), rows.get("prior")
    if current is None or prior is None or any(column_role(table, c) for c in table.columns):
        return
    change, rate = rows.get("change"), rows.get("rate")
    names = {role: plain_label(row.label) for role, row in rows.items()}
    for column in table.columns:
        if table.unit_of(column) == "%":
            continue
        yield _YearOnYear(
            f"{table.where} {column.name}", cell(table, current, column), cell(table, prior, column),
            cell(table, change, column) if change is not None else None,
            rate.figure(column.index) if rate is not None else None,
            table.cell_name(rate, column) if rate is not None else "", names, "行")


def row_role(table: Table, row: Row) -> str:
    """A row's year-on-year role in a table whose rows are 本年 / 上年 / 增减额 / 增减率 (its label read as a
    header)."""
    years = remembered("row_years", table, 0,
                       lambda: [int(y) for other in table.rows for y in _YEAR.findall(other.label)])
    return _role_of(plain_label(row.label), years, is_rate_row(row))


def _change(r: Rule, tally: Tally, table: Table, item: _YearOnYear) -> Iterator[Finding]:
    """A printed 增减额 against 本年 − 上年."""
    tally.shapes += 1
    now, before, stated = item.now, item.before, item.change
    if now is None or before is None or stated is None:
        return
    tally.judged += 1
    places = precision(table)
    computed = calc.shown(now.value, max(now.places, places)) - calc.shown(before.value, max(before.places, places))
    verdict = calc.judge(stated.value, max(stated.places, places), computed)
    if verdict.rounded_ok:
        return
    exact_change = now.value - before.value
    shown = max(now.places, before.places, stated.places)
    names = item.names
    yield r.finding(
        [stated.name, now.name, before.name],
        f"{item.what}：{names['current']} {n(now.value, now.places)} − {names['prior']} "
        f"{n(before.value, before.places)} = {n(exact_change, shown)}，"
        f"{names['change']} {item.along}为 {n(stated.value, stated.places)}，"
        f"差 {n(abs(exact_change - stated.value), shown)}",
        expected=exact_change,
        actual=stated.value,
        severity="warning" if verdict.truncated_ok else None,
    )


def _rate(r: Rule, tally: Tally, table: Table, item: _YearOnYear) -> Iterator[Finding]:
    """A printed 增减率 against (本年 − 上年) ÷ 上年 (or the printed 增减额 ÷ 上年 when 本年 is blank)."""
    tally.shapes += 1
    figure, now, before, change = item.rate, item.now, item.before, item.change
    if figure is None or before is None or (now is None and change is None):
        return
    tally.judged += 1
    if before.value == 0:
        if figure.value is not None:  # 新增 / — / blank over a zero base is right
            yield r.finding([item.rate_name, before.name],
                            f"{item.what}：上年数为 0，增减率无从计算（应写“新增”或留空），所列 {figure.text.strip()}",
                            expected="新增", actual=figure.value)
        return
    if figure.value is None:
        return
    places = precision(table)
    if now is not None:  # the figures themselves; a wrong 增减额 is reported on its own
        delta = calc.shown(now.value, max(now.places, places)) - calc.shown(before.value, max(before.places, places))
        exact_delta = now.value - before.value
    else:
        assert change is not None
        delta = calc.shown(change.value, max(change.places, places))
        exact_delta = change.value
    prior = calc.shown(before.value, max(before.places, places))
    if delta.lo < 0 < delta.hi:
        return  # a change that may be either sign: nothing certain to say
    ratio = calc.ratio_interval(delta, prior)
    if ratio is None:
        return
    verdict = calc.judge(figure.value, figure.decimals, ratio.scale(calc.HUNDRED))
    if verdict.rounded_ok:
        return
    exact_rate = exact_delta / before.value * calc.HUNDRED
    cells = [item.rate_name, *(c.name for c in (now or change,) if c is not None), before.name]
    yield r.finding(cells, f"{item.what}：增减率 {n(exact_delta, 2)}÷{n(before.value, before.places)}="
                           f"{_pct(exact_rate)}%，{item.names['rate']} {item.along}为 {figure.text.strip()}："
                           f"{verdict.mode_note}%",
                    expected=calc.round_half_up(exact_rate, 2), actual=figure.value,
                    severity="warning" if verdict.truncated_ok else None)


@published_rule("BG-006", "error", "决算表完成率 = 决算数 ÷ 年初预算数（或调整预算数，以表头为准）")
def completion_rates(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for table in doc.usable:
        roles = role_groups(table)
        for group in roles.values():
            rate_col, final = group.get("completion"), group.get("final")
            if rate_col is None or final is None:
                continue
            named = [role for role, word in (("initial", "年初"), ("adjusted", "调整")) if word in rate_col.name]
            bases = [group[role] for role in (named or ["adjusted", "initial"]) if role in group]
            if not bases:
                continue
            if len(bases) > 1:
                doc.notes[r.id] = (f"{table.where} 的“{rate_col.name}”未写明基数：按调整预算数核对，"
                                   "按年初预算数成立的也视为一致")
            for row in table.rows:
                tally.shapes += 1
                figure = row.figure(rate_col.index)
                spent = cell(table, row, final)
                wholes = [c for b in bases if (c := cell(table, row, b)) is not None and c.value > 0]
                if figure is None or figure.value is None or spent is None or not wholes:
                    continue
                tally.judged += 1
                places = precision(table)
                verdicts = []
                for whole in wholes:
                    ratio = calc.ratio_interval(calc.shown(spent.value, max(spent.places, places)),
                                                calc.shown(whole.value, max(whole.places, places)))
                    if ratio is not None:
                        verdicts.append((whole, calc.judge(figure.value, figure.decimals, ratio.scale(calc.HUNDRED))))
                if not verdicts or any(v.rounded_ok for _, v in verdicts):
                    continue
                whole, verdict = next(((w, v) for w, v in verdicts if v.truncated_ok), verdicts[0])
                exact_rate = spent.value / whole.value * calc.HUNDRED
                either = "（年初预算数、调整预算数均已试算）" if len(verdicts) > 1 else ""
                yield r.finding(
                    [table.cell_name(row, rate_col), spent.name, whole.name],
                    f"{table.where} {row_name(row)}：完成率 {n(spent.value, spent.places)}÷"
                    f"{n(whole.value, whole.places)}"
                    f"（{whole.column.name}）={_pct(exact_rate)}%，{rate_col.name} 列为 {figure.text.strip()}："
                    f"{verdict.mode_note}%{either}",
                    expected=calc.round_half_up(exact_rate, 2),
                    actual=figure.value,
                    severity="warning" if verdict.truncated_ok else None,
                )
    tally.close("没有列出完成率的决算表", "完成率或决算数、预算数均为空")


# -- BG-007: the balances of a 收支总表 ------------------------------------------------------------------------

_INCOME_TOTAL = re.compile(r"^收入总计$")
_SPENDING_TOTAL = re.compile(r"^支出总计$")
_INCOME_YEAR = re.compile(r"^本年收入合计$")
_SPENDING_YEAR = re.compile(r"^本年支出合计$")
_CARRIED_IN = re.compile(r"^(?:上年结转|上年结余|上年结转结余|上年结转和结余|用事业基金弥补收支差额|事业基金弥补)")
_CARRIED_OUT = re.compile(r"^(?:结转下年|年末结转|年末结转和结余|结转和结余)")


def _find(table: Table, pattern: re.Pattern[str]) -> Row | None:
    hits = [row for row in table.rows if pattern.match(plain_label(row.label))]
    return hits[0] if len(hits) == 1 else None


def _single_amount(table: Table) -> Column | None:
    """The column a 收支总表 half states this year's amounts in: its only amount column, or its only 本年 column."""
    columns = [c for c in amount_columns(table) if column_role(table, c) in ("", "current")]
    if len(columns) > 1:
        columns = [c for c in columns if column_role(table, c) == "current"]
    return columns[0] if len(columns) == 1 else None


def _halves(doc: Disclosure) -> list[list[Table]]:
    """The tables of each 收支总表: the halves of a side-by-side table (same title and place), or one table."""
    groups: dict[tuple[str, str, int | None], list[Table]] = {}
    for table in doc.usable:
        groups.setdefault((table.title, table.sheet, table.page if not table.part else None), []).append(table)
    return list(groups.values())


@published_rule("BG-007", "error", "收支总表：收入总计 = 支出总计，本年收入合计 + 上年结转 = 收入总计")
def balances(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    for halves in _halves(doc):
        incomes = [(t, row) for t in halves if (row := _find(t, _INCOME_TOTAL)) is not None]
        spendings = [(t, row) for t in halves if (row := _find(t, _SPENDING_TOTAL)) is not None]
        if len(incomes) == 1:
            t, row = incomes[0]
            column = _single_amount(t)
            income = cell(t, row, column) if column is not None else None
            spent = [c for s, srow in spendings if (other := _single_amount(s)) is not None
                     and (c := cell(s, srow, other)) is not None]
            if spendings:
                tally.shapes += 1
            if income is not None and spent:
                tally.judged += 1
                for value in dict.fromkeys(c.value for c in spent):
                    same = [c for c in spent if c.value == value]
                    verdict = judge_sum((income.value, income.places), [(value, same[0].places)], precision(t))
                    if verdict.severity is None:
                        continue
                    shown = max(income.places, same[0].places)
                    yield r.finding([income.name, *(c.name for c in same)],
                                    f"{t.where} 收入总计 {n(income.value, income.places)} ≠ 支出总计 {n(value, shown)}"
                                    f"（差 {n(abs(income.value - value), shown)}）；收支总表两方应平衡{verdict.note}",
                                    expected=value, actual=income.value, severity=verdict.severity)
        for t in halves:
            for whole, year, extra in ((_INCOME_TOTAL, _INCOME_YEAR, _CARRIED_IN),
                                       (_SPENDING_TOTAL, _SPENDING_YEAR, _CARRIED_OUT)):
                total_row, year_row = _find(t, whole), _find(t, year)
                column = _single_amount(t)
                if total_row is None or year_row is None or column is None:
                    continue
                low, high = sorted((t.rows.index(total_row), t.rows.index(year_row)))
                between = t.rows[low + 1: high]
                if not all(extra.match(plain_label(b.label)) or not has_figures(b) for b in between):
                    continue  # rows of another kind between them: not certain what the total holds
                parts = [year_row, *(b for b in between if has_figures(b))]
                present = [c for p in parts if (c := cell(t, p, column)) is not None]
                relation = "、".join(plain_label(p.label) for p in parts) + ("之和" if len(parts) > 1 else "")
                found = sum_finding(r, tally, cell(t, total_row, column), present, [], place(t, total_row, column),
                                    relation)
                if found is not None:
                    yield found
    tally.close("没有收支总表（收入总计、支出总计）", "收支总表的总计数字为空")


# -- BG-008: the same item in two tables of the same scope ----------------------------------------------------

_SAME_AS_TOTAL = ("合计", "金额", "预算数", "本年预算数", "本年预算", "预算金额", "小计", "总计")
_HALF_NAMES = ("收入", "支出", "支出用途", "项目", "项目名称")  # the header over one half of a 收支总表
_TITLE_SUBJECT = (("基本支出", "基本支出"), ("项目支出", "项目支出"))


def measure(table: Table, column: Column) -> str | None:
    """What a current-year amount column states of a row: 合计 (the row's whole amount), 基本支出 … or None."""
    return remembered("measure", table, column.index, lambda: _measure(table, column))


def _measure(table: Table, column: Column) -> str | None:
    if column_role(table, column) not in ("", "current") or is_rate_column(table, column):
        return None
    key = tuple(k for k in column_key(column) if k not in _HALF_NAMES)
    name = key[-1] if key else "合计"
    if name in _SAME_AS_TOTAL:
        subject = next((s for word, s in _TITLE_SUBJECT if word in table.title), None)
        return subject or "合计"
    return "·".join(key)


def items(table: Table) -> dict[tuple[str, str], Cell]:
    """The figures of a table by (item, measure): coded rows by code, labelled rows by their plain label, the columns
    of a one-row table (三公) by their item; an item printed twice in one table is left out."""
    found: dict[tuple[str, str], Cell] = {}
    doubled: set[tuple[str, str]] = set()
    rows = [row for row in table.rows if has_figures(row) and not is_rate_row(row)]
    labelled = [row for row in rows if row.code or plain_label(row.label)]
    if len(rows) == 1 and not labelled:  # one unlabelled row: its columns are the items
        row = rows[0]
        optional = any(c.leaf in _OPTIONAL_PARTS or c.path[0] in _OPTIONAL_PARTS for c in table.columns)
        for column in amount_columns(table):
            if column_role(table, column) not in ("", "current"):
                continue
            key = column_key(column)
            name = key[-2] if len(key) > 1 and key[-1] in TOTAL_WORDS else (key[-1] if key else "")
            if not name or (name in TOTAL_WORDS and optional):
                continue  # a 合计 that may hold 会议费 and 培训费 is not the 三公 total
            c = cell(table, row, column)
            if c is not None:
                _put(found, doubled, (name, "合计"), c)
        return {key: c for key, c in found.items() if key not in doubled}
    for row in labelled:
        label = plain_label(row.label)
        if not row.code and (label in TOTAL_WORDS or _TOTAL_ROW.match(label) or is_of_which(row.label)):
            continue  # what a 合计 holds depends on its table
        for column in amount_columns(table):
            what = measure(table, column)
            c = cell(table, row, column)
            if what is not None and c is not None:
                _put(found, doubled, (row.code or label, what), c)
                if len(row.code) == 3 and row.code.startswith("2") and label:  # a 功能分类 类 is also known by its name
                    _put(found, doubled, (label, what), c)
    return {key: c for key, c in found.items() if key not in doubled}


def _put(found: dict[tuple[str, str], Cell], doubled: set[tuple[str, str]], key: tuple[str, str], c: Cell) -> None:
    if key in found:
        doubled.add(key)
    found[key] = c


# Income sources that are the same money whatever the scope of the table that prints them (部门收支总表 and
# 财政拨款收支总表 both print the 一般公共预算拨款).
_SCOPE_FREE = re.compile(r"^(?:一般公共预算|政府性基金预算|国有资本经营预算)拨款(?:收入)?$")


@published_rule(
    "BG-008", "error", "同一口径的两张表中同一项目的数字一致（口径不同不比较；各口径的财政拨款收入来源相同）"
)
def same_item(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    by_scope: dict[str, list[Table]] = {}
    for table in doc.usable:
        if table.scope and table.scope != "其他":
            by_scope.setdefault(table.scope, []).append(table)
    for scope, tables in by_scope.items():
        if len(tables) > 1:
            yield from _compare(r, tally, tables, f"{scope}口径", lambda key: True)
    sources = [t for tables in by_scope.values() for t in tables]
    yield from _compare(r, tally, sources, "财政拨款收入来源（各口径相同）",
                        lambda key: bool(_SCOPE_FREE.match(key[0])), across=True)
    several = any(len(tables) > 1 for tables in by_scope.values())
    tally.close(
        "同一口径的表格中没有共同的项目" if several else "没有两张同一口径的表格", "同一口径表格中共同项目的数字为空"
    )


def _compare(r: Rule, tally: Tally, tables: Sequence[Table], what: str, keep: Callable[[tuple[str, str]], bool],
             across: bool = False) -> Iterator[Finding]:
    """Each item of ``tables`` (``keep``) against its first printing; ``across``: only tables of different scopes."""
    first: dict[tuple[str, str], Cell] = {}
    compared: set[tuple[int, int]] = set()  # a 类 met by its code and by its name is compared once
    for table in tables:
        for key, c in items(table).items():
            if not keep(key):
                continue
            key = (_SCOPE_FREE.sub(lambda m: m.group(0).removesuffix("收入"), key[0]), key[1]) if across else key
            seen = first.get(key)
            if seen is None:
                first[key] = c
                continue
            if seen.table is table or (id(seen), id(c)) in compared or (across and seen.table.scope == table.scope):
                continue
            compared.add((id(seen), id(c)))
            tally.shapes += 1
            tally.judged += 1
            a, b = seen.in_wanyuan(), c.in_wanyuan()
            verdict = judge_sum(a, [b], min(precision(seen.table) - _shift(seen), precision(table) - _shift(c)))
            if verdict.severity is None:
                continue
            shown = max(_needed(a[0]), _needed(b[0]), min(a[1], b[1], 2))
            units = "（万元）" if seen.table.unit != "万元" or table.unit != "万元" else ""
            message = (f"{what}：{seen.table.where} {row_name(seen.row)} · {seen.column.name} {n(a[0], shown)} ≠ "
                       f"{table.where} {row_name(c.row)} · {c.column.name} {n(b[0], shown)}{units}，"
                       f"差 {n(abs(a[0] - b[0]), shown)}")
            if verdict.note:
                message += f"；{verdict.note}"
            yield r.finding([seen.name, c.name], message, expected=a[0], actual=b[0], severity=verdict.severity)


def _needed(value: Decimal) -> int:
    """The decimals a converted figure needs to be shown without loss (3124600 元 → 312.46 万元: 2)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _shift(c: Cell) -> int:
    """Decimals added by converting a table's unit to 万元 (元 → 4)."""
    return WANYUAN_PER.get(c.table.unit_of(c.column), Decimal(1)).adjusted()
