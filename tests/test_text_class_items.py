"""A 类 and its 项: the class's change against the changes of the items listed after it (issue 22), and
labels read past a list numbering such as （一）."""

from __future__ import annotations

import pytest

from budget_addin.narrative.figures import read_figures
from budget_addin.narrative.text_check import as_paragraphs, check_paragraphs

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
