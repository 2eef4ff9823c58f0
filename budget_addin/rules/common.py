"""Shapes of rule that recur: a total equals its parts, a part stays within its total,
a stated percentage matches the ratio of its figures, two tables state the same figure.

Every check is judged with :mod:`budget_addin.core.calc`; the message shows the arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.dataset import percent_decimals
from budget_addin.core.findings import Finding, MissingData, Rule
from budget_addin.core.model import Book, RowKey
from budget_addin.core.schema import TABLES_BY_KEY

CENT = calc.CENT_TOLERANCE


def label(table: str, row: RowKey) -> str:
    """The Chinese label of a form row (the record number of a list row)."""
    spec = TABLES_BY_KEY[table]
    if isinstance(row, int):
        return f"第{row + 1}行"
    return spec.row(row).label.removeprefix("其中：").strip()


def need_table(book: Book, *tables: str) -> None:
    for table in tables:
        if not book.has_table(table):
            raise MissingData(f"缺少工作表“{TABLES_BY_KEY[table].sheet}”")


def amount(value: Decimal | None) -> str:
    return calc.fmt_amount(value)


def sum_check(book: Book, r: Rule, table: str, total_row: RowKey, parts: Sequence[RowKey], col: str,
              partial: bool = False, what: str | None = None) -> Iterator[Finding]:
    """The stated total of ``table[total_row][col]`` equals (or, ``partial``, is at least) the sum of parts."""
    need_table(book, table)
    total = book.number(table, total_row, col)
    values = [(p, book.number(table, p, col)) for p in parts]
    present = [(p, v) for p, v in values if v is not None]
    if total is None or not present:
        raise MissingData(f"{TABLES_BY_KEY[table].sheet}：{label(table, total_row)}或其组成未填")
    computed = calc.total(v for _, v in present)
    assert computed is not None
    difference = computed - total
    if abs(difference) < CENT or (partial and difference < CENT):
        return
    missing = [label(table, p) for p, v in values if v is None]
    if missing and difference < 0:
        raise MissingData(f"{TABLES_BY_KEY[table].sheet}：{'、'.join(missing)}未填，无法核对{label(table, total_row)}")
    terms = amount(present[0][1]) + "".join(
        f" − {amount(-v)}" if v < 0 else f" + {amount(v)}" for _, v in present[1:])
    name = what or label(table, total_row)
    relation = "不应超过" if partial else "应等于"
    message = (f"{name} {amount(total)} {relation}所列各项之和 {terms} = {amount(computed)}，"
               f"{'超出' if partial else '相差'} {amount(abs(difference))}")
    if missing:
        message += f"（{'、'.join(missing)}未填，按空计）"
    cells = [book.ref(table, total_row, col)] + [book.ref(table, p, col) for p, _ in present]
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
        yield r.finding([book.ref(table, row, total_col)] + [book.ref(table, row, c) for c, _ in present],
                        f"“{name}”合计 {amount(total)} 应等于{what} {' + '.join(amount(v) for _, v in present)} = {amount(computed)}",
                        expected=computed, actual=total)


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


def ratio_check(book: Book, r: Rule, stated: tuple[str, RowKey, str], part: tuple[str, RowKey, str],
                whole: tuple[str, RowKey, str], what: str) -> Iterator[Finding]:
    """A stated percentage (kept as a fraction with its shown decimals) against part ÷ whole."""
    shown = book.number(*stated)
    if shown is None:
        return
    numerator, denominator = book.number(*part), book.number(*whole)
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
    yield r.finding([book.ref(*stated), book.ref(*part), book.ref(*whole)], message,
                    expected=calc.round_half_up(exact, 2), actual=shown * 100, severity=severity)
