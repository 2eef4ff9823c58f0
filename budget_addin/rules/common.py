"""Shapes of rule that recur: a total equals its parts, a part stays within its total,
a stated percentage matches the ratio of its figures, two tables state the same figure.

Every check is judged with :mod:`budget_addin.core.calc`; the message shows the arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.dataset import percent_decimals
from budget_addin.core.details import DetailGroup, detail_groups, normal_label  # noqa: F401 - shared by the rules
from budget_addin.core.findings import Finding, MissingData, Rule
from budget_addin.core.model import Book, RowKey, YearOnYear, year_on_year  # noqa: F401 - shared by the rules
from budget_addin.core.schema import TABLES_BY_KEY

CENT = calc.CENT_TOLERANCE


def label(table: str, row: RowKey) -> str:
    """The Chinese label of a form row (the record number of a list row)."""
    spec = TABLES_BY_KEY[table]
    if isinstance(row, int):
        return f"第{row + 1}行"
    return spec.row(row).label.removeprefix("其中：").strip()


def need_table(book: Book, *tables: str) -> None:
    """Raise MissingData when a table is missing or holds nothing (an empty table is not zeros)."""
    for table in tables:
        if not book.has_table(table):
            raise MissingData(f"缺少工作表“{TABLES_BY_KEY[table].sheet}”")
        if book.is_empty(table):
            raise MissingData(f"“{TABLES_BY_KEY[table].sheet}”表未填写")


def breakdown_check(book: Book, r: Rule, table: str, total_row: str, what: str | None = None,
                    skip_parts: Sequence[str] = ()) -> Iterator[Finding]:
    """The stated total of a row against its declared parts (each part as stated or derived)."""
    declared = TABLES_BY_KEY[table].row(total_row)
    parts = [p for p in declared.parts if p not in skip_parts]
    yield from sum_check(book, r, table, total_row, parts, TABLES_BY_KEY[table].sum_col,
                         partial=declared.partial, what=what)


def carryover_left_out(book: Book) -> bool:
    """收入总计 equals this year's income alone although a carry-over is stated (BN-001 leaves it to BJ-015)."""
    ie = "income_expenditure"
    total = book.number(ie, "income_total", "amount")
    this_year = book.figure(ie, "income_this_year", "amount")
    carried = book.number(ie, "carryover", "amount")
    return (total is not None and this_year is not None and bool(carried)
            and abs(total - this_year) < CENT)


def amount(value: Decimal | None) -> str:
    return calc.fmt_amount(value)


def sum_check(book: Book, r: Rule, table: str, total_row: RowKey, parts: Sequence[RowKey], col: str,
              partial: bool = False, what: str | None = None) -> Iterator[Finding]:
    """The stated total of ``table[total_row][col]`` equals (or, ``partial``, is at least) the sum of parts."""
    need_table(book, table)
    total = book.number(table, total_row, col)
    values = [(p, book.figure(table, p, col)) for p in parts]
    present = [(p, v) for p, v in values if v is not None]
    if total is None or not present:
        raise MissingData(f"{TABLES_BY_KEY[table].sheet}：{label(table, total_row)}或其组成未填")
    computed = calc.total(v for _, v in present)
    assert computed is not None
    difference = computed - total
    if abs(difference) < CENT or (partial and difference < CENT):
        return
    missing = [label(table, p) for p, v in values if v is None]
    terms = amount(present[0][1]) + "".join(
        f" − {amount(-v)}" if v < 0 else f" + {amount(v)}" for _, v in present[1:])
    name = what or label(table, total_row)
    cells = [book.ref(table, total_row, col)] + [ref for p, _ in present for ref in book.figure_cells(table, p, col)]
    if missing and difference < 0:  # the check cell shows ✗ 差: a blank part may hold the difference, never a pass
        message = (f"{name} {amount(total)} 比所填各项之和 {terms} = {amount(computed)} 多 {amount(-difference)}；"
                   f"{'、'.join(missing)}未填，差额若在其中请填列（没有请填 0）")
        cells += [book.ref(table, p, col) for p, v in values if v is None]
        yield r.finding(cells, message, expected=computed, actual=total, severity="warning")
        return
    relation = "不应超过" if partial else "应等于"
    message = (f"{name} {amount(total)} {relation}所列各项之和 {terms} = {amount(computed)}，"
               f"{'超出' if partial else '相差'} {amount(abs(difference))}")
    if missing:
        message += f"（{'、'.join(missing)}未填，按空计）"
    yield r.finding(cells, message, expected=computed, actual=total)


def row_sum_check(book: Book, r: Rule, table: str, row: RowKey, total_col: str, part_cols: Sequence[str],
                  name: str, what: str) -> Iterator[Finding]:
    """Across one record: ``total_col`` equals the sum of ``part_cols`` (blank parts left out).

    Yields nothing when the total or every part is blank (the caller decides whether anything ran).
    """
    total = book.number(table, row, total_col)
    parts = [(c, book.number(table, row, c)) for c in part_cols]
    present = [(c, v) for c, v in parts if v is not None]
    if total is None or not present:
        return
    computed = sum((v for _, v in present), Decimal(0))
    if abs(computed - total) >= CENT:
        yield _row_sum_finding(book, r, table, row, total_col, present, computed, total, name, what)


def rows_sum_check(book: Book, r: Rule, table: str, total_col: str, part_cols: Sequence[str],
                   name: Callable[[int], str], what: str) -> Iterator[Finding]:
    """:func:`row_sum_check` on every record of a list table, reading whole columns: the same findings, in record
    order."""
    # zip the columns (tuples made in C); the cells are named only for a row that fails
    for row, (total, *parts) in enumerate(
        zip(book.numbers(table, total_col), *(book.numbers(table, c) for c in part_cols), strict=True)
    ):
        if total is None:
            continue
        figures = [v for v in parts if v is not None]
        if not figures:
            continue
        computed = sum(figures, Decimal(0))
        if abs(computed - total) >= CENT:
            present = [(c, v) for c, v in zip(part_cols, parts, strict=True) if v is not None]
            yield _row_sum_finding(book, r, table, row, total_col, present, computed, total, name(row), what)


def _row_sum_finding(book: Book, r: Rule, table: str, row: RowKey, total_col: str, present: list[tuple[str, Decimal]],
                     computed: Decimal, total: Decimal, name: str, what: str) -> Finding:
    return r.finding(
        [book.ref(table, row, total_col)] + [book.ref(table, row, c) for c, _ in present],
        f"“{name}”合计 {amount(total)} 应等于{what} {' + '.join(amount(v) for _, v in present)} = {amount(computed)}",
        expected=computed,
        actual=total,
    )


def equal_check(book: Book, r: Rule, pairs: Iterable[tuple[tuple[str, RowKey, str], tuple[str, RowKey, str]]],
                relation: str = "=") -> Iterator[Finding]:
    """Two cells state the same figure (``relation`` '=' or '<=' for left ≤ right)."""
    ran = False
    for left, right in pairs:
        if not (book.has_table(left[0]) and book.has_table(right[0])):
            continue
        a, b = book.number(*left), book.number(*right)
        if a is None or b is None:
            continue
        ran = True
        bad = abs(a - b) >= CENT if relation == "=" else a - b >= CENT
        if bad:
            name_a = f"{TABLES_BY_KEY[left[0]].sheet}“{label(left[0], left[1])}”"
            name_b = f"{TABLES_BY_KEY[right[0]].sheet}“{label(right[0], right[1])}”"
            verb = "应等于" if relation == "=" else "不应超过"
            yield r.finding([book.ref(*left), book.ref(*right)],
                            f"{name_a} {amount(a)} {verb}{name_b} {amount(b)}，相差 {amount(abs(a - b))}",
                            expected=b, actual=a)
    if not ran:
        raise MissingData("两处数字均未填，无法比较")


Operand = tuple[str, RowKey, str] | Decimal


def ratio_check(book: Book, r: Rule, stated: tuple[str, RowKey, str], part: Operand, whole: Operand, what: str,
                refs: Sequence[str] = ()) -> Iterator[Finding]:
    """A stated percentage (kept as a fraction with its shown decimals) against part ÷ whole.

    ``part`` and ``whole`` are cells, or figures already derived (their cells then given in ``refs``).
    """
    shown = book.number(*stated)
    if shown is None:
        return
    numerator = part if isinstance(part, Decimal) else book.number(*part)
    denominator = whole if isinstance(whole, Decimal) else book.number(*whole)
    if numerator is None or denominator is None:
        raise MissingData(f"{what}：计算所需数字未填")
    places = percent_decimals(shown)
    verdict = calc.judge_percent(shown * 100, places, numerator, denominator)
    if verdict is None or verdict.rounded_ok:
        return
    exact = calc.as_percent(numerator / denominator)
    message = (f"{what} {amount(numerator)}÷{amount(denominator)}={calc.fmt(exact, 2)}%，"
               f"所列 {calc.fmt(shown * 100, places)}%：{verdict.mode_note}%")
    severity = "warning" if verdict.truncated_ok else None
    cells = [book.ref(*stated)] + [book.ref(*x) for x in (part, whole) if not isinstance(x, Decimal)] + list(refs)
    yield r.finding(cells, message, expected=calc.round_half_up(exact, 2), actual=shown * 100, severity=severity)


def detail_sum(book: Book, r: Rule, group: DetailGroup, col: str, stated: Decimal, stated_ref: str, what: str,
               partial: bool, unit: str = "") -> Iterator[Finding]:
    """The stated total against the sum of its detail rows (``partial``: may not exceed it)."""
    table = group.table
    present = [(i, v) for i in group.rows if (v := book.number(table, i, col)) is not None]
    computed = calc.total(v for _, v in present)
    if computed is None:
        return
    difference = computed - stated
    if abs(difference) < CENT or (partial and difference < CENT):
        return
    show = (lambda v: f"{v:f}") if unit else amount
    terms = show(present[0][1]) + "".join(f" − {show(-v)}" if v < 0 else f" + {show(v)}" for _, v in present[1:])
    relation = "不应超过" if partial else "应等于"
    message = (
        f"{what} {show(stated)}{unit} {relation}{'“其中”' if partial else ''}所列各项之和 {terms} = "
        f"{show(computed)}{unit}，"
        f"{'超出' if partial else '相差'} {show(abs(difference))}{unit}"
    )
    yield r.finding([stated_ref] + [_detail_cell(book, table, i, col) for i, _ in present], message,
                    expected=computed, actual=stated)


def _detail_cell(book: Book, table: str, row: int, col: str) -> str:
    """The cell a detail figure is read from: 增减额（采用） comes from the stated change or from 本年 − 上年."""
    if col == "change_used":
        col = "change" if book.number(table, row, "change") is not None else "amount"
    return book.ref(table, row, col)
