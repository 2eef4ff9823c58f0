"""A disclosure text checked on its own: each check fires on a text written to break it, and stays
silent on the traps that used to give false alarms (a figure bound by position, a prior year taken
as a part, a function class read as procurement 服务). Texts are short and written for the test."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import soffice

from budget_addin import cli
from budget_addin.core.dataset import Dataset
from budget_addin.core.model import Book
from budget_addin.files.documents import DocumentError, read_paragraphs
from budget_addin.narrative import text_check as tx
from budget_addin.narrative.figures import as_paragraphs, read_figures
from budget_addin.narrative.paragraphs import heading_levels, paragraphs_of
from budget_addin.narrative.text_check import check_paragraphs
from budget_addin.rules import run_rules

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "budget_addin" / "data" / "source" / "changjiang2020_disclosure.txt"


def flagged(paragraphs: list[str]) -> list[tuple[str, str]]:
    """(rule, severity) of every error or warning on a text."""
    return [(f.rule, f.severity) for f in check_paragraphs(paragraphs) if f.severity != "info"]


def only(paragraphs: list[str], rule: str) -> tx.TextFinding:
    found = [f for f in check_paragraphs(paragraphs) if f.rule == rule]
    assert len(found) == 1, found
    return found[0]


# -- each check fires --------------------------------------------------------------------------------


def test_parts_adding_to_more_than_the_total_are_an_error() -> None:
    finding = only(["支出总计 100 万元，比上年增加 20 万元，其中基本支出 60 万元、项目支出 50 万元。"], tx.SUM)
    assert finding.severity == "error"
    assert finding.message.startswith("支出总计：文中写 100 万元，所列各项 60+50=110 万元，相差 10 万元")
    assert (finding.expected, finding.actual) == (Decimal(110), Decimal(100))


def test_a_shortfall_that_unlisted_parts_may_hold_is_a_warning_naming_them() -> None:
    """A department with 事业单位经营支出 20 writes 支出总计 1000 with only 基本 600 and 项目 380: not an error."""
    finding = only(["支出总计 1000 万元，其中基本支出 600 万元，项目支出 380 万元。"], tx.SUM)
    assert finding.severity == "warning"
    assert "600+380=980 万元，相差 20 万元（文中未列单位预留机动经费、事业单位经营支出" in finding.message
    listed = only(["支出总计 1000 万元，其中基本支出 600 万元，项目支出 370 万元，单位预留机动经费 10 万元，"
                   "事业单位经营支出 10 万元。"], tx.SUM)
    assert listed.severity == "error" and "相差 10 万元。" in listed.message  # every part named: the gap is real


@pytest.mark.parametrize(("text", "start"), [
    ("基本支出 130 万元，其中人员经费 100 万元、公用经费 20 万元。",
     "基本支出：文中写 130 万元，所列各项 100+20=120 万元"),
    # "10 万元" stands for 9.5–10.5 and 2 + 3 + 4 for 7.5–10.5: they meet, so the cents are given
    ("“三公”经费 10.00 万元，其中因公出国（境）费 2.00 万元、公务用车购置及运行费 3.00 万元、公务接待费 4.00 万元。",
     "“三公”经费：文中写 10 万元，所列各项 2+3+4=9 万元"),
    ("公务用车购置及运行费 8.00 万元，其中公务用车购置费 5.00 万元，公务用车运行维护费 2.00 万元。",
     "公务用车购置及运行费：文中写 8 万元，所列各项 5+2=7 万元"),
    ("政府采购预算 100 万元，其中货物 30 万元、工程 20 万元、服务 60 万元。",
     "政府采购预算：文中写 100 万元，所列各项 30+20+60=110 万元"),
    ("固定资产 200 万元，其中通用设备 150 万元；家具、用具、装具及动植物 60 万元。",
     "固定资产：文中写 200 万元，所列各项 150+60=210 万元"),
    ("一般公共预算支出 500 万元，其中一般公共服务支出 300 万元、社会保障和就业支出 250 万元。",
     "一般公共预算支出：文中写 500 万元，所列各项 300+250=550 万元"),
    ("收入总计 1,200,000 元，其中一般公共预算拨款 1,000,000 元，政府性基金预算拨款 300,000 元。",
     "收入总计：文中写 120 万元，所列各项 100+30=130 万元"),
])
def test_every_known_breakdown_is_added_up(text: str, start: str) -> None:
    finding = only([text], tx.SUM)
    assert finding.severity == "error" and finding.message.replace('"', "“", 1).replace('"', "”", 1).startswith(start)


def test_a_breakdown_stated_across_paragraphs_of_one_section_is_added_up() -> None:
    text = ["三、国有资产占用情况", "截至上年末，本部门固定资产 100.00 万元。",
            "其中通用设备 60.00 万元，专用设备 30.00 万元，图书档案 5.00 万元。"]
    assert flagged(text) == []
    text[2] = text[2].replace("60.00", "70.00")
    finding = only(text, tx.SUM)
    assert "60" not in finding.message and "70+30+5=105 万元，超过总数 5 万元" in finding.message
    assert finding.paragraphs == (1, 2)


def test_counts_of_an_of_which_list_may_not_exceed_their_total() -> None:
    finding = only(
        ["本部门共有预算单位 1 家，其中行政单位 1 家、参照公务员法管理事业单位 0 家、全额拨款事业单位 3 家。"], tx.SUM
    )
    assert finding.severity == "error" and "所列各项 1+0+3=4 家，超过总数 3 家" in finding.message


def test_a_semicolon_after_a_list_of_several_closes_the_of_which_list() -> None:
    """其中 A、B；C: C belongs to the next clause (退休人员 are not among the 实有人数); 其中 A；B；C lists with
    semicolons."""
    assert flagged(["年末实有人数 50 人，其中行政人员 20 人、事业人员 25 人；退休人员 12 人。"]) == []
    assert flagged(["年末实有人数 50 人，其中行政人员 20 人、事业人员 25 人;退休人员 12 人。"]) == []
    closed = only(["年末实有人数 50 人，其中行政人员 20 人、事业人员 35 人；退休人员 12 人。"], tx.SUM)
    assert "所列各项 20+35=55 人" in closed.message
    separated = only(["年末实有人数 50 人，其中：行政人员 20 人；事业人员 25 人；工勤人员 10 人。"], tx.SUM)
    assert "所列各项 20+25+10=55 人" in separated.message
    with_shares = only(["支出总计 100 万元，其中：基本支出 70 万元，占 70%；项目支出 40 万元，占 40%。"], tx.SUM)
    assert "所列各项 70+40=110 万元" in with_shares.message


def test_shares_of_a_list_that_makes_up_more_than_its_total_are_of_the_whole() -> None:
    """财政拨款 X。其中，一般公共预算 X，占 a%；其他资金 Y，占 b%: the shares (a + b = 100) are of X + Y, and the list
    does not break down X (其他资金 is no part of 财政拨款): neither X÷X = 100% nor "parts exceed the total"."""
    consistent = ["财政拨款收入预算总计 1,240.40 万元。其中，一般公共预算收入 1,240.40 万元，占 99.30%；"
                  "其他资金 8.80 万元，占 0.70%。"]
    assert flagged(consistent) == []
    slipped = only(["财政拨款收入预算总计 1,240.40 万元。其中，一般公共预算收入 1,240.40 万元，占 99.30%；"
                    "其他资金 8.80 万元，占 0.90%。"], tx.SHARE)
    assert slipped.severity == "error" and "8.8÷1249.2（各项之和）=0.70%" in slipped.message
    assert flagged(["财政拨款收入预算总计 1,240.40 万元。其中，一般公共预算收入 1,240.40 万元；其他资金 8.80 万元。"]) \
        == [(tx.SUM, "error")]  # without shares making 100%, the list is read as the total's breakdown


@pytest.mark.parametrize("comparison", ["与2016年度相比（2016年度部门支出预算安排为1,100.00万元）",
                                        "与上年相比（上年预算数为1,100.00万元）"])
def test_a_prior_year_figure_in_brackets_is_the_prior(comparison: str) -> None:
    """The bracketed figure is last year's: the rate is the change over it, not over itself minus the change."""
    sentence = f"2017年部门支出预算1,250.40万元，{comparison}，增加150.40万元，增长{{rate}}。"
    assert flagged([sentence.format(rate="13.67%")]) == []
    wrong = only([sentence.format(rate="14.67%")], tx.RATE)
    assert "150.4÷1100=13.67%" in wrong.message and wrong.severity == "error"


def test_a_rate_stated_on_a_zero_base_is_a_warning_to_write_new() -> None:
    """增加 X 万元 where X is the whole current figure: the prior is 0, no rate exists (新增), and 100% is wrong."""
    finding = only(["防汛支出（项）120.00万元，比上年增加120.00万元，增长100%，主要原因是新增防汛项目。"], tx.RATE)
    assert finding.severity == "warning" and "基数为 0 时增长率无从计算，应写“新增”" in finding.message
    assert flagged(["防汛支出（项）120.00万元，比上年增加120.00万元，主要原因是新增防汛项目。"]) == []


def test_a_final_accounts_completion_rate_is_final_over_budget() -> None:
    sentence = "2016年度一般公共预算财政拨款支出年初预算为1,000.00万元，支出决算为1,050.00万元，完成年初预算的{}。"
    assert flagged([sentence.format("105.00%")]) == []
    wrong = only([sentence.format("110.00%")], tx.COMPLETION)
    assert wrong.severity == "error" and "完成率 1050÷1000=105.00%" in wrong.message
    assert flagged(["年初预算为0万元，支出决算为50.00万元，完成年初预算的100%。"]) == []  # no rate on a base of 0


def test_an_explicit_pair_of_years_is_checked_without_an_item() -> None:
    """2015年预算 P，2016年预算 C，减少 D，减少率 R: the years say which is the prior."""
    sentence = "2015年预算800.00万元，2016年预算720.00万元，减少{}万元，减少率{}%。"
    assert flagged([sentence.format("80.00", "10.00")]) == []
    assert "80÷800=10.00%" in only([sentence.format("80.00", "11.00")], tx.RATE).message
    assert "本年 720 − 上年 800 = -80 万元" in only([sentence.format("70.00", "10.00")], tx.CHANGE).message
    assert flagged(["2015年预算800.00万元，2017年预算720.00万元，减少70.00万元。"]) == []  # not consecutive years
    assert (
        "80÷800=10.00%"
        in only(["上年预算800.00万元，本年预算720.00万元，减少80.00万元，减少率11.00%。"], tx.RATE).message
    )
    checked = check_paragraphs([sentence.format("80.00", "11.00")])
    assert [f.rule for f in checked] == [tx.RATE]  # its figures were checked: none is listed as unbound


def test_one_change_shared_by_both_totals_is_judged() -> None:
    text = ["某局2021年部门预算", "2021年收入预算总计600.61万元，支出预算总计600.61万元。与上年相比，"
            "收、支预算总计各增加66.21万元，增长{}%。"]
    assert flagged([text[0], text[1].format("12.39")]) == []
    assert "66.21÷534.4（上年数=600.61-66.21）=12.39%" in only([text[0], text[1].format("13.39")], tx.RATE).message


def test_one_change_stated_twice_for_the_same_figure_must_agree() -> None:
    text = ["某局2021年部门预算", "一、收支总体情况", "2021年支出预算总计600.00万元，比上年增加100.00万元。",
            "二、一般公共预算支出情况", "支出预算总计600.00万元，比上年增加{}万元。"]
    assert flagged([*text[:4], text[4].format("100.00")]) == []
    assert flagged([*text[:4], text[4].format("100")]) == []  # the same change, .00 dropped
    twice = only([*text[:4], text[4].format("100.30")], tx.REPEAT)
    assert "第3段写增减 100 万元，此处写 100.3 万元，相差 0.3 万元" in twice.message
    other_scope = [*text[:4], "财政拨款支出总计560.00万元，比上年增加90.00万元。"]
    assert flagged(other_scope) == []  # another current figure: another scope, not compared


def test_units_by_kind_short_of_their_count_are_a_warning() -> None:
    """行政、参公、事业 make every kind of 预算单位: a shortfall is a warning naming what is not listed."""
    short = only(["本部门预算单位5家，其中行政单位1家、参公单位1家、事业单位2家。"], tx.SUM)
    assert short.severity == "warning" and "相差 1 家（文中未列其他类型单位" in short.message
    assert flagged(["本部门预算单位4家，其中行政单位1家、参公单位1家、事业单位2家。"]) == []
    assert flagged(["本部门下属单位5家，其中二级单位2家。"]) == []  # not a breakdown by kind


def test_a_total_after_its_list_must_equal_it() -> None:
    finding = only(["原有网格员 20 人，今年新招聘 12 名，分配至本单位 5 人，共计 27 人。"], tx.SUM)
    assert finding.message.startswith("共计 27 人：所列各项 20+5=25 人，相差 2 人")


def test_a_stated_rate_is_judged_against_change_over_prior() -> None:
    finding = only(["公用经费 90.00 万元，比上年减少 10.00 万元，减少10.28。"], tx.RATE)  # a rate without %
    assert finding.severity == "error"
    assert finding.message.startswith(
        "公用经费降幅 10÷100（上年数=90+10）=10.00%，文中写 10.28%：四舍五入与截尾均不成立，应为 10.00%"
    )


def test_a_rate_true_only_when_truncated_is_a_warning_that_says_so() -> None:
    assert flagged(["基本支出 300.00 万元，比上年增加 23.50 万元，增长 8%。"]) == []  # 23.5 ÷ 276.5 = 8.499…%
    finding = only(["基本支出 300.00 万元，比上年增加 24.00 万元，增长 8%。"], tx.RATE)  # 24 ÷ 276 = 8.70%
    assert finding.severity == "warning" and finding.message.endswith(
        "仅在截尾取整时成立，四舍五入应为 9%。原文：“基本支出 300.00 万元，比上年增加 24.00 万元，增长 8%。”")


def test_rates_use_the_stated_prior_year_figure_in_budget_and_final_accounts_wording() -> None:
    assert flagged(["支出总计 100.00 万元，上年预算数 80.00 万元，比上年增加 20.00 万元，增长 25%。"]) == []
    assert flagged(["2019 年度支出决算 120.00 万元，比上年决算数增加 20.00 万元，增长 20%。"]) == []
    finding = only(["2019 年度支出决算 120.00 万元，比上年执行数增加 20.00 万元，增长 25%。"], tx.RATE)
    assert "20÷100（上年数=120-20）=20.00%" in finding.message
    year_is = ["2021 年部门预算公开情况说明", "支出总计 100 万元，2020 年为 80 万元，增加 20 万元，增长 20%。"]
    assert "20÷80=25.00%" in only(year_is, tx.RATE).message


def test_a_share_is_judged_against_the_total_it_names_or_its_breakdown() -> None:
    finding = only(["政府采购预算 100.00 万元，其中货物 30.00 万元，占 31%；服务 70.00 万元，占 70%。"], tx.SHARE)
    assert finding.message.startswith("货物占比 30÷100=30.00%，文中写 31%：四舍五入与截尾均不成立，应为 30%")
    named = only(["固定资产 200.00 万元，其中通用设备 150.00 万元，占固定资产的 76%。"], tx.SHARE)
    assert "150÷200=75.00%" in named.message
    # 公务用车运行维护费 is a part of 公务用车购置及运行费 and of “三公”经费: a share of either holds.
    assert flagged(["“三公”经费 9.00 万元，其中公务用车购置及运行费 6.00 万元，公务接待费 3.00 万元。",
                    "公务用车运行维护费 6.00 万元，占 66.67%。"]) == []


def test_current_minus_prior_must_equal_the_change() -> None:
    finding = only(["基本支出 120 万元，上年预算数 100 万元，增加 25 万元。"], tx.CHANGE)
    assert finding.message.startswith("基本支出：本年 120 − 上年 100 = 20 万元，文中写增减 25 万元")


def test_a_direction_word_contradicting_the_change_is_an_error() -> None:
    finding = only(["项目支出 50.00 万元，比上年减少 10.00 万元，增长 16.67%。"], tx.DIRECTION)
    assert finding.severity == "error" and "方向不一致" in finding.message


def test_flat_or_zero_growth_against_item_changes_stated_with_it() -> None:
    finding = only(["“三公”经费预算 25 万元，增长0%，与上年持平。其中，公务接待费增加 35 万元。"], tx.FLAT)
    assert finding.severity == "warning" and "35=35 万元" in finding.message
    both = only(["公务接待费增加 5 万元，与上年持平。"], tx.FLAT)
    assert both.severity == "error" and "前后矛盾" in both.message
    assert flagged(["“三公”经费 20 万元，与上年持平，其中公务接待费增加 5 万元，因公出国（境）费减少 5 万元。"]) == []


def test_itemised_changes_all_one_way_beyond_the_stated_change_are_a_warning() -> None:
    finding = only(["项目支出增加 50 万元，主要原因是 A 项目增加 40 万元，B 项目增加 30 万元。"], tx.ITEMS)
    assert finding.severity == "warning" and "40+30=70 万元" in finding.message
    # "19 万元" stands for 18.5–19.5: 19 + 76 = 95 may be 94.0–96.0, which holds 94.8.
    assert flagged(["基本支出增加 94.8 万元，其中工资增加 19 万元、津贴增加 76 万元。"]) == []


def test_indicators_without_a_target_and_template_wording_are_warnings() -> None:
    finding = only(["绩效指标：走访覆盖率 100%；投诉办结及时率；回访次数不少于4次"], tx.TARGET)
    assert finding.severity == "warning" and "“投诉办结及时率”没有目标值" in finding.message
    table = [
        "一级指标\t二级指标\t三级指标\t指标值",
        "产出指标\t数量指标\t培训人次\t≥200人次",
        "产出指标\t质量指标\t合格率\t",
    ]
    assert "“合格率”没有指标值" in only(table, tx.TARGET).message
    words = [
        f.actual
        for f in check_paragraphs(["收入预算比上年增加（减少）XX 万元，增长（下降）5%，部门应根据实际情况说明原因。"])
        if f.rule == tx.TEMPLATE
    ]
    assert words == ["增加（减少）", "XX 万元", "增长（下降）", "部门应根据实际情况说明原因"]


# -- precision: traps that must stay silent ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    # the total's change is not its first part; the prior year is not a part
    ["支出总计 100 万元，比上年增加 20 万元，其中基本支出 60 万元、项目支出 40 万元。"],
    ["支出总计 100 万元，上年预算数 80 万元，其中基本支出 60 万元、项目支出 40 万元。"],
    # function classes are not procurement categories
    ["一般公共预算支出 500 万元，其中一般公共服务支出 300 万元、社会保障和就业支出 150 万元。",
     "政府采购预算 100 万元，其中货物 30 万元、工程 20 万元、服务 50 万元。"],
    # sub-lists (包括…；) are not parts of the outer 其中 list
    ["支出总计 300 万元，其中：基本支出 100 万元，包括人员经费 80 万元和公用经费 20 万元；"
     "项目支出 200 万元，包括本级支出 200 万元。"],
    # a qualified word is not the item it contains (退役人员经费 is not 人员经费)
    ["基本支出 100 万元，其中人员经费 80 万元、公用经费 20 万元。", "另外，退役人员经费较上年减少 6.68 万元。"],
    # rounding within the shown precision
    ["收入总计 10.00 万元，其中一般公共预算拨款 3.33 万元、政府性基金预算拨款 6.67 万元。"],
    ["政府采购预算 9 万元，其中货物 3 万元，占 33.33%；服务 6 万元，占 66.67%。"],
])
def test_consistent_or_unbindable_texts_raise_no_error_or_warning(text: list[str]) -> None:
    assert flagged(text) == []


def test_a_figure_whose_clause_names_no_item_is_info_and_never_judged() -> None:
    found = check_paragraphs(["“三公”经费 30 万元，其中因公出国（境）费 5 万元；10 万元；公务接待费 15 万元。"])
    assert [(f.rule, f.severity) for f in found] == [(tx.UNBOUND, "info")]
    assert found[0].message.startswith("“10 万元”所在分句未写明所指项目，未能对应")
    reading = read_figures(as_paragraphs(["人员经费 500 万元，公用经费 100 万元，6927.14 万元用于项目。"]))
    assert [(f.written, f.item) for f in reading.figures] == [
        ("500 万元", "personnel"), ("100 万元", "public"), ("6927.14 万元", None)]


def test_binding_follows_the_clause_not_the_position() -> None:
    reading = read_figures(as_paragraphs(["支出总计 100 万元，比上年增加 20 万元，增长 25%，其中基本支出 60 万元。",
                                          "公务接待费 3 万元，占 33.33%。与上年持平。"]))
    roles = [(f.written, f.role, f.item) for f in reading.figures]
    assert roles == [
        ("100 万元", "amount", "expenditure_total"),
        ("20 万元", "change", "expenditure_total"),
        ("25%", "rate", "expenditure_total"),
        ("60 万元", "amount", "basic"),
        ("3 万元", "amount", "reception"),
        ("33.33%", "share", "reception"),
        ("持平", "equal", "reception"),
    ]


# -- headings and structure ------------------------------------------------------------------------


def test_headings_in_any_numbering_rank_by_first_use() -> None:
    lines = ["第一部分 部门概况", "一、部门职责", "（一）主要职能", "1. 收入预算", "（1）财政拨款", "“三公”经费情况",
             "本部门收入 10 万元。", "1、因公出国（境）费 0 万元，占 0%。"]
    assert heading_levels(lines) == [1, 2, 3, 4, 5, 6, 0, 0]


def test_sentences_broken_across_lines_are_rejoined() -> None:
    paragraphs = paragraphs_of(
        [
            "二、收入",
            "2020 年度收入总计 100 万元，其中：一般公共预算拨款 60 万元，政府性基金预算拨",
            "款 40 万元。",
            "三、支出",
        ]
    )
    assert [p.text for p in paragraphs] == ["二、收入", "2020 年度收入总计 100 万元，其中：一般公共预算拨款 60 万元，"
                                                       "政府性基金预算拨款 40 万元。", "三、支出"]
    assert [p.heading_level for p in paragraphs] == [1, 0, 1]


# -- the seed text ---------------------------------------------------------------------------------

SEED_FINDINGS = [
    (
        tx.SHARE,
        "error",
        "家具、用具、装具及动植物占比 72.11÷404.13=17.84%，文中写 17.9%：四舍五入与截尾均不成立，应为 17.8%",
    ),
    (tx.SUM, "error", "共计 57 人：所列各项 33+18=51 人，相差 6 人"),
    (
        tx.RATE,
        "warning",
        "基本支出增幅 94.8÷1210.05（上年数=1304.85-94.8）=7.83%，文中写 7%：仅在截尾取整时成立，四舍五入应为 8%",
    ),
    (
        tx.RATE,
        "warning",
        "项目支出增幅 541.67÷1959.25（上年数=2500.92-541.67）=27.65%，文中写 27%：仅在截尾取整时成立，四舍五入应为 28%",
    ),
    (tx.TARGET, "warning", "绩效指标“信访事项受理及时率”没有目标值（如“≥95%”），无法衡量"),
]


def _flags(report_findings: list) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.severity, f.message.split("。原文")[0]) for f in report_findings if f.severity != "info")


def test_seed_text_alone_finds_its_inconsistencies_and_flags_nothing_consistent() -> None:
    report = cli.check_document(SEED_TEXT)
    assert _flags(report.findings) == sorted(SEED_FINDINGS)
    locations = {f.rule + f.severity: f.cells for f in report.findings if f.severity != "info"}
    assert locations[tx.SUM + "error"] == ("第37段",)
    assert re.fullmatch(r"第\d+段", locations[tx.TARGET + "warning"][0])
    infos = [f.message.split("所在")[0] for f in report.findings if f.severity == "info"]
    assert infos == ["“140 万”", "“2.49 万元”", "“1%”"]  # stated without naming their item


def _reordered_seed(tmp_path: Path) -> Path:
    """The seed's sections in another order, numbered 第一部分…, subsections 1. 2. …: same content."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=[一二三四五六七八九]、)", text)
    title, sections = parts[0], parts[1:]
    order = [6, 3, 5, 2, 0, 1, 4, 7, 8]  # 七 四 六 三 一 二 五 八 九
    numerals = "一二三四五六七八九"
    out = [title]
    for new, old in enumerate(order):
        body = re.sub(r"^[一二三四五六七八九]、", f"第{numerals[new]}部分 ", sections[old])
        body = re.sub(r"(?m)^[（(]\s*([一二三四五])\s*[）)]\s*", lambda m: f"{numerals.index(m[1]) + 1}. ", body)
        out.append(body)
    target = tmp_path / "reordered.txt"
    target.write_text("".join(out), encoding="gb18030")  # and in another encoding
    return target


def test_seed_content_in_another_order_and_numbering_gives_the_same_findings(tmp_path: Path) -> None:
    target = _reordered_seed(tmp_path)
    assert "第二部分 财政拨款“三公”经费" in target.read_text(encoding="gb18030")
    assert _flags(cli.check_document(target).findings) == sorted(SEED_FINDINGS)


# -- documents and the command line ------------------------------------------------------------------


SHORT = [
    "2021 年部门预算公开情况说明",
    "一、收入支出预算",
    "收入总计 100.00 万元，其中一般公共预算拨款 70.00 万元，政府性基金预算拨款 40.00 万元。",
    "二、政府采购",
    "政府采购预算 10.00 万元，其中货物 4.00 万元，占 40%；服务 6.00 万元，占 60%。",
]


def test_text_in_gbk_docx_and_html_reads_the_same(tmp_path: Path) -> None:
    import docx

    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("\r\n".join(SHORT).encode("gbk"))
    document = docx.Document()
    for line in SHORT:
        document.add_paragraph(line)
    document.save(str(tmp_path / "t.docx"))
    (tmp_path / "t.html").write_text("<html><head><title>x</title></head><body>" + "".join(
        f"<p>{line}</p>" for line in SHORT) + "</body></html>", encoding="utf-8")
    for name in ("gbk.txt", "t.docx", "t.html"):
        paragraphs = read_paragraphs(tmp_path / name)
        assert [p.text for p in paragraphs] == SHORT, name
        assert [p.heading_level for p in paragraphs] == [1, 2, 0, 2, 0]


def test_pdf_names_page_and_paragraph_and_a_scanned_pdf_exits_2(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    import docx
    import pypdfium2 as pdfium

    document = docx.Document()
    for line in SHORT:
        document.add_paragraph(line)
    document.save(str(tmp_path / "t.docx"))
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "t.docx")], check=True, capture_output=True,
                   timeout=180)
    assert cli.main(["check", str(tmp_path / "t.pdf"), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    (finding,) = payload["findings"]
    assert finding["rule"] == tx.SUM and finding["cells"] == ["第1页第3段"] and finding["scope"] == "文本"
    assert "所列各项 70+40=110 万元，超过总数 10 万元" in finding["message"]

    scanned = pdfium.PdfDocument.new()
    scanned.new_page(595, 842)  # a page with no text layer, as a scanner makes
    scanned.save(str(tmp_path / "scan.pdf"))
    with pytest.raises(DocumentError, match="没有文字层"):
        read_paragraphs(tmp_path / "scan.pdf")
    assert cli.main(["check", str(tmp_path / "scan.pdf")]) == 2
    assert "没有文字层（可能是扫描件）" in capsys.readouterr().err


def test_cli_check_of_a_text_file_exits_like_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("\n".join(SHORT).replace("40.00 万元。", "30.00 万元。"), encoding="utf-8")
    assert cli.main(["check", str(clean)]) == 0
    assert "错误 0 项，警告 0 项" in capsys.readouterr().out
    out = tmp_path / "r.xlsx"
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(SHORT), encoding="utf-8")
    assert cli.main(["check", str(bad), "--format", "xlsx", "-o", str(out)]) == 1
    import openpyxl

    rows = list(openpyxl.load_workbook(out)["审核结果"].values)
    assert rows[1][1:5] == ("TX-SUM", "错误", "文本", "第3段")


def test_check_workbook_with_text_adds_text_alone_and_text_vs_table_findings(
        built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(built), "--text", str(SEED_TEXT), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    from_text = [(f["rule"], f["severity"]) for f in findings
                 if f["cells"][0].startswith(SEED_TEXT.name) and f["severity"] != "info"]
    # each inconsistency once: against the tables where a table holds the figure, on its own otherwise
    assert sorted(from_text) == sorted([("SM-SHARE", "error"), ("SM-SUM", "error"), ("SM-GROWTH", "warning"),
                                        ("SM-GROWTH", "warning"), (tx.TARGET, "warning")])


def test_the_workbook_narrative_sheet_gets_text_alone_checks(data: Dataset) -> None:
    seed = run_rules(Book(data, source="seed"))
    assert [f for f in seed.findings if f.scope == tx.SCOPE] == []  # all four are already SM findings
    changed = copy.deepcopy(data)
    index = next(i for i, r in enumerate(changed["narrative"]) if "机关运行经费支出预算" in r["text"])
    changed["narrative"][index]["text"] += "比上年增加（减少）XX 万元。"
    report = run_rules(Book(changed, source="changed"))
    (template, _more) = [f for f in report.findings if f.rule == tx.TEMPLATE]
    assert template.cells == (Book(changed).ref("narrative", index, "text"),)


# -- the text-against-table claims no longer depend on the seed's section numbers ---------------------


def test_claims_link_by_the_heading_words_not_its_number(seed_book: Book) -> None:
    from budget_addin.narrative.claims import extract, link_and_judge
    from budget_addin.narrative.generate import generate

    paragraphs = [p.text for p in generate(seed_book)]
    numerals = iter("二三四五六七八九十")  # every part one further on: 三公 (四) becomes 第五部分
    renumbered = [re.sub(r"^[一二三四五六七八九]、", lambda _m: f"第{next(numerals)}部分 ", t) for t in paragraphs]
    renumbered = [re.sub(r"^（([一二三])）", lambda m: f"{'一二三'.index(m[1]) + 1}. ", t) for t in renumbered]
    assert "第四部分 财政拨款“三公”经费预算情况及增减变化原因" not in renumbered  # 三公 is now the fifth part
    assert any(t.startswith("第五部分 财政拨款“三公”经费") for t in renumbered)
    before = [(j.claim.text, j.cell, j.verdict) for j in link_and_judge(seed_book, extract(paragraphs))]
    after = [(j.claim.text, j.cell, j.verdict) for j in link_and_judge(seed_book, extract(renumbered))]
    assert after == before and len(before) >= 85


def test_claims_link_the_same_when_the_sections_are_reordered(seed_book: Book) -> None:
    from budget_addin.narrative.claims import extract, link_and_judge
    from budget_addin.narrative.generate import generate

    paragraphs = [p.text for p in generate(seed_book)]
    starts = [i for i, t in enumerate(paragraphs) if re.match(r"^[一二三四五六七八九]、", t)]
    sections = [paragraphs[a:b] for a, b in zip(starts, [*starts[1:], len(paragraphs)], strict=True)]
    reordered = paragraphs[:starts[0]] + [line for section in reversed(sections) for line in section]
    assert reordered[starts[0]].startswith("八、名词解释")  # the last part now comes first
    key = lambda j: (j.claim.text, j.cell, j.verdict)  # noqa: E731
    before = sorted(key(j) for j in link_and_judge(seed_book, extract(paragraphs)))
    after = sorted(key(j) for j in link_and_judge(seed_book, extract(reordered)))
    assert after == before


# -- a whole text of another kind of department (written for the test) -------------------------------

OTHER = ROOT / "tests" / "texts" / "district_education_2021.txt"
# (replaced, replacement): seven slips put into the consistent text
SLIPS = [
    ("增长 4.69%", "增长 4.96%"),
    ("占 76.42%", "占 76.24%"),
    ("下降 10%。其中", "下降 11%。其中"),
    ("教育支出 45,000.00 万元", "教育支出 46,000.00 万元"),
    ("政府采购货物预算 2,100.00", "政府采购货物预算 2,200.00"),
    ("比上年减少 4.00 万元，下降11.76", "比上年减少 3.00 万元，下降11.76"),
    ("行政单位 1 家，全额拨款事业单位 35 家", "行政单位 2 家，全额拨款事业单位 35 家"),
]


def test_another_departments_consistent_text_raises_only_its_missing_target() -> None:
    report = cli.check_document(OTHER)
    assert [(f.rule, f.severity) for f in report.findings] == [(tx.TARGET, "warning")]
    assert "校舍安全隐患整改率" in report.findings[0].message


def test_each_slip_in_another_departments_text_is_found(tmp_path: Path) -> None:
    text = OTHER.read_text(encoding="utf-8")
    for old, new in SLIPS:
        assert old in text
        text = text.replace(old, new)
    target = tmp_path / "slipped.txt"
    target.write_text(text, encoding="utf-8")
    found = sorted((f.rule, f.cells[0]) for f in cli.check_document(target).findings if f.severity == "error")
    assert found == sorted([(tx.RATE, "第9段"), (tx.SHARE, "第10段"), (tx.RATE, "第17段"), (tx.SUM, "第12段"),
                            (tx.SUM, "第21段"), (tx.RATE, "第17段"), (tx.SUM, "第17段"), (tx.SUM, "第6段")])


@pytest.mark.parametrize("text", [
    ["单价 50 万元以上通用设备 3 台，比上年下降 0.5 个百分点。"],
    ["收入总计 100 万元（含上年结转 10 万元），其中一般公共预算拨款 90 万元。"],
    ["支出总计 100 万元，基本支出 60 万元，项目支出 40 万元，合计 100 万元。"],
    ["一、收支总体情况", "支出总计 600 万元，其中一般公共预算拨款 500 万元，政府性基金预算拨款 100 万元。",
     "一般公共预算拨款 500 万元，其中基本支出 300 万元，项目支出 200 万元。"],
])
def test_thresholds_asides_and_other_totals_are_not_parts(text: list[str]) -> None:
    assert flagged(text) == []


def test_a_mismatch_resting_on_another_sections_figure_is_only_a_warning() -> None:
    text = [
        "一、支出预算",
        "项目支出 2500.00 万元。",
        "二、一般公共预算支出",
        "项目支出比上年增加 100.00 万元，增长 5%。",
    ]
    finding = only(text, tx.RATE)  # 100 ÷ 2400 = 4.17%: but the 2500 may be of another scope
    assert finding.severity == "warning" and finding.paragraphs == (3, 1)


FINAL = ROOT / "tests" / "texts" / "county_agriculture_2020_final_accounts.txt"  # 决算 wording, written for the test
FINAL_SLIPS = [
    ("占 95.65%；其他", "占 96.65%；其他"),
    ("下降 10.71%", "下降 11.71%"),
    ("公务接待费 2.50 万元", "公务接待费 3.50 万元"),
    ("降低 5.88%", "降低 6.88%"),
    ("占 86.36%", "占 87.36%"),
    ("共有车辆 4 辆", "共有车辆 3 辆"),
    ("政府采购服务支出 50.00", "政府采购服务支出 60.00"),
    ("的 80%", "的 85%"),
    ("人员经费 900.00", "人员经费 950.00"),
]


def test_a_final_accounts_text_is_read_the_same_way(tmp_path: Path) -> None:
    assert [f.severity for f in cli.check_document(FINAL).findings] == ["info", "info"]  # 与上年相比，增加 …: no item
    text = FINAL.read_text(encoding="utf-8")
    for old, new in FINAL_SLIPS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target = tmp_path / "slipped.txt"
    target.write_text(text, encoding="utf-8")
    found = [
        f.message.split("：")[0].split(" ")[0] for f in cli.check_document(target).findings if f.severity == "error"
    ]
    assert sorted(found) == sorted(
        [
            "“三公”经费降幅",
            "机关运行经费支出降幅",
            "财政拨款收入占比",
            "农林水支出占比",
            "授予小微企业合同占比",
            "财政拨款基本支出",
            "政府采购支出总额",
            "“三公”经费财政拨款支出决算",
            "共有车辆",
        ]
    )


def test_an_of_which_list_that_may_hang_from_an_earlier_total_is_left_alone() -> None:
    assert flagged(["本部门编制 20 人，实有 18 人，其中行政编制 15 人、事业编制 5 人。"]) == []
    assert flagged(["实有人数 18 人，其中在职 15 人、退休 5 人。"]) == [(tx.SUM, "error")]


def test_prose_that_mentions_circumstances_is_not_template_wording() -> None:
    assert flagged(["各科室应根据实际情况合理安排支出。"]) == []
    assert [f.actual for f in check_paragraphs(["（说明：部门应根据实际情况填写）比上年增加 XX 万元。"])] == [
        "（说明：部门应根据实际情况填写）", "XX 万元"]


def test_the_seed_as_docx_gives_the_findings_of_the_seed_as_text(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "seed.docx"))
    as_docx = cli.check_document(tmp_path / "seed.docx").findings
    as_text = cli.check_document(SEED_TEXT).findings
    assert [(f.rule, f.severity, f.cells, f.message) for f in as_docx] == [
        (f.rule, f.severity, f.cells, f.message) for f in as_text]


def test_a_sentence_may_open_with_its_own_total_before_a_trailing_one() -> None:
    assert flagged(["本单位职工 50 人，在职 40 人，退休 8 人，共计 48 人。"]) == []
    assert "40+8=48 人，相差 1 人" in only(["本单位职工 50 人，在职 40 人，退休 8 人，共计 47 人。"], tx.SUM).message
    assert "40+8=48 人，相差 1 人" in only(["在职 40 人，退休 8 人，共计 47 人。"], tx.SUM).message


def test_an_html_page_in_gbk_reads_blocks_as_paragraphs_and_table_cells_as_one(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes((ROOT / "tests" / "texts" / "three_public_page.html").read_text(encoding="utf-8").encode("gbk"))
    assert [(p.heading_level, p.text) for p in read_paragraphs(page)] == [
        (1, "一、“三公”经费情况"),
        (
            0,
            "“三公”经费预算 10.00 万元，其中公务接待费 4.00 万元、公务用车购置及运行费 5.00 万元，"
            "因公出国（境）费 3.00 万元。",
        ),
        (0, "项目\t金额"),
        (0, "公务接待费\t4.00"),
    ]
    (finding,) = cli.check_document(page).findings
    assert finding.message.startswith("“三公”经费预算：文中写 10 万元，所列各项 4+5+3=12 万元，相差 2 万元")
    assert finding.cells == ("第2段",)


def test_last_years_figure_named_by_its_year_is_a_prior_not_a_second_current() -> None:
    text = ["2021年部门预算说明", "2021年收入预算 110.00 万元，2020年收入预算 100.00 万元，增加 10.00 万元，增长 10%。"]
    roles = [(f.written, f.role, f.item) for f in read_figures(as_paragraphs(text)).figures]
    assert roles[:2] == [("110.00 万元", "amount", "income_total"), ("100.00 万元", "prior", "income_total")]
    assert flagged(text) == []
    wrong = [text[0], text[1].replace("增加 10.00 万元", "增加 12.00 万元")]
    assert only(wrong, tx.CHANGE).message.startswith("收入预算：本年 110 − 上年 100 = 10 万元，文中写增减 12 万元")
    # a date in the year before is not a prior: 截至 2020 年 12 月 31 日 …
    dated = read_figures(as_paragraphs(["2021年部门预算说明", "截至2020年12月31日，本部门固定资产 50.00 万元。"]))
    assert [(f.role, f.item) for f in dated.figures] == [("amount", "assets_total")]


def test_placeholders_left_by_the_generator_are_not_read() -> None:
    text = ["共计【待核：表中共计为 57 人（社区工作者!B4），所列各项 33+18=51 人】，较上年增加 45 人。"]
    assert [f.written for f in read_figures(as_paragraphs(text)).figures] == ["45 人"]


def test_numbered_list_items_with_amounts_are_body_text_not_headings() -> None:
    text = ["二、“三公”经费", "2021年“三公”经费预算 10.00 万元，其中：", "1、因公出国（境）费 2.00 万元",
            "2、公务用车购置及运行费 5.00 万元", "3、公务接待费 4.00 万元"]
    assert heading_levels(text) == [1, 0, 0, 0, 0]
    assert only(text, tx.SUM).message.startswith("“三公”经费预算：文中写 10 万元，所列各项 2+5+4=11 万元")


@pytest.mark.parametrize(
    ("text", "unbound"),
    [
        (
            [
                "二、部门预算安排的总体情况",
                "基本支出 1304.85 万元，其中人员经费 1117.2 万元，公用经费 187.65 万元，6927.14 万元用于其他。",
            ],
            "6927.14 万元",
        ),
        (
            [
                "四、“三公”经费预算情况",
                "“三公”经费预算 9 万元，其中因公出国（境）费 0 万元；25.4 万元；公务接待费 3 万元。",
            ],
            "25.4 万元",
        ),
        (
            [
                "六、政府采购预算情况",
                "政府采购预算 383.28 万元，其中货物 20.28 万元、工程 363 万元。一般公共服务支出 100 万元。",
            ],
            "100 万元",
        ),
    ],
)
def test_claims_against_the_tables_do_not_charge_a_figure_to_an_item_its_clause_does_not_name(
    seed_book: Book, text: list[str], unbound: str
) -> None:
    from budget_addin.narrative.claims import extract, link_and_judge

    judged = link_and_judge(seed_book, extract(text))
    assert [j.verdict for j in judged if j.claim.text != unbound] == ["ok"] * (len(judged) - 1)
    (figure,) = [j for j in judged if j.claim.text == unbound]
    assert figure.cell is None and figure.verdict == "info"


def test_a_change_after_a_list_joined_by_commas_is_not_guessed(seed_book: Book) -> None:
    from budget_addin.narrative.claims import extract, link_and_judge

    listed = ["支出总计 100 万元，其中基本支出 60 万元、项目支出 40 万元，比上年增加 20 万元，增长 25%。"]
    assert [(f.written, f.item) for f in read_figures(as_paragraphs(listed)).figures][3:] == [
        ("20 万元", None), ("25%", None)]
    each = ["其中：基本支出 60 万元，比上年增加 5 万元；项目支出 40 万元，比上年增加 3 万元。"]
    assert [f.item for f in read_figures(as_paragraphs(each)).figures] == ["basic", "basic", "project", "project"]
    seed_wording = ["二、部门预算安排的总体情况",
                    "支出总计 3805.77 万元，其中基本支出 1304.85 万元、项目支出 2500.92 万元，比上年增加 636.47 万元。"]
    change = next(j for j in link_and_judge(seed_book, extract(seed_wording)) if j.claim.kind == "change")
    assert change.verdict == "info" and change.cell is None  # not charged to 项目支出 (541.67 in the table)


def test_parts_in_a_sentence_that_opens_with_another_item_belong_to_that_item() -> None:
    text = [
        "二、收支预算总体情况",
        "收入预算 500 万元，支出预算 500 万元。",
        "财政拨款支出 400 万元，基本支出 300 万元，项目支出 100 万元。",
    ]
    assert flagged(text) == []
    text[2] = "基本支出 300 万元，项目支出 100 万元。"
    assert "所列各项 300+100=400 万元，相差 100 万元" in only(text, tx.SUM).message


def test_function_classes_marked_with_their_level_are_recognised() -> None:
    text = ["一般公共预算支出 500 万元，其中一般公共服务（类）支出 300 万元，教育（类）支出 150 万元。"]
    assert [f.item for f in read_figures(as_paragraphs(text)).figures] == ["gp_expenditure", "function_0", "function_4"]
    assert flagged(text) == []


def test_text_rules_are_in_the_catalogue_with_chinese_titles() -> None:
    from budget_addin.rules import load_catalogue

    catalogue = load_catalogue()
    ids = {rule_id for rule_id in catalogue if rule_id.startswith("TX-")}
    assert ids == set(tx.TEXT_RULES) and len(ids) == 12
    for rule_id in ids:
        rule = catalogue[rule_id]
        assert rule.scope == "文本" and re.search(r"[\u4e00-\u9fff]", rule.title)
        assert rule.severity == tx.TEXT_RULES[rule_id][0]


def test_flat_against_a_stated_prior_year_figure() -> None:
    finding = only(["公务接待费 3.00 万元，上年预算数 2.00 万元，与上年持平。"], tx.CHANGE)
    assert finding.message.startswith("公务接待费：文中写“持平”，但本年 3 − 上年 2 = 1 万元")
    assert flagged(["公务接待费 3.00 万元，上年预算数 3.00 万元，与上年持平。"]) == []


def test_an_of_which_sentence_never_hangs_from_the_section_before() -> None:
    text = ["一、收入", "收入总计 10.00 万元。", "二、支出", "其中基本支出 8.00 万元，项目支出 7.00 万元。"]
    assert flagged(text) == []
