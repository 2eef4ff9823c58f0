"""决算 sentence shapes: a completion rate standing between an amount and its change, and a 其中 list nested in
another. Texts are invented; each shape is checked consistent (no finding) and with one figure changed (found)."""

from __future__ import annotations

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.figures import as_paragraphs, read_figures
from budget_addin.narrative.text_check import check_paragraphs

_THREE = "“三公”经费财政拨款支出决算为30.00万元，完成预算的85.71%，较上年减少5.00万元，下降{rate}%。"


def test_a_change_after_a_completion_rate_is_the_change_of_the_amount_before_the_rate() -> None:
    assert check_paragraphs([_THREE.format(rate="14.29")]) == []  # 5 ÷ (30 + 5)
    (finding,) = check_paragraphs([_THREE.format(rate="12.50")])
    assert (finding.rule, finding.severity) == (tx.RATE, "error")
    assert "5÷35（上年数=30+5）=14.29%" in finding.message


def test_a_completion_rate_speaks_of_its_sentence_item_and_names_none_itself() -> None:
    figures = read_figures(as_paragraphs([_THREE.format(rate="14.29")])).figures
    assert [(f.role, f.item, f.inherited) for f in figures] == [
        ("amount", "three_total", False), ("percent", "three_total", True),
        ("change", "three_total", True), ("rate", "three_total", True)]


def test_a_percent_naming_its_own_item_keeps_it() -> None:
    """完成预算的 binds only an unnamed percent: 一个项目的执行率 85% names its own label."""
    figures = read_figures(as_paragraphs(["基本支出30.00万元，项目执行率85%。"])).figures
    assert figures[1].label == "项目执行率" and not figures[1].inherited


_NESTED = ("其中：因公出国（境）费0万元；公务用车购置及运行维护费25.00万元，占“三公”经费的83.33%，"
           "其中公务用车购置费10.00万元、公务用车运行维护费{operation}万元；公务接待费5.00万元，占16.67%。")


def test_a_list_nested_in_a_list_hangs_from_the_part_it_follows() -> None:
    lead = "2023年度“三公”经费财政拨款支出决算为30.00万元。"
    assert check_paragraphs([lead + _NESTED.format(operation="15.00")]) == []
    (finding,) = check_paragraphs([lead + _NESTED.format(operation="16.00")])
    assert finding.rule == tx.SUM and finding.message.startswith(
        "公务用车购置及运行维护费：文中写 25 万元，所列各项 10+16=26 万元，相差 1 万元")


def test_the_outer_list_is_still_checked_against_its_total() -> None:
    lead = "2023年度“三公”经费财政拨款支出决算为31.00万元。"  # 0 + 25 + 5 = 30
    found = check_paragraphs([lead + _NESTED.format(operation="15.00")])
    assert [f.rule for f in found if f.rule == tx.SUM] == [tx.SUM]
    assert any("31" in f.message and "0+25+5=30" in f.message for f in found)
