"""A 类 and its 项: the class's change against the changes of the items listed after it (issue 22), and
labels read past a list numbering such as （一）."""

from __future__ import annotations

import pytest

from budget_addin.narrative.figures import as_paragraphs, read_figures
from budget_addin.narrative.text_check import check_paragraphs

CLASS = "（一）一般公共服务支出（类）500万元，比上年增加50万元，增长11.11%。"


def _items(first: str, second: str) -> str:
    return (f"其中：行政运行（项）300万元，比上年增加{first}万元；"
            f"一般行政管理事务（项）200万元，比上年增加{second}万元。")


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.message) for f in check_paragraphs([text])]


def test_items_changed_more_than_their_class_is_a_warning() -> None:
    found = _found(CLASS + _items("20", "40"))
    assert [(rule, severity) for rule, severity, _ in found] == [("TX-ITEMS", "warning")]
    message = found[0][2]
    assert "一般公共服务支出：文中写增减 50 万元，所列各项增减 20+40=60 万元" in message
    assert "超过所述总额 10 万元" in message


@pytest.mark.parametrize(("first", "second"), [("20", "30"), ("10", "30"), ("70", "-20")])
def test_items_within_their_class_or_in_both_directions_are_not_judged(first: str, second: str) -> None:
    """20+30 = 50 and 10+30 < 50 (an unlisted item may hold the rest); +70 and −20: unlisted items may balance."""
    text = CLASS + _items(first, second).replace("增加-20", "减少20")
    assert [rule for rule, _s, _m in _found(text)] == []


def test_the_same_text_in_yuan_gives_the_same_finding() -> None:
    in_yuan = (CLASS + _items("20", "40")).replace("500万元", "5000000元").replace("50万元", "500000元") \
        .replace("300万元", "3000000元").replace("200万元", "2000000元").replace("20万元", "200000元") \
        .replace("40万元", "400000元")
    found = _found(in_yuan)
    assert [(rule, severity) for rule, severity, _ in found] == [("TX-ITEMS", "warning")]
    assert "文中写增减 50 万元，所列各项增减 20+40=60 万元" in found[0][2]  # judged and told in 万元 alike


def test_a_reason_naming_one_item_is_not_a_breakdown() -> None:
    text = ("支出预算1000万元，比上年增加100万元。主要原因：人员经费600万元，比上年增加80万元，"
            "主要是调整工资标准。")
    assert _found(text) == []


@pytest.mark.parametrize("lead", ["（一）", "(一)", "（1）", "(1)", "1.", "1、", "一、"])
def test_a_figure_is_bound_past_the_list_numbering(lead: str) -> None:
    reading = read_figures(as_paragraphs([f"{lead}一般公共服务支出（类）500万元，比上年增加50万元。"]))
    assert [(f.role, f.label) for f in reading.figures] == [("amount", "一般公共服务支出"),
                                                            ("change", "一般公共服务支出")]


# -- a change after a list closed by 等 speaks of the list's head ---------------------------------------------

HEAD = "2024年机关运行经费支出预算187.65万元，主要包括办公费15.5万元，物业管理费4.9万元等，与2023年预算数相比，"


def _bound(text: str) -> list[tuple[str, str]]:
    return [(f.role, f.label) for f in read_figures(as_paragraphs([text])).figures if f.role in ("change", "rate")]


def test_a_change_after_a_list_closed_by_deng_is_the_heads() -> None:
    text = HEAD + "增加2.49万元，增长1.34%。"
    assert _bound(text) == [("change", "机关运行经费支出预算"), ("rate", "机关运行经费支出预算")]
    assert _found(text) == []  # 2.49 ÷ (187.65 − 2.49) = 1.3448…%
    found = _found(text.replace("1.34%", "1.44%"))
    assert [(rule, severity) for rule, severity, _ in found] == [("TX-RATE", "error")]
    assert "应为 1.34%" in found[0][2]


@pytest.mark.parametrize("text", [
    HEAD.replace("物业管理费4.9万元等", "物业管理费4.9万元") + "增加2.49万元。",  # no 等: the last item's, perhaps
    HEAD.replace("主要包括", "其中") + "增加2.49万元。",  # no 包括: a 其中 list
    HEAD.replace("物业管理费4.9万元等", "物业管理费4.9万元等，另有其他费用") + "增加2.49万元。",  # words after 等
    HEAD.replace("物业管理费4.9万元", "增长4.9%") + "增加2.49万元。",  # a list item that is not an amount
    HEAD.replace("2024年机关运行经费支出预算187.65万元", "2024年机关运行经费支出预算增加187.65万元")
    + "增加2.49万元。",  # a head that is a change, not an amount
])
def test_a_change_after_anything_else_is_not_given_to_the_head(text: str) -> None:
    assert _bound(text)[-1] != ("change", "机关运行经费支出预算")  # the last change, 增加 2.49 万元
