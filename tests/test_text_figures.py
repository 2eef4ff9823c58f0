"""How the text reader reads a figure (figures.read_figures): a bare number is a rate only right after a change in
万元, and a 持平 is bound to the item it names. Texts are invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.figures import as_paragraphs, clean, document_year, read_figures
from budget_addin.narrative.text_check import check_paragraphs


def figures(text: str) -> list[tuple[str, Decimal, str]]:
    return [(f.role, f.value, f.unit) for f in read_figures(as_paragraphs([text])).figures]


@pytest.mark.parametrize(("text", "read"), [
    ("公用经费比上年减少 10.00 万元，减少10.28。",
     [("change", Decimal("-10.00"), "万元"), ("rate", Decimal("-10.28"), "%")]),
    ("在职人员减少 2 人，减少10。", [("change", Decimal(-2), "人")]),  # after a change in 人: no rate
    ("比上年减少10。", []),  # no change before it
    ("公用经费比上年减少 10.00 万元，第3。", [("change", Decimal("-10.00"), "万元")]),  # no direction word before it
])
def test_a_bare_number_is_a_rate_only_right_after_a_change_in_wanyuan(text: str,
                                                                      read: list[tuple[str, Decimal, str]]) -> None:
    assert figures(text) == read


def test_unchanged_is_bound_to_its_item_whose_known_parts_alone_are_listed_under_it() -> None:
    """“三公”经费 is a known total: under its 持平 only its parts count (公务接待费 5), not A 项目."""
    (finding,) = [f for f in check_paragraphs(["“三公”经费与上年持平，其中公务接待费增加 5 万元，A 项目增加 3 万元。"])
                  if f.rule == tx.FLAT]
    assert "同处所列各项增减 5=5 万元" in finding.message


@pytest.mark.parametrize(("text", "label", "item"), [
    ("支出总计为 100 万元。", "支出总计", "expenditure_total"),
    ("基本支出是 60 万元。", "基本支出", "basic"),
    ("项目支出的 50 万元。", "项目支出", "project"),
    ("货物 20 万元。", "货物", "goods"),  # a name of two characters is bound too
])
def test_a_figure_is_labelled_without_the_words_linking_it_and_bound_to_its_item(text: str, label: str,
                                                                                  item: str) -> None:
    (figure,) = read_figures(as_paragraphs(["六、政府采购预算情况", text])).figures
    assert (figure.label, figure.item) == (label, item)


@pytest.mark.parametrize(("year", "role"), [("2020", "prior"), ("2019", "amount"), ("2022", "amount")])
def test_a_figure_said_to_be_the_year_befores_is_the_prior(year: str, role: str) -> None:
    """In a 2021 text “2020 年为 80 万元” is last year's figure; 2019 or 2022 is no prior of this year's."""
    read = read_figures(as_paragraphs(["2021 年部门预算公开情况说明", f"支出总计 100 万元，"
                                                                      f"{year} 年为 80 万元。"])).figures
    assert [(f.role, f.value) for f in read] == [("amount", Decimal(100)), (role, Decimal(80))]


def test_a_share_of_a_whole_named_only_in_the_text_is_judged_against_it() -> None:
    assert check_paragraphs(["A 项目 30 万元，占专项资金的 30%。专项资金 100 万元。"]) == []
    (finding,) = check_paragraphs(["A 项目 30 万元，占专项资金的 40%。专项资金 100 万元。"])
    assert finding.rule == tx.SHARE and finding.message.startswith("A 项目占比 30÷100=30.00%，文中写 40%")


@pytest.mark.parametrize("text", ["说明如下。基本支出 60 万元、项目支出 50 万元，比上年增加 10 万元。",
                                  "说明如下。基本支出 60 万元和项目支出 50 万元，比上年增长 10%。"])
def test_a_change_after_a_list_joined_by_a_word_is_bound_to_neither_item(text: str) -> None:
    read = read_figures(as_paragraphs([text])).figures
    assert [(f.label, f.named) for f in read] == [("基本支出", True), ("项目支出", True), ("", False)]


def test_amounts_listed_one_after_another_each_keep_their_item() -> None:
    read = read_figures(as_paragraphs(["基本支出 60 万元、项目支出 50 万元、人员经费 40 万元。"])).figures
    assert [f.label for f in read] == ["基本支出", "项目支出", "人员经费"]


def test_latex_left_in_a_copied_text_is_read_as_the_signs_it_stands_for() -> None:
    assert clean("满意度 $\\geq 90\\%$") == "满意度 ≥ 90%"
    assert clean("投诉率 $\\leq 5\\%$") == "投诉率 ≤ 5%"


def test_the_year_is_read_from_a_title_among_the_first_five_paragraphs() -> None:
    assert document_year(["2021 年部门预算"]) == 2021
    # too far down for a title
    assert document_year(["说明", "一、", "二、", "三、", "四、", "2021 年部门预算"]) is None


def test_an_empty_span_of_a_paragraph_is_no_text() -> None:
    reading = read_figures(as_paragraphs(["基本支出 100 万元。"]))
    assert (reading.original(0, 0, 0), reading.original(0, 3, 3), reading.original(0, 2, 3)) == ("", "", "支")


def test_a_figure_said_to_be_the_year_befores_within_a_clause_is_the_prior() -> None:
    read = read_figures(as_paragraphs(["2021 年部门预算公开情况说明", "支出总计 100 万元，"
                                                                      "对比 2020 年为 80 万元。"])).figures
    assert [(f.role, f.value) for f in read] == [("amount", Decimal(100)), ("prior", Decimal(80))]


@pytest.mark.parametrize(("text", "read"), [
    ("增加5万元增长3%。", [("change", Decimal(5), False), ("rate", Decimal(3), False)]),  # back to back: both
    ("基本支出 100 万元，【待填】。", [("amount", Decimal(100), False)]),  # a placeholder after it hides nothing before
    ("【基本支出 100 万元。", []),  # within an open placeholder: not a figure
    ("（基本支出 100 万元）。", [("amount", Decimal(100), True)]),  # in brackets: an aside
])
def test_figures_next_to_placeholders_brackets_and_each_other(text: str, read: list[tuple[str, Decimal, bool]]) -> None:
    assert [(f.role, f.value, f.aside) for f in read_figures(as_paragraphs([text])).figures] == read
