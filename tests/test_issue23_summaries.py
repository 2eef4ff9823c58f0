"""Issue 23: the summary sheets say what they leave out, never show 0 for an empty table, flag a share above
100%, and the xlsx report shows its figures one way."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
from conftest import COMMITTED
from test_issue23_scenario import clerk_workbook

from budget_addin.cli import main
from budget_addin.core.functions import ys_sumcategory
from budget_addin.core.model import Book
from budget_addin.files.summarize import summary_specs_for
from budget_addin.summaries import specs

IE = "income_expenditure"


def test_structure_says_when_a_subtotal_is_not_broken_down() -> None:
    book = Book({IE: {"income_total": {"amount": D(100)}, "income_this_year": {"amount": D(100)},
                      "fiscal_appropriation": {"amount": D(100)}, "gp_appropriation": {"amount": D(60)},
                      "fund_appropriation": {"amount": D(30)}}}, source="test")
    spec = specs.structure_spec(book, "stamp")
    assert [row[0] for row in spec.blocks[0].rows] == ["财政拨款收入", "收入总计"]
    notes = [text for _, text in spec.notes]
    assert any("财政拨款收入 100 万元" in n and "之和 90 万元不符" in n and "未展开" in n for n in notes)


def test_an_empty_procurement_list_is_unfilled_never_zero(tmp_path: Path) -> None:
    assert ys_sumcategory([[None]], [[None]], "货物") != 0.0  # the 按明细 cell of an empty list
    assert ys_sumcategory([[5]], [["A02"]], "工程") == 0.0  # a filled list without works: a true 0
    [spec] = [s for s in summary_specs_for(clerk_workbook(tmp_path)) if s.name == specs.PROCUREMENT_SHEET]
    shown = [row[1] for block in spec.blocks for row in block.rows]
    assert shown and all(value == "未填" for value in shown)


def test_a_three_public_share_above_its_total_is_highlighted() -> None:
    book = Book({"three_public": {"total": {"amount": D(50)}, "abroad": {"amount": D(1)},
                                  "reception": {"amount": D(60)}}}, source="test")
    spec = specs.three_public_spec(book, "stamp")
    block = spec.blocks[0]
    reception = next(i for i, row in enumerate(block.rows) if row[0] == "公务接待费")
    assert block.rows[reception][5] == D("1.2") and block.fills == {(reception, 5): specs.SEVERITY_FILLS["error"]}
    assert any("公务接待费的占比超过 100%" in text for _, text in spec.notes)


def test_xlsx_report_figures_are_numbers_shown_alike(tmp_path: Path) -> None:
    out = tmp_path / "审核.xlsx"
    assert main(["check", str(COMMITTED), "--format", "xlsx", "-o", str(out)]) == 1
    rows = list(openpyxl.load_workbook(out)["审核结果"].iter_rows(values_only=True))[1:]
    furniture = next(row for row in rows if row[1] == "BN-013" and "国有资产!D10" in row[4])
    assert furniture[6:] == (17.84, 17.9)
    figures = [value for row in rows for value in row[6:] if value is not None]
    assert figures and not [v for v in figures if isinstance(v, str) and v.replace(".", "").lstrip("-").isdigit()]
