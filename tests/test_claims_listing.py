"""``budget-addin claims``: the listing a user reads (text or JSON), a text file read as paragraphs, and a
claim whose table cell is blank — a warning when the cell was left unfilled, no verdict when a sheet it is
computed from is missing. Texts are invented for the test; the tables are the seed workbook's."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

from budget_addin.core.dataset import Dataset
from budget_addin.core.model import Book
from budget_addin.narrative import claims as c
from budget_addin.narrative.claims import extract, file_locator, link_and_judge, read_text_file, render, render_for

TEXT = ["七、国有资产信息", "本部门固定资产 404.13 万元，其中图书档案 5.85 万元，占固定资产的 1.5%。",
        "四、三公经费", "公务接待费与上年持平。", "某某 3 万元", "二、支出情况", "基本支出比上年减少 10 万元。"]


def judged(book: Book, text: list[str] = TEXT, name: str = "说明.txt") -> list[c.JudgedClaim]:
    return link_and_judge(book, extract(text), file_locator(name))


def test_the_json_listing_names_each_claim_its_cell_and_the_arithmetic(seed_book: Book) -> None:
    written = render(judged(seed_book), "json")
    assert '  "claims": [' in written.splitlines()  # indented by two, Chinese as written (not \\u escapes)
    assert '"subject_label": "图书档案"' in written
    listing = json.loads(written)
    assert listing["summary"] == "共 6 处数字表述，已对应表格 5 处；错误 2，警告 0，提示 1"
    claims = {item["text"]: item for item in listing["claims"]}
    assert list(claims) == ["404.13 万元", "5.85 万元", "占固定资产的 1.5%", "与上年持平", "3 万元", "减少 10 万元"]
    # 5.85 ÷ 404.13 = 1.4475…%: 1.4% to one decimal, 1.45% to two; 1.5% holds under no rounding.
    assert claims["占固定资产的 1.5%"] == {
        "where": "说明.txt 第 2 段", "paragraph": 2, "span": [33, 44], "text": "占固定资产的 1.5%", "kind": "share",
        "section": "七", "subject": "books", "subject_label": "图书档案", "subject_text": "（承上）", "value": "1.5",
        "unit": "%", "decimals": 1, "direction": "", "linked_cell": "国有资产!C9", "verdict": "error",
        "checks": [{"rule": c.SHARE, "severity": "error",
                    "message": "图书档案占比 5.85÷404.13=1.45%，说明中写 1.5%：四舍五入与截尾均不成立，应为 1.4%",
                    "cells": ["说明.txt 第 2 段", "国有资产!C9", "国有资产!D9"], "expected": "1.45", "actual": "1.5"}]}
    unlinked = claims["3 万元"]
    assert (unlinked["paragraph"], unlinked["subject"], unlinked["subject_label"], unlinked["subject_text"]) == (
        5, None, None, "某某")
    assert unlinked["checks"] == [{"rule": c.UNLINKED, "severity": "info", "cells": ["说明.txt 第 5 段"],
                                   "message": "“3 万元”未能对应到表格（“某某”在表格中没有对应项）",
                                   "expected": None, "actual": "3"}]
    fewer = claims["减少 10 万元"]
    assert (fewer["kind"], fewer["value"], fewer["direction"], fewer["section"]) == ("change", "-10", "减少", "二")


def test_the_text_listing_shows_value_or_wording_cell_verdict_and_every_check_that_is_not_ok(seed_book: Book) -> None:
    listing = judged(seed_book)
    lines = render(listing).splitlines()
    assert render(listing, "text").splitlines() == lines  # text is the default
    assert lines[:4] == [
        "说明.txt 第 2 段 [8:17] “404.13 万元” | 金额 | 固定资产 | 404.13 万元（2 位小数） | → 国有资产!B4 | 一致",
        "说明.txt 第 2 段 [25:32] “5.85 万元” | 金额 | 图书档案 | 5.85 万元（2 位小数） | → 国有资产!B9 | 一致",
        "说明.txt 第 2 段 [33:44] “占固定资产的 1.5%” | 占比 | 图书档案 | 1.5 %（1 位小数） | → 国有资产!C9 | 错误",
        "    错误 SM-SHARE：图书档案占比 5.85÷404.13=1.45%，说明中写 1.5%：四舍五入与截尾均不成立，应为 1.4%"]
    assert lines[4] == "说明.txt 第 4 段 [5:10] “与上年持平” | 持平/为零 | 公务接待费 | 持平 | → 三公经费预算!D9 | 一致"
    assert lines[5:7] == ["说明.txt 第 5 段 [3:7] “3 万元” | 金额 | 某某 | 3 万元（0 位小数） | → 未对应 | 提示",
                          "    提示 SM-UNLINKED：“3 万元”未能对应到表格（“某某”在表格中没有对应项）"]
    # 基本支出 rose 94.8 万元 in the tables: 减少 10 is wrong both in size and in direction.
    assert lines[7:10] == [
        "说明.txt 第 7 段 [7:15] “减少 10 万元” | 增减额 | 基本支出 | -10 万元（0 位小数） | → 收入支出!D19 | 错误",
        "    错误 SM-CHANGE：基本支出：说明中写减少 10 万元，表中增减额为 94.8 万元（收入支出!D19）；"
        "四舍五入与截尾均不成立，应为 95",
        "    错误 SM-DIRECTION：基本支出：说明中写“减少 10 万元”，表中增减额为 94.8 万元（收入支出!D19），应为“增加”"]
    assert lines[-1] == "共 6 处数字表述，已对应表格 5 处；错误 2，警告 0，提示 1"


def test_a_blank_cell_is_a_warning_and_a_cell_whose_sheet_is_missing_is_not_checked(seed_data: Dataset) -> None:
    text = ["七、国有资产信息", "本部门固定资产 404.13 万元。"]
    unfilled = copy.deepcopy(seed_data)
    unfilled["assets"]["total"]["amount"] = None
    (claim,) = judged(Book(unfilled, source="unfilled"), text, "a.txt")
    assert claim.cell == "国有资产!B4"
    assert claim.checks == (c.Check(c.BLANK, "warning", "固定资产：说明中写“404.13 万元”，表中 国有资产!B4 未填",
                                    ("a.txt 第 2 段", "国有资产!B4"), None, Decimal("404.13")),)
    # 国有资产's checks read 政府采购预算: without that sheet the blank total is unknown, not unfilled.
    del unfilled["procurement"]
    (claim,) = judged(Book(unfilled, source="no procurement"), text, "a.txt")
    assert claim.checks == (c.Check(c.BLANK, "ok", "固定资产：表中 国有资产!B4 依赖的工作表“政府采购预算”缺失，未核对",
                                    ("a.txt 第 2 段", "国有资产!B4"), None, Decimal("404.13")),)
    assert claim.verdict == "ok"
    del unfilled["assets"]  # both sheets gone: both named, in order
    (claim,) = judged(Book(unfilled, source="no assets"), text, "a.txt")
    assert claim.checks[0].message == "固定资产：表中 国有资产!B4 依赖的工作表“国有资产、政府采购预算”缺失，未核对"


def test_a_claim_in_yuan_on_a_blank_cell_states_its_amount_in_wanyuan(seed_data: Dataset) -> None:
    unfilled = copy.deepcopy(seed_data)
    unfilled["assets"]["total"]["amount"] = None
    (claim,) = judged(Book(unfilled, source="unfilled"), ["七、国有资产信息", "本部门固定资产 4041300 元。"], "a.txt")
    assert claim.checks[0].actual == Decimal("404.13")  # 4041300 元 = 404.13 万元, the table's unit


def test_a_text_file_is_read_one_paragraph_a_line_and_a_run_on_line_is_split(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    sentence = "本部门固定资产 404.13 万元。"
    run_on = sentence * 200  # 3,600 characters: a page whose line breaks were lost
    path.write_text("\ufeff一、概况\n\n  " + sentence + "  \n" + run_on + "\n", encoding="utf-8")
    paragraphs = read_text_file(path)
    assert paragraphs[:2] == ["一、概况", sentence]  # the byte-order mark and blank lines are dropped
    assert paragraphs[2:] == [sentence] * 200
    longest = sentence * 166 + "本部门在职人员共十二人。"  # 3,000 characters: the longest line kept as written
    assert len(longest) == 3000
    short = tmp_path / "short.txt"
    short.write_text(longest, encoding="utf-8")
    assert read_text_file(short) == [longest]


def test_a_text_files_paragraphs_are_located_by_number_from_one() -> None:
    locate = file_locator("说明.txt")
    assert [locate(0), locate(9)] == ["说明.txt 第 1 段", "说明.txt 第 10 段"]


def test_the_command_lists_the_workbooks_own_text_as_text_by_default(seed_book: Book) -> None:
    listing = render_for(seed_book).splitlines()
    assert listing[-1] == "共 90 处数字表述，已对应表格 87 处；错误 2，警告 2，提示 4"  # the seed's 情况说明 sheet
    assert listing[0].startswith("情况说明!")
