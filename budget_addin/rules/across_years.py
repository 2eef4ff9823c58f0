"""Across years (跨年): a department's disclosures of consecutive years checked against each other.

Every disclosure states last year's figures (上年预算数, or a change from which the prior follows:
current − change), and last year's own disclosure published them. :func:`compare` takes the
figures each one states (:class:`Disclosure`: what it says of its own year and of the year before)
and reports each prior-year figure of the later year that differs from the earlier year's figure
of the same item and scope. Where the later one compares with 上年执行数 or 调整预算 rather than
the budget published a year before, a difference is a note, not an error.

A figure is compared only where both sides are certain: the item's key is the same (the template's
row, a vocabulary item, a classification code), the scopes agree (a text's scope is its item's), and
each side states one value for it; anything else is left uncompared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from budget_addin.core import calc
from budget_addin.core.findings import CellSpot, Finding, Spot, TextSpot
from budget_addin.core.model import Book, year_on_year
from budget_addin.core.published import Column, Row, Table
from budget_addin.core.schema import TABLES
from budget_addin.narrative.identity import Identity, normal_name, same_department

T = TypeVar("T")
SCOPE = "跨年"
PRIOR_MATCH = "KN-001"
RULES: dict[str, tuple[str, str]] = {PRIOR_MATCH: ("error", "后一年公开的上年数与前一年公开的本年数一致")}
BUDGET_COMPARATOR = "上年预算数"
_IE = "income_expenditure"  # its row keys are the narrative vocabulary's item keys


@dataclass(frozen=True)
class Stated:
    """One figure a disclosure states: what it is (key, scope), its value in 万元 as shown, and where."""

    key: str
    scope: str
    value: Decimal
    decimals: int
    where: str
    label: str
    derived: str = ""  # how a prior was derived (``1250.4 − 150.4``), "" when stated
    spot: Spot | None = None

    @property
    def interval(self) -> calc.Interval:
        return calc.shown(self.value, self.decimals)


@dataclass
class Disclosure:
    """What one disclosure states of its own year (current) and of the year before (prior)."""

    name: str
    identity: Identity | None
    comparator: str = BUDGET_COMPARATOR
    current: list[Stated] = field(default_factory=list)
    prior: list[Stated] = field(default_factory=list)


def derivation(current: Decimal, change: Decimal) -> str:
    """How a prior follows from a current figure and its change: ``312.45 − 14.35`` / ``9 + 1.5``."""
    return f"{calc.fmt_amount(current)} {'−' if change >= 0 else '+'} {calc.fmt_amount(abs(change))}"


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# -- what a workbook states ----------------------------------------------------------------------

def book_disclosure(book: Book, name: str) -> Disclosure:
    """A workbook's 本年预算数 and 上年数 (stated, or current − change) of every row that has both columns."""
    identity = book_identity(book)
    found = Disclosure(name, identity, book.comparator)
    for spec in TABLES:
        keys = {c.key for c in spec.columns}
        if not {"amount", "prior"} <= keys or not spec.rows:
            continue
        for row in spec.rows:
            key = f"item:{row.key}" if spec.key == _IE else f"wb:{spec.key}:{row.key}"
            label = f"{spec.title} {row.label}"
            current = book.number(spec.key, row.key, "amount")
            if current is not None:
                found.current.append(Stated(key, "", current, _decimals(current),
                                            f"{name} › {book.ref(spec.key, row.key, 'amount')}", label))
            prior = book.number(spec.key, row.key, "prior")
            where, derived = book.ref(spec.key, row.key, "prior"), ""
            if prior is None and "change" in keys:
                yoy = year_on_year(book, spec.key, row.key)
                if not yoy.change_stated or yoy.current is None or yoy.change is None:
                    continue  # a prior made of its parts' priors is compared through the parts
                prior, where = yoy.current - yoy.change, book.ref(spec.key, row.key, "change")
                derived = derivation(yoy.current, yoy.change)
            if prior is not None:
                found.prior.append(Stated(key, "", prior, max(_decimals(prior), 2), f"{name} › {where}", label,
                                          derived))
    return found


def book_identity(book: Book) -> Identity | None:
    """The department and year 部门基本信息 names (预算, or 决算 when the title says so)."""
    name = book.text("department", "name", "value").strip()
    year = book.text("department", "year", "value").strip().removesuffix("年").removesuffix("年度")
    if not name or not year.isdigit():
        return None
    kind = "决算" if "决算" in book.text("department", "title", "value") else "预算"
    return Identity(normal_name(name), int(year), kind, code=book.text("department", "code", "value").strip())


# -- what a text states --------------------------------------------------------------------------

def text_disclosure(paragraphs: Sequence[object], name: str) -> Disclosure:
    """A published text's figures bound to a vocabulary item: amounts (current), priors stated, and priors
    derived from a current figure and its change stated in one sentence."""
    from budget_addin.narrative.figures import read_figures
    from budget_addin.narrative.identity import identify

    reading = read_figures(paragraphs)  # type: ignore[arg-type]
    texts = [p.text for p in reading.paragraphs]
    comparator = _text_comparator(texts)
    found = Disclosure(name, identify(texts), comparator)
    by_sentence: dict[int, list] = {}
    for f in reading.figures:
        by_sentence.setdefault(f.sentence, []).append(f)
    for f in reading.figures:
        key = _text_key(f)
        if key is None or f.unit != "万元" or f.aside and f.role != "prior":
            continue
        where = f"{name} {reading.paragraphs[f.para].where}"
        spot = TextSpot(f.para, *_written(reading, f))
        if f.role == "amount":
            found.current.append(Stated(key, "", f.value, f.decimals, where, f.label, spot=spot))
        elif f.role == "prior":
            found.prior.append(Stated(key, "", f.value, f.decimals, where, f.label, spot=spot))
        elif f.role == "change":
            currents = [c for c in by_sentence[f.sentence] if c.role == "amount" and _text_key(c) == key
                        and c.start < f.start]
            if len(currents) == 1:
                current = currents[0]
                found.prior.append(Stated(key, "", current.value - f.value, max(current.decimals, f.decimals),
                                          where, f.label, derivation(current.value, f.value), spot))
    return found


def _text_key(f: object) -> str | None:
    """A text figure's key: its vocabulary item, else its label as a table row names an item (行政运行（项）→ the
    key of the 行政运行 row's total), so a text's figure meets the other year's table or text."""
    from budget_addin.core.published import plain_label

    if f.item:  # type: ignore[attr-defined]
        return f"item:{f.item}"  # type: ignore[attr-defined]
    label = plain_label(f.label)  # type: ignore[attr-defined]
    return f"table:{label}" if len(label) >= 2 else None


def _written(reading: object, f: object) -> tuple[int, int]:
    origin = reading.origins[f.para]  # type: ignore[attr-defined]
    return origin[f.start], origin[f.end - 1] + 1  # type: ignore[attr-defined]


def _text_comparator(texts: Iterable[str]) -> str:
    joined = "".join(texts)
    if "上年执行数" in joined or "上年预算执行数" in joined or "比上年执行" in joined:
        return "上年执行数"
    if "调整预算" in joined and "年初预算" not in joined:
        return "调整预算数"
    return BUDGET_COMPARATOR


# -- what published tables state -----------------------------------------------------------------

_GENERIC = frozenset({"合计", "小计", "金额", "总计"})


def tables_disclosure(tables: Sequence[Table], paragraphs: Sequence[object], name: str) -> Disclosure:
    """A published document's figures: each table's amounts of its own year and of the year before (a 上年 column,
    or 本年 − 增减), keyed by scope, row (code, else label) and column; and its text's, as :func:`text_disclosure`."""
    from budget_addin.rules.tables import amount_columns, cell, column_role, year_on_year_items

    found = text_disclosure(paragraphs, name) if paragraphs else Disclosure(name, None)
    if found.identity is None:
        from budget_addin.narrative.identity import identify

        found.identity = identify(t.title for t in tables)
    for number, table in enumerate(tables):
        if table.problem is not None:
            continue
        roles = {c.index: column_role(table, c) for c in table.columns}
        for column in amount_columns(table):
            if roles[column.index] not in ("", "current"):
                continue
            for row in table.rows:
                printed = cell(table, row, column)
                if printed is None:
                    continue
                value, places = printed.in_wanyuan()
                for key in _cell_keys(table, row, column):
                    found.current.append(Stated(key, table.scope, value, places, f"{name} {printed.name}",
                                                printed.name, spot=CellSpot(number, row.index, column.index)))
        for item in year_on_year_items(table):
            if item.along != "列" or item.now is None:
                continue
            if item.before is not None:
                value, places = item.before.in_wanyuan()
                spot, where, derived = item.before, item.before.name, ""
            elif item.change is not None:
                now, now_places = item.now.in_wanyuan()
                change, change_places = item.change.in_wanyuan()
                value, places, spot, where = now - change, max(now_places, change_places), item.change, item.change.name
                derived = derivation(now, change)
            else:
                continue
            for key in _cell_keys(table, item.now.row, item.now.column):
                found.prior.append(Stated(key, table.scope, value, places, f"{name} {where}", where, derived,
                                          CellSpot(number, spot.row.index, spot.column.index)))
    return found


def _cell_keys(table: Table, row: Row, column: Column) -> list[str]:
    """A table figure's keys: its row by code and by label without numbering (none in a one-row table), each with
    its column's item without the year."""
    from budget_addin.core.published import plain_label
    from budget_addin.rules.tables import column_key

    item = tuple(p for p in column_key(column) if p not in _GENERIC)
    suffix = "·" + "·".join(item) if item else ""
    names = [what for what in dict.fromkeys((row.code, plain_label(row.label))) if what]
    if not names and len(table.rows) == 1:
        names = [""]
    return [f"table:{what}{suffix}" for what in names]


# -- pairing and comparing -----------------------------------------------------------------------

def pairs(disclosures: Sequence[Disclosure]) -> list[tuple[Disclosure, Disclosure]]:
    """(earlier, later) for every two disclosures of one department, same kind, consecutive years."""
    return consecutive([(d, d.identity) for d in disclosures])


def consecutive(items: Sequence[tuple[T, Identity | None]]) -> list[tuple[T, T]]:
    """(earlier, later) of the items (anything with its identity) of one department, same kind, consecutive years."""
    found = []
    for later, b in items:
        for earlier, a in items:
            if a is None or b is None or a.kind != b.kind or b.year - a.year != 1:
                continue
            if same_department(a, b):
                found.append((earlier, later))
    return found


def compare(earlier: Disclosure, later: Disclosure) -> list[Finding]:
    """Each prior-year figure of ``later`` that differs from ``earlier``'s figure of the same item and scope."""
    findings = []
    by_key: dict[str, list[Stated]] = {}
    for stated in earlier.current:
        by_key.setdefault(stated.key, []).append(stated)
    seen: set[tuple[str, Decimal]] = set()  # a figure met under two keys (code and label) is reported once
    for prior in later.prior:
        candidates = [c for c in by_key.get(prior.key, ()) if not c.scope or not prior.scope or c.scope == prior.scope]
        if not candidates or not _one_value(candidates) or (prior.where, prior.value) in seen:
            continue
        published = candidates[0]
        if prior.interval.meets(published.interval):
            continue
        seen.add((prior.where, prior.value))
        findings.append(_finding(earlier, later, prior, published))
    return findings


def _one_value(stated: Sequence[Stated]) -> bool:
    """Every statement of the item gives the same figure (as shown): which one the prior is of is certain."""
    first = stated[0].interval
    return all(s.interval.meets(first) for s in stated[1:])


def _finding(earlier: Disclosure, later: Disclosure, prior: Stated, published: Stated) -> Finding:
    year = later.identity.year - 1 if later.identity else None
    how = f"（{prior.derived}）" if prior.derived else ""
    difference = prior.value - published.value
    message = (f"{prior.label}：{later.name} 所列上年数 {calc.fmt_amount(prior.value)} 万元{how}，"
               f"{earlier.name} 公开的{year or '上年'}年数为 {calc.fmt_amount(published.value)} 万元，"
               f"相差 {calc.fmt_amount(abs(difference))} 万元")
    severity = RULES[PRIOR_MATCH][0]
    if later.comparator != BUDGET_COMPARATOR:
        severity = "info"
        message += f"（后一年按{later.comparator}比较，与上年公开的预算数不同属正常，仅供核对）"
    spots = tuple(s for s in (prior.spot,) if s is not None)
    return Finding(PRIOR_MATCH, severity, SCOPE, (prior.where, published.where), message + "。", published.value,
                   prior.value, spots)
