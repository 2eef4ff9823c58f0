"""What a table's 收入合计 (支出合计) is: 本年收入合计, or 收入总计 with 上年结转 (支出总计 with 结转下年),
told by its own figures.

Provinces print 收入合计 for either: 江苏's 收入预算总表 counts 上年结转 in it, a 部门收支总表 counts
it below. The figure is placed only where the table's figures add up one way and not the other;
otherwise it is listed with the sums it was compared with.
"""

from __future__ import annotations

from decimal import Decimal

from budget_addin.core.schema import APPROPRIATIONS, THIS_YEAR_SOURCES
from budget_addin.files.importer.placer import shown_value

THIS_YEAR, WITH_CARRIED = "income_this_year", "income_total"
CARRIED = ("carryover", "reserve_fund")  # 上年结转, 用事业基金弥补: outside 本年收入
AMBIGUOUS_LABELS = frozenset({"收入合计", "收入合计数"})
_CENT = Decimal("0.01")


def this_year_sum(figures: dict[str, Decimal]) -> tuple[Decimal | None, int]:
    """Σ this year's sources a table states (财政拨款收入, or its parts where it is not stated), and how many."""
    parts = [figures[k] for k in THIS_YEAR_SOURCES if k != "fiscal_appropriation" and k in figures]
    if "fiscal_appropriation" in figures:
        parts.append(figures["fiscal_appropriation"])
    else:
        parts += [figures[k] for k in APPROPRIATIONS if k in figures]
    return (sum(parts, Decimal(0)), len(parts)) if parts else (None, 0)


def resolve(value: Decimal, figures: dict[str, Decimal]) -> tuple[str | None, str]:
    """The row a 收入合计 of ``value`` is (``income_this_year``/``income_total``), with a note; or None and why.

    ``figures``: the table's other income figures in the same column, by the summary table's row keys.
    """
    sources, count = this_year_sum(figures)
    if sources is None:
        return None, "表中没有各项收入，无法判断“收入合计”是本年收入合计还是收入总计（含上年结转）"
    carried = sum((figures[k] for k in CARRIED if k in figures), Decimal(0))
    tolerance = _CENT * count  # each part rounded to the cent
    this_year = abs(value - sources) <= tolerance
    with_carried = abs(value - sources - carried) <= tolerance + _CENT
    if with_carried and not this_year:
        return WITH_CARRIED, (f"“收入合计”{shown_value(value)} = 本年收入 {shown_value(sources)} + 上年结转等 "
                              f"{shown_value(carried)}，按收入总计放入")
    if this_year:
        return THIS_YEAR, ""
    return None, (f"“收入合计”{shown_value(value)} 既不等于本年各项收入之和 {shown_value(sources)}，"
                  f"也不等于加上上年结转后的 {shown_value(sources + carried)}，无法判断是本年收入合计还是收入总计")


# 支出: this year's uses, and what 支出总计 adds (a 支出合计 is 本年支出合计 unless 结转下年 is not 0).
THIS_YEAR_USES = ("basic", "project", "reserve", "operating_expenditure")
CARRIED_FORWARD = "carry_forward"


def resolve_expenditure(value: Decimal, figures: dict[str, Decimal]) -> tuple[str | None, str]:
    """The row a 支出合计 of ``value`` is (``expenditure_this_year``/``expenditure_total``), or None and why."""
    forward = figures.get(CARRIED_FORWARD)
    if not forward:
        return "expenditure_this_year", ""
    parts = [figures[k] for k in THIS_YEAR_USES if k in figures]
    uses = sum(parts, Decimal(0))
    tolerance = _CENT * len(parts)
    if parts and abs(value - uses) <= tolerance:
        return "expenditure_this_year", ""
    if parts and abs(value - uses - forward) <= tolerance + _CENT:
        return "expenditure_total", (f"“支出合计”{shown_value(value)} = 本年支出 {shown_value(uses)} + 结转下年 "
                                     f"{shown_value(forward)}，按支出总计放入")
    return None, (f"表中结转下年为 {shown_value(forward)}，“支出合计”{shown_value(value)} 与本年各项支出之和"
                  f"{' ' + shown_value(uses) if parts else '（未列）'}对不上，无法判断是本年支出合计还是支出总计")
