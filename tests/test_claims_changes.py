"""A stated change against the table's 增减额 (SM-CHANGE): a bare amount continuing a list of changes is a change
too, and says so; a change whose cell is blank is a warning at the paragraph. Texts are invented; the tables are
the seed workbook's (基本支出 +94.8, 项目支出 +541.67 万元)."""

from __future__ import annotations

import copy
from decimal import Decimal

from budget_addin.core.dataset import Dataset
from budget_addin.core.model import Book
from budget_addin.narrative import claims as c
from budget_addin.narrative.claims import extract, file_locator, link_and_judge

TEXT = ["二、支出情况", "基本支出增加 90 万元，项目支出 500 万元。"]


def checks(book: Book) -> dict[str, tuple[c.Check, ...]]:
    return {j.claim.text: j.checks for j in link_and_judge(book, extract(TEXT), file_locator("t.txt"))}


def test_an_amount_continuing_a_list_of_changes_is_judged_as_a_rise(seed_book: Book) -> None:
    judged = checks(seed_book)
    assert judged["增加 90 万元"] == (c.Check(
        c.CHANGE, "error", "基本支出：说明中写增加 90 万元，表中增减额为 94.8 万元（收入支出!D19）；四舍五入与截尾均不成立，应为 95",
        ("t.txt 第 2 段", "收入支出!D19"), Decimal("94.8"), Decimal(90)),)
    assert judged["500 万元"] == (c.Check(
        c.CHANGE, "error", "项目支出：说明中写增加（承上） 500 万元，表中增减额为 541.67 万元（收入支出!D22）；"
                           "四舍五入与截尾均不成立，应为 542", ("t.txt 第 2 段", "收入支出!D22"), Decimal("541.67"), Decimal(500)),)


def test_a_change_whose_cell_is_blank_is_a_warning_at_its_paragraph(seed_data: Dataset) -> None:
    data = copy.deepcopy(seed_data)
    data["income_expenditure"]["project"]["change"] = None
    assert checks(Book(data, source="blank change"))["500 万元"] == (c.Check(
        c.BLANK, "warning", "项目支出：说明中写“500 万元”，表中 收入支出!D22 未填", ("t.txt 第 2 段", "收入支出!D22"),
        None, Decimal(500)),)
