"""Shapes a second, independent set of invented whole documents (决算 and 预算, many levels and provinces) gave
false alarms on: each file of tests/texts/holdout/ is consistent and must give no error or warning, and one figure
changed in it is found. The texts are invented; every figure was computed and rounded half-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.text_check import check_paragraphs

HOLDOUT = Path(__file__).resolve().parent / "texts" / "holdout"


def _lines(name: str) -> list[str]:
    return (HOLDOUT / name).read_text(encoding="utf-8").splitlines()


def _alarms(lines: list[str]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in check_paragraphs(lines) if f.severity in {"error", "warning"}]


@pytest.mark.parametrize("name", sorted(p.name for p in HOLDOUT.glob("fa*.txt")))
def test_a_consistent_holdout_text_gives_no_error_or_warning(name: str) -> None:
    assert _alarms(_lines(name)) == []


@pytest.mark.parametrize(("name", "old", "new", "rule"), [
    # the final figure is the year's amount, the budget a figure of its own
    ("fa1_sangong_budget_as_current.txt", "减少5.72万元", "减少5.27万元", tx.CHANGE),
    ("fa1_sangong_budget_as_current.txt", "完成预算的95.05%", "完成预算的95.50%", tx.COMPLETION),
    ("fa1b_sangong_budget_as_sum.txt", "公务接待费支出决算为1.35万元", "公务接待费支出决算为1.53万元", tx.SUM),
    # 持平 against last year's final, a change against the budget: each judged against its own base
    ("fa3_flat_vs_other_base.txt", "下降15.00%", "下降16.00%", tx.RATE),
    ("fa4_repeat_two_bases.txt", "增长8.33%", "增长8.63%", tx.RATE),
    ("fa4b_repeat_ys.txt", "增长3.12%", "增长3.21%", tx.RATE),
    # siblings only: a sub-item, a subset by another measure, overlapping attributes are no parts
    ("fa5_nested_subitem_sum.txt", "占29.11%", "占29.21%", tx.SHARE),
    ("fa10_yuliu_sibling.txt", "货物类1,800.00万元", "货物类1,900.00万元", tx.SUM),
    ("fa7_share_base_total.txt", "占2.2%", "占2.5%", tx.SHARE),
    ("fa9_negative_growth.txt", "负增长6.04%", "负增长6.40%", tx.RATE),
    ("fa12_paren_han_share.txt", "占基本支出的30.79%", "占基本支出的31.79%", tx.SHARE),
])
def test_one_figure_changed_in_a_holdout_text_is_found(name: str, old: str, new: str, rule: str) -> None:
    lines = _lines(name)
    changed = [line.replace(old, new) for line in lines]
    assert changed != lines
    assert rule in [r for r, _ in _alarms(changed)]


def test_a_clause_about_another_year_leaves_its_figures_unbound() -> None:
    found = check_paragraphs(_lines("fa8_chained_years.txt"))
    assert [f.rule for f in found] == [tx.UNBOUND, tx.UNBOUND]  # 2020 比 2019: not the 2021 figure's change
