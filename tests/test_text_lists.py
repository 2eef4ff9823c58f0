"""Lists in a text: a 小计 inside a list is no part of the 共计 after it, and a share of a whole the text states
no figure for is left unjudged. Texts are invented."""

from __future__ import annotations

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.text_check import check_paragraphs


def test_a_subtotal_within_a_list_is_not_added_into_the_trailing_total() -> None:
    assert check_paragraphs(["A 单位 10 人，B 单位 5 人，小计 15 人，C 单位 3 人，共计 18 人。"]) == []  # 10 + 5 + 3
    (finding,) = check_paragraphs(["A 单位 10 人，B 单位 5 人，小计 15 人，C 单位 3 人，共计 33 人。"])
    assert finding.rule == tx.SUM and finding.message.startswith("共计 33 人：所列各项 10+5+3=18 人，相差 15 人")


def test_a_share_of_a_whole_the_text_gives_no_figure_for_is_not_judged() -> None:
    assert check_paragraphs(["A 项目 10 万元，占某某的 50%。"]) == []


def test_a_list_whose_shares_make_a_hundred_percent_hangs_from_the_whole_wherever_its_of_which_stands() -> None:
    """其中 within the sentence (not opening the next): the shares (99.30 + 0.70) are still of the list's sum."""
    assert check_paragraphs(["财政拨款收入预算总计 1,240.40 万元，其中一般公共预算收入 1,240.40 万元，占 99.30%；"
                             "其他资金 8.80 万元，占 0.70%。"]) == []
    # a change stated within the list is no part of it: the list still holds two parts and two shares
    assert check_paragraphs(["财政拨款收入预算总计 1,240.40 万元。其中，一般公共预算收入 1,240.40 万元，"
                             "比上年增加 10.00 万元，"
                             "占 99.30%；其他资金 8.80 万元，占 0.70%。"]) == []


def test_a_list_that_may_add_up_to_its_total_breaks_it_down() -> None:
    """99.5 + 1.1 may be as little as 100.5, which 100 (up to 100.5) may be: the shares are of the total, and hold;
    the sum holds only with 100 read as rounded to the unit, which a warning says."""
    (finding,) = check_paragraphs(["预算总计 100 万元。其中，A 收入 99.5 万元，占 99.5%；B 资金 1.1 万元，占 1.1%。"])
    assert (finding.rule, finding.severity) == (tx.SUM, "warning") and "仅当整数" in finding.message


def test_units_by_kind_need_two_kinds_among_them_administrative_and_institutional() -> None:
    (short,) = check_paragraphs(["本部门预算单位5家，其中行政单位1家、事业单位2家。"])  # two kinds suffice
    assert (short.rule, short.severity) == (tx.SUM, "warning") and "相差 2 家（文中未列其他类型单位" in short.message
    for text in ["本部门下属单位5家，其中二级单位2家、三级单位1家。",  # levels, not kinds
                 "本部门预算单位5家，其中参公单位1家、事业单位2家。",  # no 行政 among them
                 "本部门预算单位5家，其中行政单位1家、参公单位2家。"]:  # no 事业 among them
        assert check_paragraphs([text]) == [], text


def test_parts_in_a_sentence_opening_with_a_change_of_another_item_are_the_totals() -> None:
    (finding,) = check_paragraphs(["支出总计 100 万元。一般公共预算拨款增加 5 万元，基本支出 60 万元，"
                                   "项目支出 50 万元。"])
    assert finding.rule == tx.SUM and finding.message.startswith("支出总计：文中写 100 万元，所列各项 60+50=110 万元，"
                                                                 "相差 10 万元")


def test_parts_beyond_their_total_whose_shares_make_a_hundred_percent_are_shares_of_their_sum() -> None:
    """900 + 300 = 1200 is more than the 1000 stated, no part is the total, but 75% + 25% = 100%: the shares are
    of 1200 (900 ÷ 1200 = 75%), and the list breaks down a larger whole — no sum error, no share error; a second
    其中 later in the sentence does not move where the list starts."""
    assert check_paragraphs(["财政拨款收入 1,000 万元。其中，一般公共预算收入 900 万元，占 75%；其他资金 300 万元，"
                             "占 25%。"]) == []
    assert check_paragraphs(["财政拨款收入 1,000 万元，其中一般公共预算收入 900 万元，占 75%；其他资金 300 万元，"
                             "占 25%，"
                             "其中专户资金 100 万元。"]) == []
    # shares of 90% and 30% (of the 1000 stated) make no whole: the list breaks the total down, and exceeds it
    (finding,) = check_paragraphs(["财政拨款收入 1,000 万元。其中，一般公共预算收入 900 万元，占 90%；"
                                   "其他资金 300 万元，占 30%。"])
    assert finding.rule == tx.SUM and "所列各项 900+300=1200 万元，超过总数 200 万元" in finding.message


def test_parts_in_another_items_of_which_list_are_not_the_totals_even_after_a_change() -> None:
    """一般公共预算拨款 100，其中基本 60、项目 40: those are the appropriation's parts, not 支出总计's (200)."""
    assert check_paragraphs(["支出总计 200 万元。一般公共预算拨款增加 5 万元，一般公共预算拨款 100 万元，"
                             "其中基本支出 60 万元，项目支出 40 万元。"]) == []


def test_parts_after_an_amount_naming_nothing_are_the_totals() -> None:
    found = [f for f in check_paragraphs(["支出总计 100 万元。安排 200 万元，基本支出 60 万元，项目支出 50 万元。"])
             if f.rule == tx.SUM]
    assert [f.message.split("。")[0] for f in found] == ["支出总计：文中写 100 万元，所列各项 60+50=110 万元，"
                                                         "相差 10 万元"]


def test_figures_before_the_first_heading_are_a_block_of_their_own() -> None:
    text = ["支出总计 100 万元。", "一、支出", "基本支出 60 万元，项目支出 50 万元。"]
    assert [f for f in check_paragraphs(text) if f.severity != "info"] == []
