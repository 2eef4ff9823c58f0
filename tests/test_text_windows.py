"""The text reader's windows at their edges, and the same text said another way.

Each window of the reader (how many clauses a continuing figure may reach back, how many sentences a 其中
opening a sentence looks back, how many items make a list) is tested at its limit n and at n + 1, by what
the user sees: the item a figure is bound to, or a finding. Then metamorphic tests: the text written in 元
instead of 万元, with a neutral clause inserted, or with its 其中 items reordered, and what must (not) change.
The texts are invented for the test; the expected figures are worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.figures import Figure, as_paragraphs, read_figures
from budget_addin.narrative.text_check import check_paragraphs


def figures(text: str) -> list[Figure]:
    return read_figures(as_paragraphs([text])).figures


def bound(text: str, role: str) -> str:
    """The label the (single) figure of ``role`` is bound to ("" when unbound)."""
    found = [f for f in figures(text) if f.role == role]
    assert len(found) == 1, found
    return found[0].label


def judged(text: str) -> list[tuple[str, str, D | None, D | None]]:
    """Every error or warning as (rule, severity, expected, actual): what a reviewer acts on."""
    return sorted((f.rule, f.severity, f.expected, f.actual) for f in check_paragraphs([text]) if f.severity != "info")


# -- clauses apart: a change continues the item of the clause right before it, or after one comparison clause --


def test_a_change_in_the_next_clause_continues_the_item() -> None:
    assert bound("基本支出 60 万元，增加 5 万元。", "change") == "基本支出"


def test_a_change_two_clauses_on_is_unbound_unless_the_clause_between_only_compares() -> None:
    assert bound("基本支出 60 万元，主要用于保障运转，增加 5 万元。", "change") == ""
    assert bound("基本支出 60 万元，与上年相比，增加 5 万元。", "change") == "基本支出"
    assert bound("基本支出 60 万元，与上年相比，主要用于保障运转，增加 5 万元。", "change") == ""


def test_a_continued_change_is_checked_against_the_stated_prior_only_within_the_window() -> None:
    """60 − 上年 50 = 10, not the stated 5: found when the change continues 基本支出, not once it is unbound."""
    near = [
        f for f in check_paragraphs(["基本支出 60 万元，上年预算数为 50 万元，增加 5 万元。"]) if f.rule == tx.CHANGE
    ]
    assert [(f.severity, f.expected, f.actual) for f in near] == [("error", D(10), D(5))]
    far = "基本支出 60 万元，上年预算数为 50 万元，主要用于保障运转，增加 5 万元。"
    assert [f for f in check_paragraphs([far]) if f.rule == tx.CHANGE] == []


# -- list length: after a list of two or more joined by 、 a change is the whole list's (unbound) ----------------


def test_a_change_after_one_item_is_that_items_and_after_two_listed_items_is_nobodys() -> None:
    assert bound("公用经费 10 万元，比上年增加 5 万元。", "change") == "公用经费"
    assert bound("人员经费 50 万元、公用经费 10 万元，比上年增加 5 万元。", "change") == ""
    assert bound("人员经费 50 万元、公用经费 10 万元、商品服务 3 万元，比上年增加 5 万元。", "change") == ""
    # two items in clauses of their own (no 、/和) are no list: the change is the last item's
    assert bound("人员经费 50 万元，公用经费 10 万元，比上年增加 5 万元。", "change") == "公用经费"


# -- sentences back: a sentence opening with 其中 hangs from a total up to three sentences before ----------------


@pytest.mark.parametrize(("between", "found"), [(0, True), (2, True), (3, False)])
def test_a_share_in_a_sentence_opening_with_of_which_is_judged_against_a_total_three_sentences_back(
        between: int, found: bool) -> None:
    """办公费 50 ÷ 机关运行经费 200 = 25%, not the stated 30%: found while the total is within three sentences."""
    neutral = "".join(("保障正常运转。", "加强经费管理。", "严格控制支出。")[:between])
    text = f"机关运行经费 200 万元。{neutral}其中办公费 50 万元，占 30%。"
    shares = [f for f in check_paragraphs([text]) if f.rule == tx.SHARE]
    assert [(f.severity, f.expected, f.actual) for f in shares] == ([("error", D(25), D(30))] if found else [])


# -- list lengths of the sum checks ------------------------------------------------------------------------------


def test_a_trailing_total_needs_two_listed_items() -> None:
    assert judged("在编人员 33 人，共计 57 人。") == []  # one item is no list: nothing to add up
    assert judged("在编人员 33 人，聘用人员 18 人，共计 57 人。") == [(tx.SUM, "error", D(51), D(57))]
    assert judged("在编人员 33 人，聘用人员 18 人，临时人员 5 人，共计 57 人。") == [(tx.SUM, "error", D(56), D(57))]


def test_a_semicolon_closes_an_of_which_list_of_two_but_separates_single_items() -> None:
    """项目支出 100: 30 + 40 = 70 fits; with 维修项目 50 as a third part, 120 exceeds it."""
    assert judged("项目支出 100 万元，其中办公设备 30 万元、培训项目 40 万元；另安排维修项目 50 万元。") == []
    assert judged("项目支出 100 万元，其中办公设备 30 万元；培训项目 40 万元；维修项目 50 万元。") == [
        (tx.SUM, "error", D(120), D(100))]


# -- metamorphic: 元 and 万元, a neutral clause, 其中 items reordered ---------------------------------------------


WAN_AND_YUAN = [
    ("基本支出 60 万元，其中人员经费 50 万元、公用经费 20 万元。",
     "基本支出 600,000 元，其中人员经费 500,000 元、公用经费 200,000 元。"),
    ("基本支出 60 万元，比上年增加 10 万元，增长 25%。",
     "基本支出 600000 元，比上年增加 100000 元，增长 25%。"),
    ("基本支出 60 万元，上年预算数为 50 万元，增加 5 万元。",
     "基本支出 600,000 元，上年预算数为 500,000 元，增加 50,000 元。"),
    ("机关运行经费 200 万元，其中办公费 50 万元，占 30%。",
     "机关运行经费 2,000,000 元，其中办公费 500,000 元，占 30%。"),
    ("支出总计 100 万元，其中基本支出 60 万元、项目支出 40 万元。",
     "支出总计 1,000,000 元，其中基本支出 600,000 元、项目支出 400,000 元。"),
]


@pytest.mark.parametrize(("wan", "yuan"), WAN_AND_YUAN)
def test_the_same_text_in_yuan_gives_the_same_findings_as_in_wan_yuan(wan: str, yuan: str) -> None:
    assert judged(yuan) == judged(wan)
    assert [(f.role, f.value, f.label) for f in figures(yuan)] == [(f.role, f.value, f.label) for f in figures(wan)]


def test_the_yuan_texts_do_find_what_they_should() -> None:
    """The metamorphic pairs above are not all silent: each error worked out by hand, in 万元."""
    assert judged(WAN_AND_YUAN[0][1]) == [(tx.SUM, "error", D(70), D(60))]
    assert judged(WAN_AND_YUAN[1][1]) == [(tx.RATE, "error", D(20), D(25))]  # 10 ÷ (60 − 10)
    assert judged(WAN_AND_YUAN[2][1]) == [(tx.CHANGE, "error", D(10), D(5))]
    assert judged(WAN_AND_YUAN[3][1]) == [(tx.SHARE, "error", D(25), D(30))]
    assert judged(WAN_AND_YUAN[4][1]) == []


def test_a_yuan_amount_keeps_its_precision_in_wan_yuan() -> None:
    """1,234,567 元 is 123.4567 万元 with four more decimals, not 123.46."""
    (amount,) = figures("基本支出 1,234,567 元。")
    assert (amount.value, amount.decimals, amount.unit) == (D("123.4567"), 4, "万元")
    (big,) = figures("基本支出 1.5 亿元。")
    assert (big.value, big.unit) == (D(15000), "万元")


def test_inserting_a_neutral_clause_unbinds_a_figure_and_silences_its_check() -> None:
    plain = "基本支出 60 万元，增加 10 万元，增长 25%。"
    padded = "基本支出 60 万元，主要用于机构正常运转，增加 10 万元，增长 25%。"
    assert judged(plain) == [(tx.RATE, "error", D(20), D(25))]
    assert bound(padded, "change") == "" and judged(padded) == []
    unbound = [f for f in check_paragraphs([padded]) if f.rule == tx.UNBOUND]
    assert unbound and all(f.severity == "info" for f in unbound)


@pytest.mark.parametrize("text", [
    "基本支出 60 万元，其中人员经费 50 万元、公用经费 20 万元。",
    "支出总计 100 万元，比上年增加 20 万元，其中基本支出 60 万元、项目支出 50 万元。",
    "项目支出 100 万元，其中办公设备 30 万元、培训项目 40 万元、维修项目 50 万元。",
])
def test_reordering_the_of_which_items_changes_nothing(text: str) -> None:
    head, _, tail = text.partition("其中")
    items = tail.rstrip("。").split("、")
    reordered = head + "其中" + "、".join(reversed(items)) + "。"
    assert reordered != text
    assert judged(reordered) == judged(text) != []


# -- what each figure is: prior years, thresholds, asides, sub-lists, units ---------------------------------------


def described(*paragraphs: str) -> list[tuple[str, D, str, str, bool]]:
    """(role, value in 万元 or its unit, unit, label, inherited) of every figure."""
    return [
        (f.role, f.value, f.unit, f.label, f.inherited) for f in read_figures(as_paragraphs(list(paragraphs))).figures
    ]


def test_the_year_before_the_titles_is_a_prior_year_figure_and_an_older_one_is_not() -> None:
    assert described("2021年部门预算", "基本支出 60 万元。2020 年为 50 万元。")[1][:2] == ("prior", D(50))
    assert described("2021年部门预算", "基本支出 60 万元。2019 年为 50 万元。")[1][:2] == ("amount", D(50))
    assert described("2021年部门预算", "2020 年收入预算 50 万元。")[0][:2] == ("prior", D(50))
    assert described("2021年部门预算", "基本支出上年预算数为 50 万元。") == [
        ("prior", D(50), "万元", "基本支出", False)
    ]


def test_the_text_year_comes_from_the_title_or_from_the_year_compared_with() -> None:
    assert read_figures(as_paragraphs(["2021年部门预算", "正文。"])).year == 2021
    assert read_figures(as_paragraphs(["与2019年度相比，基本支出增加 5 万元。"])).year == 2020
    assert read_figures(as_paragraphs(["与2019年相比增加，与2018年相比减少。"])).year is None  # two years compared


def test_thresholds_and_percentage_points_state_no_figure() -> None:
    assert described("满意度≥90%，补助 50 万元以上。") == []
    assert described("基本支出 60 万元，比上年增长 2 个百分点。") == [("amount", D(60), "万元", "基本支出", False)]


def test_a_bare_number_after_a_change_is_its_rate() -> None:
    assert described("基本支出 60 万元，减少 5 万元，减少10.28。") == [
        ("amount", D(60), "万元", "基本支出", False), ("change", D(-5), "万元", "基本支出", True),
        ("rate", D("-10.28"), "%", "基本支出", True)]
    assert described("基本支出 60 万元，共 10.28。") == [("amount", D(60), "万元", "基本支出", False)]


def test_a_change_rate_and_share_continue_one_item_and_the_share_names_its_whole() -> None:
    read = read_figures(as_paragraphs(["基本支出 60 万元，比上年增加 5 万元，增长 9.09%，占支出总计的 60%。"])).figures
    assert [(f.role, f.label, f.inherited) for f in read] == [
        ("amount", "基本支出", False), ("change", "基本支出", True), ("rate", "基本支出", True),
        ("share", "基本支出", True)]
    assert read[-1].whole == "支出总计"


def test_an_amount_in_brackets_is_an_aside_and_a_sub_list_is_nested_until_a_semicolon() -> None:
    aside = read_figures(as_paragraphs(["基本支出 60 万元（含上年结转 10 万元）。"])).figures
    assert [(f.label, f.aside) for f in aside] == [("基本支出", False), ("上年结转", True)]
    nested = read_figures(
        as_paragraphs(["项目支出 100 万元，其中包括培训 30 万元、会议 20 万元；维修 40 万元。"])
    ).figures
    assert [(f.label, f.nested) for f in nested] == [
        ("项目支出", False),
        ("培训", True),
        ("会议", True),
        ("维修", False),
    ]


def test_yi_yuan_and_yuan_become_wan_yuan_with_their_decimals() -> None:
    big, small = read_figures(as_paragraphs(["基本支出 1.5 亿元，减少 3,000 元。"])).figures
    assert (big.value, big.decimals, big.unit) == (D(15000), -3, "万元")
    assert (small.role, small.value, small.decimals, small.unit) == ("change", D("-0.3"), 4, "万元")


def test_a_sentence_saying_only_unchanged_continues_the_item_before_it() -> None:
    assert described("基本支出 60 万元。与上年持平。")[1] == ("equal", D(0), "", "基本支出", True)
    assert described("基本支出 60 万元。", "与上年持平。")[1][3] == ""  # another paragraph: no item
    assert described("共计 57 人。") == [("count", D(57), "人", "", False)]
    assert read_figures(as_paragraphs(["共计 57 人。"])).figures[0].total_marker


# -- the same windows away from the start of a paragraph, and the rest of their conditions ------------------------

LEAD = "说明如下。"  # a sentence before: positions in the paragraph are no longer those in the sentence


@pytest.mark.parametrize("joint", ["、", "和", "及", "以及", "与"])
@pytest.mark.parametrize("lead", ["", LEAD])
def test_every_joining_word_makes_a_list_whose_change_or_rate_is_nobodys(joint: str, lead: str) -> None:
    assert bound(f"{lead}人员经费 50 万元{joint}公用经费 10 万元，比上年增加 5 万元。", "change") == ""
    assert bound(f"{lead}人员经费 50 万元{joint}公用经费 10 万元，增长 5%。", "rate") == ""
    assert bound(f"{lead}在编 33 人{joint}聘用 18 人，比上年增加 5 人。", "change") == ""


@pytest.mark.parametrize("text", ["说明，基本支出 60 万元，与上年相比，增加 5 万元。",
                                  LEAD + "基本支出 60 万元，与上年相比，增加 5 万元。"])
def test_the_comparison_clause_window_holds_wherever_the_item_stands(text: str) -> None:
    assert bound(text, "change") == "基本支出"


def test_unchanged_alone_continues_the_last_named_figure_of_its_paragraph_only() -> None:
    assert described("与上年持平。") == [("equal", D(0), "", "", False)]  # nothing before: nobody's
    assert described("基本支出 60 万元。共计 57 人。项目支出 50 万元。与上年持平。")[-1][3:] == ("项目支出", True)
    assert described("基本支出 60 万元。", "项目支出 50 万元。与上年持平。")[-1][3:] == ("项目支出", True)
    assert described("基本支出 60 万元。共计 57 人。与上年持平。")[-1][3:] == ("", False)  # the last one is unnamed


def test_a_sub_list_opens_at_the_start_of_a_sentence_and_at_its_last_opening_word() -> None:
    nested = read_figures(as_paragraphs(["包括培训 30 万元、会议 20 万元。"])).figures
    assert [f.nested for f in nested] == [True, True]
    plain = read_figures(as_paragraphs(["基本支出 60 万元、项目支出 40 万元。"])).figures
    assert [f.nested for f in plain] == [False, False]
    reopened = read_figures(as_paragraphs(["项目支出 100 万元，其中包括培训 30 万元；另包括会议 20 万元。"])).figures
    assert [f.nested for f in reopened] == [False, True, True]


def test_a_share_of_an_of_which_list_in_a_later_sentence_is_judged() -> None:
    shares = [
        f
        for f in check_paragraphs([LEAD + "机关运行经费 200 万元，其中办公费 50 万元，占 30%。"])
        if f.rule == tx.SHARE
    ]
    assert [(f.severity, f.expected, f.actual) for f in shares] == [("error", D(25), D(30))]


def test_a_trailing_total_after_a_list_opened_by_its_own_total() -> None:
    """职工 57 人 opens the sentence as a total of its own: 40 + 17 = 57 holds; 40 + 5 = 45 ≠ 48 does not."""
    assert judged("职工 57 人，在职 40 人，退休 17 人，共计 57 人。") == []
    (found,) = [f for f in check_paragraphs(["职工 50 人，在职 40 人，退休 5 人，合计 48 人。"]) if f.rule == tx.SUM]
    assert (found.severity, found.expected, found.actual) == ("error", D(45), D(48))
    assert found.message.startswith("合计 48 人：所列各项 40+5=45 人，相差 3 人")
    assert judged("在编人员 33 人，其中聘用人员 18 人，临时人员 5 人，共计 57 人。") == []  # levels not clear


# -- rates: 持平 with a rate, a rate against its change's direction, a new item, rounding to the hundredth ---------


def _found(text: str) -> list[tuple[str, str, D | str | None, D | None, int]]:
    return [
        (f.rule, f.severity, f.expected, f.actual, len(f.spans))
        for f in check_paragraphs([text])
        if f.severity != "info"
    ]


def test_a_rate_beside_unchanged_must_be_zero() -> None:
    assert _found("基本支出与上年持平，增长 0%。") == []
    (found,) = check_paragraphs(["基本支出与上年持平，增长 5%。"])
    assert (found.rule, found.severity, found.expected, found.actual) == (tx.RATE, "error", D(0), D(5))
    assert found.message.startswith("基本支出：文中写“持平”，又写“5%”，持平时增减率应为 0%。原文：“基本支出与上年持平")


def test_a_rate_against_the_direction_of_its_change_is_a_direction_error() -> None:
    (found,) = check_paragraphs(["基本支出 60 万元，比上年减少 10 万元，增长 20%。"])
    assert (found.rule, found.severity, found.expected, found.actual) == (tx.DIRECTION, "error", None, "20%")
    assert found.message.startswith("基本支出：文中增减额为 -10 万元，增减率却写作“20%”，方向不一致。")
    assert _found("基本支出 60 万元，比上年减少 10 万元，下降 14.29%。") == []  # 10 ÷ 70


def test_a_rate_of_an_item_new_this_year_asks_for_xinzeng() -> None:
    (found,) = check_paragraphs(["基本支出 60 万元，比上年增加 60 万元，增长 100%。"])
    assert (found.rule, found.severity, found.expected, found.actual) == (tx.RATE, "warning", None, D(100))
    assert "基数为 0 时增长率无从计算，应写“新增”" in found.message


@pytest.mark.parametrize(("text", "expected", "word"), [
    ("基本支出 40 万元，比上年减少 10 万元，下降 25%。", "20.00", "降幅 10÷50"),  # 10 ÷ (40 + 10)
    ("基本支出 40 万元，比上年减少 0.5 万元，下降 4%。", "1.23", "降幅 0.5÷40.5"),  # 0.5 ÷ 40.5 = 1.2345…
    ("基本支出 40 万元，比上年增加 10 万元，增长 30%。", "33.33", "增幅 10÷30"),  # 10 ÷ 30 = 33.333…
])
def test_a_wrong_rate_is_reported_with_the_rate_to_the_hundredth(text: str, expected: str, word: str) -> None:
    (found,) = [f for f in check_paragraphs([text]) if f.rule == tx.RATE]
    assert found.expected == D(expected) and str(found.expected) == expected
    assert found.message.startswith(f"基本支出{word}")
    assert len(found.spans) == 3  # the rate, the change and the amount the prior is worked out from


# -- two years named instead of an item: 2015 年 P，2016 年 C，增减 D，增减率 R ------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("2015年预算 50 万元，2016年预算 40 万元，减少 10 万元，减少率 20%。", []),
    ("2015年预算 50 万元，2016年预算 40 万元，减少 5 万元，减少率 25%。",
     [(tx.CHANGE, "error", D(-10), D(-5), 3), (tx.RATE, "error", D(20), D(25), 3)]),
    ("2016年预算 40 万元，2015年预算 50 万元，减少 5 万元。", [(tx.CHANGE, "error", D(-10), D(-5), 3)]),  # either order
    ("上年预算 50 万元，本年预算 60 万元，增加 5 万元。", [(tx.CHANGE, "error", D(10), D(5), 3)]),
    ("2014年预算 50 万元，2016年预算 40 万元，减少 5 万元。", []),  # years two apart: not prior and current
    (LEAD + "2015年预算 50 万元，2016年预算 60 万元，增长率为 25%。", [(tx.RATE, "error", D(20), D(25), 3)]),
])
def test_two_years_named_are_prior_and_current(text: str, expected: list[tuple[str, str, D, D, int]]) -> None:
    assert _found(text) == expected


def test_the_year_pair_messages_show_the_arithmetic() -> None:
    change, rate = check_paragraphs(["2015年预算 50 万元，2016年预算 40 万元，减少 5 万元，减少率 25%。"])[:2]
    assert change.message.startswith(
        "本年 40 − 上年 50 = -10 万元，文中写增减 -5 万元：四舍五入与截尾均不成立，应为 -10。"
    )
    assert rate.message.startswith("增减率 10÷50=20.00%，文中写 25%：四舍五入与截尾均不成立，应为 20%。")


# -- itemised changes: items all one way beyond the stated change; items under 持平 ------------------------------

ITEMISED = [
    ("会议费比上年增加 10 万元，其中工资增加 8 万元，津贴增加 5 万元。", [(tx.ITEMS, "warning", D(13), D(10), 3)]),
    ("会议费比上年增加 10 万元，其中工资增加 8 万元，津贴增加 2 万元。", []),  # 10 within: the rest unlisted
    ("会议费比上年增加 10 万元，其中工资增加 8 万元，津贴减少 5 万元。", []),  # both ways: may balance
    ("会议费比上年减少 10 万元，其中工资减少 8 万元，津贴减少 5 万元。", [(tx.ITEMS, "warning", D(-13), D(-10), 3)]),
    ("会议费比上年增加 10 万元，其中工资减少 8 万元，津贴减少 5 万元。", []),  # items against the total's sign
    ("会议费与上年持平，其中工资增加 8 万元，津贴增加 5 万元。", [(tx.FLAT, "warning", D(13), D(0), 3)]),
    ("会议费与上年持平，其中工资增加 8 万元，津贴减少 8 万元。", []),
    (
        "会议费比上年增加 10 万元。主要原因是工资增加 8 万元，津贴增加 5 万元。",
        [(tx.ITEMS, "warning", D(13), D(10), 3)],
    ),
    ("会议费比上年增加 10 万元，工资增加 8 万元，津贴增加 5 万元。", []),  # no 其中/主要原因: not its items
    ("公用经费增加 5 万元，与上年持平。", [(tx.FLAT, "error", D(0), D(5), 2)]),
]


@pytest.mark.parametrize(("text", "expected"), ITEMISED)
def test_itemised_changes_against_the_stated_change(text: str, expected: list[tuple[str, str, D, D, int]]) -> None:
    assert _found(text) == expected


def test_itemised_change_messages() -> None:
    (over,) = check_paragraphs([ITEMISED[3][0]])
    assert over.message.startswith(
        "会议费：文中写增减 -10 万元，所列各项增减 -8-5=-13 万元，同一方向且超过所述总额 3 万元"
    )
    (flat,) = check_paragraphs([ITEMISED[5][0]])
    assert flat.message.startswith("会议费：文中写“持平”，但同处所列各项增减 8+5=13 万元，均为同一方向，与持平不符")


# -- 决算 completion rates and current − prior ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("基本支出年初预算为 50 万元，决算数为 45 万元，完成年初预算的 90%。", []),
        (
            "基本支出年初预算为 50 万元，决算数为 45 万元，完成年初预算的 95%。",
            [(tx.COMPLETION, "error", D(90), D(95), 3)],
        ),
        (
            "基本支出年初预算为 30 万元，决算数为 10 万元，完成年初预算的 30%。",
            [(tx.COMPLETION, "error", D("33.33"), D(30), 3)],
        ),
        ("基本支出年初预算为 0 万元，决算数为 10 万元，完成年初预算的 30%。", []),  # no rate of a zero budget
        ("基本支出 60 万元，上年预算数为 60 万元，与上年持平。", []),
        ("基本支出 60 万元，上年预算数为 50 万元，与上年持平。", [(tx.CHANGE, "error", D(10), D(0), 3)]),
        ("基本支出 60 万元，上年预算数为 50 万元，增加 10 万元。", []),
        ("在编人员 30 人，上年为 25 人，增加 3 人。", [(tx.CHANGE, "error", D(5), D(3), 3)]),  # counts too
    ],
)
def test_completion_and_current_minus_prior(text: str, expected: list[tuple[str, str, D, D, int]]) -> None:
    assert _found(text) == expected


def _judged_findings(text: str) -> list[tx.TextFinding]:
    return [f for f in check_paragraphs([text]) if f.severity != "info"]


def test_completion_and_unchanged_messages() -> None:
    (rate,) = _judged_findings("基本支出年初预算为 30 万元，决算数为 10 万元，完成年初预算的 30%。")
    assert rate.message.startswith("完成率 10÷30=33.33%，文中写 30%：四舍五入与截尾均不成立，应为 33%。")
    (flat,) = _judged_findings("基本支出 60 万元，上年预算数为 50 万元，与上年持平。")
    assert flat.message.startswith("基本支出：文中写“持平”，但本年 60 − 上年 50 = 10 万元。")
    (count,) = _judged_findings("在编人员 30 人，上年为 25 人，增加 3 人。")
    assert count.message.startswith("在编人员：本年 30 − 上年 25 = 5 人，文中写增减 3 人")


# -- performance indicators without a target ---------------------------------------------------------------------


def test_an_indicator_row_without_a_value_is_named_with_its_row_marked() -> None:
    rows = ["一级指标\t三级指标\t指标值", "产出指标\t培训人次\t", "产出指标\t覆盖率\t≥95%", "正文。",
            "项目\t名称\t指标值", "产出\t\t"]
    found = [f for f in check_paragraphs(rows) if f.rule == tx.TARGET]
    assert [(f.severity, f.paragraphs, f.spans, f.actual, f.message) for f in found] == [
        ("warning", (1,), ((1, 0, len(rows[1])),), "培训人次", "绩效指标“培训人次”没有指标值（目标值）"),
        # no 三级指标: the first cell
        ("warning", (5,), ((5, 0, len(rows[5])),), "产出", "绩效指标“产出”没有指标值（目标值）"),
    ]


def test_an_indicator_line_names_each_indicator_without_a_target_at_its_place() -> None:
    from budget_addin.narrative.figures import clean

    line = "绩效指标：惠民资金支出率；活动次数 ≥ 10 次；居民满意度。"
    found = [f for f in check_paragraphs([line]) if f.rule == tx.TARGET]
    assert [(f.severity, f.actual) for f in found] == [("warning", "惠民资金支出率"), ("warning", "居民满意度")]
    assert [clean(line)[s:e] for f in found for _, s, e in f.spans] == ["惠民资金支出率", "居民满意度。"]
    assert found[0].message == f"绩效指标“惠民资金支出率”没有目标值（如“≥95%”），无法衡量。原文：“{clean(line)}”"
    long = "绩效指标：" + "；".join(f"第{i}项工作完成率不低于{90 + i}%" for i in range(6)) + "；群众满意度"
    (last,) = [f for f in check_paragraphs([long]) if f.rule == tx.TARGET]
    assert last.actual == "群众满意度" and last.message.endswith(f"原文：“{clean(long)[:70]}”")


# -- the ledger: a rule with nothing to read is 不适用, never 通过 --------------------------------------------------


def _ledger(*paragraphs: str) -> dict[str, str]:
    return tx.check_document(as_paragraphs(list(paragraphs)), "样例.txt").ledger


@pytest.mark.parametrize(("paragraphs", "rule", "status"), [
    (["基本支出增加 5 万元，项目支出增加 3 万元。"], tx.REPEAT, "passed"),  # two changes of named items
    (["基本支出增加 5 万元。"], tx.REPEAT, "not_applicable"),  # one: nothing to compare
    (["基本支出增加 5 万元，增加 3 万元。"], tx.REPEAT, "passed"),  # the second continues 基本支出
    (["增加 5 万元，增加 3 万元。"], tx.REPEAT, "not_applicable"),  # unbound changes
    (["基本支出 60 万元，占 60%。"], tx.REPEAT, "not_applicable"),
    (["基本支出完成年初预算的 90%。"], tx.COMPLETION, "passed"),
    (["基本支出完成年初预算。", "占 60%。"], tx.COMPLETION, "not_applicable"),  # 完成 and % in different sentences
    (["基本支出 60 万元。"], tx.COMPLETION, "not_applicable"),
    (["基本支出完成年初预算的九成。"], tx.COMPLETION, "not_applicable"),
    (["绩效指标：满意度≥90%。"], tx.TARGET, "passed"),
    (["一级\t三级指标\t指标值"], tx.TARGET, "passed"),
    (["基本支出 60 万元。"], tx.TARGET, "not_applicable"),
    (["基本支出 60 万元。"], tx.TEMPLATE, "passed"),
    (["基本支出 60 万元。"], tx.SHARE, "not_applicable"),
    (["基本支出 60 万元，占 60%。"], tx.SHARE, "passed"),
    (["基本支出 60 万元，增加 5 万元。"], tx.RATE, "not_applicable"),
    (["基本支出 60 万元，增加 5 万元。"], tx.CHANGE, "passed"),
])
def test_each_text_rule_says_whether_it_had_anything_to_read(paragraphs: list[str], rule: str, status: str) -> None:
    assert _ledger(*paragraphs)[rule] == status


# -- shares: of the whole they name, of a whole the vocabulary knows, of a label, of a count ------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("支出总计 200 万元。基本支出 60 万元，占支出总计的 40%。", [(tx.SHARE, "error", D(30), D(40), 3)]),
    ("支出总计 200 万元。基本支出 60 万元，占支出总计的 30%。", []),
    ("支出总计 200 万元。基本支出 60 万元，占 40%。", [(tx.SHARE, "error", D(30), D(40), 3)]),  # the item's known whole
    ("支出总计 300 万元。基本支出 100 万元，占 30%。", [(tx.SHARE, "error", D("33.33"), D(30), 3)]),
    ("编制人数 40 人。在编人员 30 人，占编制人数的 80%。", [(tx.SHARE, "error", D(75), D(80), 3)]),  # counts
    ("专项资金 200 万元。培训费 60 万元，占专项资金的 40%。", [(tx.SHARE, "error", D(30), D(40), 3)]),  # by label
    ("专项资金 200 万元，专项资金 300 万元。培训费 60 万元，占专项资金的 40%。", []),  # which 专项资金: not judged
])
def test_a_share_is_judged_against_the_whole_it_names(text: str, expected: list[tuple[str, str, D, D, int]]) -> None:
    assert _found(text) == expected
