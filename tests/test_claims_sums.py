"""A total the text states against the parts the same block states (SM-SUM, SM-ITEMS for changes): the message
lists each part with its sign, says by how much they miss, and whether only the shown rounding reconciles them.
Texts are invented for the test; the tables are the seed workbook's (only the stated figures are added up)."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

from budget_addin.core.dataset import Dataset
from budget_addin.core.model import Book
from budget_addin.narrative import claims as c
from budget_addin.narrative.claims import extract, file_locator, judge_text, link_and_judge


def sum_checks(book: Book, text: list[str]) -> list[c.Check]:
    return [k for j in link_and_judge(book, extract(text), file_locator("t.txt")) for k in j.checks
            if k.rule in {c.SUM, c.ITEMS}]


def test_parts_of_nil_are_listed_without_a_sign_first_and_with_a_plus_after(seed_book: Book) -> None:
    text = ["四、“三公”经费预算情况",
            "“三公”经费预算 9 万元，其中因公出国（境）费 0 万元，公务用车购置及运行费 6 万元，公务接待费 0 万元。"]
    assert sum_checks(seed_book, text) == [c.Check(c.SUM, "error", "“三公”经费：说明中写 9 万元，"
                                                                   "所列各项 0+6+0=6 万元，相差 3 万元",
                                                   ("t.txt 第 2 段", "三公经费预算!B4"), Decimal(6), Decimal(9))]


def test_a_fall_among_the_parts_of_a_change_is_listed_with_its_minus(seed_book: Book) -> None:
    text = ["二、支出情况", "支出总计比上年增加 100 万元，其中基本支出减少 10 万元，项目支出增加 100 万元。"]
    # -10 + 100 = 90, not the 100 stated: a change's breakdown is SM-ITEMS, judged against the 增减额 column.
    assert sum_checks(seed_book, text) == [c.Check(c.ITEMS, "error", "支出总计：说明中写 100 万元，"
                                                                     "所列各项 -10+100=90 万元，相差 10 万元",
                                                   ("t.txt 第 2 段", "收入支出!D18"), Decimal(90), Decimal(100))]


def test_parts_reconciled_only_by_their_shown_rounding_are_a_remark_with_the_range(seed_book: Book) -> None:
    text = ["二、支出情况", "基本支出 100 万元，其中人员经费 60 万元，日常公用经费 40.4 万元。"]
    # 60 stands for 59.5–60.5 and 40.4 for 40.35–40.45: together 99.85–100.95, which holds 100.
    (check,) = sum_checks(seed_book, text)
    assert (check.rule, check.severity, check.expected, check.actual) == (c.SUM, "info", Decimal("100.4"), Decimal(100))
    assert check.message == ("基本支出：说明中写 100 万元，所列各项 60+40.4=100.4 万元，相差 0.4 万元；"
                             "各项按所示精度可为 99.85～100.95，在舍入范围内")


def test_a_partial_list_beyond_its_total_says_by_how_much(seed_book: Book) -> None:
    text = ["二、支出情况", "支出总计 100 万元，其中基本支出 60 万元，项目支出 50 万元。"]
    assert sum_checks(seed_book, text) == [c.Check(
        c.SUM, "error", "支出总计：说明中写 100 万元，所列各项 60+50=110 万元，"
                        "超过总数 10 万元（其中各项之和不应大于总数）",
        ("t.txt 第 2 段", "收入支出!B18"), Decimal(110), Decimal(100))]


def test_a_text_file_is_judged_with_its_paragraphs_named_in_the_file(seed_book: Book, tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("二、支出情况\n支出总计 100 万元，其中基本支出 60 万元，项目支出 50 万元。\n", encoding="utf-8")
    (total, *_parts) = judge_text(seed_book, path)
    assert total.where == f"{path} 第 2 段"
    assert all(k.cells[0] == f"{path} 第 2 段" for k in total.checks)



OFFICE = ["三、机关运行经费安排情况", "机关运行经费 19 万元，其中办公费 15.5 万元，物业管理费 4.9 万元。"]
STAFF = ["二、人员情况", "原居委会人员纳入社区工作者薪酬管理的共 33 人，分配至我街道办事处 18 人，共计 57 人。"]


def sums(book: Book, text: list[str]) -> list[str]:
    return [k.message for k in sum_checks(book, text)]


def test_a_departments_own_rows_add_up_to_the_total_they_name(seed_book: Book) -> None:
    """The 明细 rows 办公费 and 物业管理费 are 机关运行经费's 其中 list; the 人员情况 rows make up 共计."""
    assert sums(seed_book, OFFICE) == ["机关运行经费：说明中写 19 万元，所列各项 15.5+4.9=20.4 万元，超过总数 1.4 万元"
                                       "（其中各项之和不应大于总数）"]
    assert sums(seed_book, STAFF) == ["共计：说明中写 57 人，所列各项 33+18=51 人，相差 6 人"]


def test_rows_naming_no_item_of_the_tables_or_a_missing_list_do_not_stop_the_others(seed_data: Dataset) -> None:
    data = copy.deepcopy(seed_data)
    for row in range(7):  # 基本支出's rows now name an item the tables do not have
        data["details"][row]["parent"] = "某某支出"
    assert len(sums(Book(data, source="unknown parent"), OFFICE)) == 1
    del data["details"]  # no 明细 sheet at all: the 人员情况 rows still add up
    assert sums(Book(data, source="no details"), STAFF) == ["共计：说明中写 57 人，所列各项 33+18=51 人，相差 6 人"]


def test_an_amount_in_yuan_is_compared_in_wanyuan(seed_book: Book) -> None:
    (judged,) = link_and_judge(seed_book, extract(["二、支出情况", "基本支出 13000000 元。"]), file_locator("t.txt"))
    assert judged.checks[0].message.startswith("基本支出：说明中写 13000000 元，表中为 1304.85 万元（收入支出!B19），"
                                               "相差 4.85 万元；")


def test_a_total_and_parts_are_added_up_within_one_block_only_but_in_every_block(seed_book: Book) -> None:
    error = "支出总计：说明中写 100 万元，所列各项 60+50=110 万元，超过总数 10 万元（其中各项之和不应大于总数）"
    apart = ["二、支出情况", "（一）总体", "支出总计 100 万元。", "（二）构成", "基本支出 60 万元，项目支出 50 万元。"]
    assert sums(seed_book, apart) == []  # the total and its parts under two headings
    later = "支出总计 100 万元，其中基本支出 60 万元，项目支出 50 万元。"
    assert sums(seed_book, ["二、支出情况", "（一）总体", "项目支出 2500.92 万元。", "（二）构成", later]) == [error]
    assert sums(seed_book, ["二、支出情况", "（一）总体", "支出总计 3805.77 万元。", "（二）构成", later]) == [error]
    # a block whose parts add up, before one that does not
    agreeing = "支出总计 110 万元，其中基本支出 60 万元，项目支出 50 万元。"
    assert sums(seed_book, ["二、支出情况", "（一）总体", agreeing, "（二）构成", later]) == [error]


def test_parts_that_add_up_add_no_check_to_the_total(seed_book: Book) -> None:
    text = ["四、“三公”经费预算情况",
            "“三公”经费预算 9 万元，其中因公出国（境）费 0 万元，公务用车购置及运行费 6 万元，公务接待费 3 万元。"]
    assert sum_checks(seed_book, text) == []
