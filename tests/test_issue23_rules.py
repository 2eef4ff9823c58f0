"""Issue 23: the rule, the check cell and the generated text agree on a total its filled parts fall short of."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budget_addin.core.model import Book
from budget_addin.narrative.generate import generate, placeholders
from budget_addin.rules import load_catalogue, run_rules

load_catalogue()
IE = "income_expenditure"


def _income(total: str) -> Book:
    """本年收入合计 typed, 财政拨款收入 and 事业收入 filled, the other sources blank (as a clerk leaves them)."""
    return Book({IE: {"income_this_year": {"amount": D(total)}, "fiscal_appropriation": {"amount": D("4600")},
                      "business_income": {"amount": D("300")}}}, source="test")


def test_a_total_above_its_filled_parts_is_a_warning_naming_the_blank_rows() -> None:
    book = _income("5000")
    assert book.value(IE, "income_this_year", "check") == "✗ 差 100.00"  # what the cell shows
    report = run_rules(book, only={"BN-001"})
    assert report.ledger["BN-001"] == "failed"  # never 通过 while the cell shows ✗
    [finding] = report.findings
    assert finding.severity == "warning"
    assert "多 100" in finding.message and "财政专户管理资金收入" in finding.message and "其他收入" in finding.message
    assert finding.cells[0] == "收入支出!B5" and "收入支出!B15" in finding.cells  # the blank rows are named


def test_a_total_below_its_filled_parts_stays_an_error() -> None:
    report = run_rules(_income("4000"), only={"BN-001"})
    assert [f.severity for f in report.findings] == ["error"]


@pytest.mark.parametrize("rule,table,total,parts", [
    ("BN-002", IE, "expenditure_total", {"basic": "300"}),
    ("BN-005", "three_public", "total", {"abroad": "2"}),
])
def test_siblings_warn_the_same_way(rule: str, table: str, total: str, parts: dict[str, str]) -> None:
    data = {table: {total: {"amount": D("500")}, **{k: {"amount": D(v)} for k, v in parts.items()}}}
    report = run_rules(Book(data, source="test"), only={rule})
    assert [f.severity for f in report.findings] == ["warning"], report.ledger


def test_the_generated_text_marks_the_total_for_review() -> None:
    marks = placeholders(generate(_income("5000")))
    assert any("本年收入合计为 5000 万元" in m and "其他收入未填" in m for m in marks)
    assert not any("本年收入合计" in m for m in placeholders(generate(_income("4900"))))
