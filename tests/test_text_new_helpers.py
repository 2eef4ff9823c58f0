"""The helpers behind the shapes added for issue 22, one at a time, at their edges: a rate against a stated prior,
the whole a sentence opens with, a 决算 sentence's budget and final figure, siblings of a list, bases of changes,
percentages written out. Texts are invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_addin.narrative import figures as fg
from budget_addin.narrative import text_check as tx
from budget_addin.narrative.figures import as_paragraphs, read_figures
from budget_addin.narrative.text_check import check_paragraphs


def _text(lines: list[str]) -> tx._Text:
    return tx._Text(read_figures(as_paragraphs(lines)))


# -- a rate against a stated prior (no change stated) ----------------------------------------------------------


def _rate_finding(sentence: str) -> tx.TextFinding | None:
    text = _text([sentence])
    (rate,) = [f for f in text.figures if f.role == "rate"]
    return tx._rate_against_prior(text, rate, [f for f in text.figures if f.index < rate.index])


def test_a_rate_against_a_stated_prior_reports_the_expected_and_the_stated_figures() -> None:
    found = _rate_finding("2024年项目支出1500.00万元，上年为600.00万元，增幅为160%。")
    assert found is not None
    assert (found.rule, found.severity, found.expected, found.actual) == (tx.RATE, "error", Decimal("150.00"),
                                                                          Decimal(160))
    assert found.message == ("项目支出增减率 (1500−600)÷600=150.00%，文中写 160%：四舍五入与截尾均不成立，应为 150%。"
                             "原文：“2024年项目支出1500.00万元，上年为600.00万元，增幅为160%。”")
    assert len(found.spans) == 3  # the rate, the current and the prior figure


def test_a_fall_against_a_stated_prior_is_judged_on_its_size() -> None:
    assert _rate_finding("2024年项目支出450.00万元，上年为600.00万元，降幅为25%。") is None
    found = _rate_finding("2024年项目支出450.00万元，上年为600.00万元，降幅为20%。")
    assert found is not None and found.expected == Decimal("25.00")


@pytest.mark.parametrize("sentence", [
    "2024年项目支出1500.00万元，上年为600.00万元，降幅为60%。",  # a rise written as a fall: another check's
    "2024年项目支出1500.00万元，上年为0.00万元，增幅为100%。",  # no base
    "2024年项目支出1500.00万元，增幅为150%。",  # no prior stated
    "2024年项目支出1500人，上年为600人，增幅为160%。",  # not money
])
def test_a_rate_against_a_prior_is_not_judged_without_a_money_prior_of_its_direction(sentence: str) -> None:
    assert _rate_finding(sentence) is None


def test_a_rate_with_two_priors_of_its_item_is_not_judged() -> None:
    assert _rate_finding("2024年项目支出1500.00万元，上年为600.00万元，上年预算数为500.00万元，增幅为160%。") is None


# -- the whole a sentence opens with -----------------------------------------------------------------------------


def test_the_whole_named_by_an_opening_is_its_figure_in_the_sentence_or_the_texts() -> None:
    inside = _text(["在本年收入5230.40万元中，一般公共预算拨款收入4800.00万元，占91.77%。"])
    share = next(f for f in inside.figures if f.role == "share")
    assert [f.value for f in tx._whole_of_opening(inside, share, "万元") or []] == [Decimal("5230.40")]
    named = _text(["本年收入5230.40万元。", "本年收入中，一般公共预算拨款收入4800.00万元，占91.77%。"])
    share = next(f for f in named.figures if f.role == "share")
    assert [f.value for f in tx._whole_of_opening(named, share, "万元") or []] == [Decimal("5230.40")]
    assert tx._whole_of_opening(named, share, "人") == []  # none of that unit
    plain = _text(["一般公共预算拨款收入4800.00万元，占91.77%。"])
    assert tx._whole_of_opening(plain, next(f for f in plain.figures if f.role == "share"), "万元") is None


def test_a_whole_the_text_states_twice_differently_is_none() -> None:
    text = _text(["本年收入5230.40万元。", "本年收入5200.00万元。", "本年收入中，A收入4800.00万元，占91.77%。"])
    share = next(f for f in text.figures if f.role == "share")
    assert tx._whole_of_opening(text, share, "万元") == []


# -- a 决算 sentence: its budget and its final figure ------------------------------------------------------------


def test_a_final_accounts_sentence_gives_the_budget_its_own_role_and_the_final_figure_the_item() -> None:
    roles = [(f.role, f.item) for f in read_figures(as_paragraphs(
        ["“三公”经费财政拨款支出预算为26.45万元，支出决算为25.14万元，完成预算的95.05%。"])).figures]
    assert roles == [("budget", "three_total"), ("amount", "three_total"), ("percent", "three_total")]


@pytest.mark.parametrize("sentence", [
    "“三公”经费支出决算为25.14万元，上年预算为26.45万元。",  # last year's budget: no budget of this year
    "“三公”经费支出预算为26.45万元。",  # no final figure: a 预算 text's amount
    "“三公”经费支出预算为26.45万元，支出决算为25.14万元，本年决算为25.14万元。",  # two final figures
])
def test_only_one_final_figure_beside_a_budget_of_the_year_makes_a_budget(sentence: str) -> None:
    assert [f.role for f in read_figures(as_paragraphs([sentence])).figures if f.role == "budget"] == []


# -- siblings of a list ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "政府采购预算2,300.00万元，其中：货物类1,800.00万元、服务类500.00万元，面向中小企业预留920.00万元，占40.00%。",
    "年末实有人数86人，其中：中共党员61人、女性39人、35周岁以下28人。",
    "支出预算38,650.00万元，其中：基本支出27,400.00万元，项目支出11,250.00万元，项目支出中教育类项目6,200.00万元。",
])
def test_parts_that_are_no_siblings_are_not_summed(text: str) -> None:
    assert [f for f in check_paragraphs([text]) if f.rule == tx.SUM] == []


def test_siblings_of_a_consistent_list_still_add_up() -> None:
    (finding,) = check_paragraphs(["政府采购预算2,300.00万元，其中：货物类1,900.00万元、服务类500.00万元。"])
    assert finding.rule == tx.SUM and "1900+500=2400" in finding.message


# -- bases of changes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "basis"), [
    ("机关运行经费520.00万元，比上年增加40.00万元。", ""),
    ("机关运行经费520.00万元，比上年预算数增加40.00万元。", "预算"),
    ("机关运行经费520.00万元，比上年执行数增加40.00万元。", "执行"),
    ("机关运行经费520.00万元，比上年决算480.00万元增加40.00万元。", "决算"),
    ("机关运行经费520.00万元，比年初预算增加40.00万元。", "年初"),
    ("机关运行经费520.00万元，比2023年调整预算增加40.00万元。", "调整"),
])
def test_the_base_of_a_change_is_read_from_its_comparison(sentence: str, basis: str) -> None:
    text = _text([sentence])
    change = next(f for f in text.figures if f.role == "change")
    assert tx._basis_of(text, change) == basis


@pytest.mark.parametrize(("a", "b", "comparable"), [
    ("", "", True), ("", "决算", True), ("预算", "", True), ("决算", "执行", False), ("", "年初", False),
    ("调整", "", False), ("年初", "年初", True), ("预算", "决算", False),
])
def test_bases_are_comparable_when_alike_or_one_unsaid_of_last_year(a: str, b: str, comparable: bool) -> None:
    assert tx._comparable(a, b) is comparable


# -- percentages written out -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "value"), [("5.76", "5.76"), ("七点六五", "7.65"), ("十二点五", "12.5"),
                                                ("二十", "20"), ("零点五", "0.5"), ("九", "9")])
def test_a_percentage_written_out_is_its_decimal(written: str, value: str) -> None:
    assert fg._decimal_in_words(written) == Decimal(value)
