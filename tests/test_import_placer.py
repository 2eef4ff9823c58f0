"""The dataset an import fills: a value placed once, confirmed by an equal one (or the same figure at a
coarser rounding), a different one kept out as a conflict; class rows found by code or name."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budget_addin.files.importer.locate import FoundTable
from budget_addin.files.importer.placer import Placer, TableReport, same, shown_value
from budget_addin.files.importer.sources import Grid


def _report() -> TableReport:
    return TableReport("三公", "来源.xlsx")


def test_a_value_is_placed_with_its_source_and_counted() -> None:
    placer, report = Placer({}), _report()
    placer.put(report, "three_public", "reception", "amount", D("12.5"), "来源.xlsx › 表1!B6", "公务接待费")
    assert placer.data == {"three_public": {"reception": {"amount": D("12.5")}}}
    assert placer.sources == {("three_public", "reception", "amount"): "来源.xlsx › 表1!B6"}
    assert (report.placed, report.conflicts, placer.conflicts) == (1, [], [])
    placer.put(report, "department", "name", "value", "样例局", "来源.xlsx › 表1!A2", "部门名称", figure=False)
    assert report.placed == 1  # a name is no figure


def test_an_equal_value_confirms_and_the_first_source_stays() -> None:
    placer, report = Placer({}), _report()
    placer.put(report, "three_public", "total", "amount", D("1234.5678"), "甲.xlsx › B3", "合计")
    placer.put(report, "three_public", "total", "amount", D("1234.57"), "乙.xlsx › C4", "合计")
    assert placer.data["three_public"]["total"]["amount"] == D("1234.5678")
    assert placer.sources[("three_public", "total", "amount")] == "甲.xlsx › B3"
    assert report.placed == 2 and placer.conflicts == []


def test_a_different_value_is_a_conflict_kept_out() -> None:
    placer, report = Placer({}), _report()
    placer.put(report, "three_public", "total", "amount", D("10"), "甲.xlsx › B3", "合计")
    placer.put(report, "three_public", "total", "amount", D("11"), "乙.xlsx › C4", "合计")
    assert placer.data["three_public"]["total"]["amount"] == D("10")
    reason = "与 甲.xlsx › B3 所列 10 不同，保留前者（三公经费预算·合计·本年预算数）"
    assert [(c.where, c.item, c.value, c.reason) for c in placer.conflicts] == [
        ("乙.xlsx › C4", "合计", D("11"), reason)
    ]
    assert report.conflicts == [f"乙.xlsx › C4 合计 11：{reason}"]
    assert report.placed == 1


def test_a_conflict_with_a_value_of_unknown_source() -> None:
    placer, report = Placer({"three_public": {"total": {"amount": D("10")}}}), _report()
    placer.put(report, "three_public", "total", "amount", D("9"), "乙.xlsx › C4", "合计")
    assert placer.conflicts[0].reason == "与 已有数值 所列 10 不同，保留前者（三公经费预算·合计·本年预算数）"


def test_a_value_given_on_the_command_line_stands() -> None:
    placer, report = Placer({"department": {"name": {"value": "样例局"}}}), _report()
    placer.put(report, "department", "name", "value", "另一局", "表1!A2", "部门名称", figure=False)
    placer.put(report, "department", "name", "value", " 样例局 ", "表2!A2", "部门名称", figure=False)
    assert placer.data["department"]["name"]["value"] == "样例局"
    assert report.notes == ["表1!A2 写“另一局”，按命令行参数“样例局”"]
    assert placer.conflicts == [] and placer.sources == {}


def test_a_list_row_is_filled_in_place() -> None:
    placer, report = Placer({"procurement": [{"project": "甲"}]}), _report()
    placer.put(report, "procurement", 0, "amount", D("3"), "表1!H3", "甲")
    assert placer.data["procurement"] == [{"project": "甲", "amount": D("3")}]


def test_what_is_left_is_listed_with_its_reason() -> None:
    placer, report = Placer({}), _report()
    placer.leave(report, "表1!B3", "会议费", D("2.50"), "模板三公经费预算中没有“会议费”行")
    placer.leave(report, "表1", "部门收支总表", None, "没有找到标准表的标题")
    assert [(u.where, u.item, u.value, u.reason) for u in placer.unplaced] == [
        ("表1!B3", "会议费", D("2.50"), "模板三公经费预算中没有“会议费”行"),
        ("表1", "部门收支总表", None, "没有找到标准表的标题"),
    ]
    assert report.not_placed == [
        "表1!B3 会议费 2.5：模板三公经费预算中没有“会议费”行",
        "表1 部门收支总表：没有找到标准表的标题",
    ]


def test_class_rows_by_code_and_by_name() -> None:
    placer = Placer({})
    assert placer.class_row("expenditure_table", "201", "一般公共服务支出") == 0
    assert placer.class_row("expenditure_table", "205", "教育支出") == 1
    assert placer.class_row("expenditure_table", "201", "") == 0  # by its code
    assert placer.class_row("expenditure_table", None, "教育支出") == 1  # by its name
    assert placer.class_row("expenditure_table", None, "科学技术支出") == 2  # new, without code
    assert placer.class_row("expenditure_table", "206", "科学技术支出") == 2  # the coded row joins it
    assert placer.data["expenditure_table"] == [
        {"name": "一般公共服务支出", "code": "201"},
        {"name": "教育支出", "code": "205"},
        {"name": "科学技术支出", "code": "206"},
    ]
    assert placer.class_row("expenditure_table", "206", "科学 技术支出") == 2


def test_a_name_two_rows_share_finds_no_row_without_a_code() -> None:
    placer = Placer({})
    assert placer.class_row("gp_expenditure_table", "2010101", "行政运行") == 0
    assert placer.class_row("gp_expenditure_table", "2050101", "行政运行") == 1
    assert placer.class_row("gp_expenditure_table", None, "行政运行") is None
    assert placer.class_row("gp_expenditure_table", "2050101", "行政运行") == 1
    assert len(placer.data["gp_expenditure_table"]) == 2


def test_a_coded_row_joins_only_an_uncoded_row_of_its_name() -> None:
    placer = Placer({})
    assert placer.class_row("expenditure_table", "2010101", "行政运行") == 0
    assert placer.class_row("expenditure_table", "2050101", "行政运行") == 1  # the row of the name has a code
    placer2 = Placer({})
    assert placer2.class_row("expenditure_table", None, "行政运行") == 0
    assert placer2.class_row("expenditure_table", None, "行政运行") == 0
    assert placer2.class_row("expenditure_table", "2010101", "行政运行") == 0
    assert placer2.data["expenditure_table"] == [{"name": "行政运行", "code": "2010101"}]


def test_a_class_row_without_a_name() -> None:
    placer = Placer({})
    assert placer.class_row("expenditure_table", "201", "") == 0
    assert placer.data["expenditure_table"] == [{"code": "201"}]
    assert placer.class_row("expenditure_table", "201", "一般公共服务支出") == 0
    assert placer.data["expenditure_table"] == [{"code": "201", "name": "一般公共服务支出"}]
    assert placer.class_row("expenditure_table", None, "") == 1  # nothing to find it by: a new row
    assert placer.class_row("expenditure_table", None, "") == 2
    assert placer.data["expenditure_table"][1:] == [{}, {}]


def test_class_rows_of_two_tables_are_apart() -> None:
    placer = Placer({})
    assert placer.class_row("gp_expenditure_table", "201", "一般公共服务支出") == 0
    assert placer.class_row("gov_fund_table", "212", "城乡社区支出") == 0
    assert placer.class_row("gov_fund_table", "201", "一般公共服务支出") == 1


def test_a_report_says_where_its_table_starts() -> None:
    placer = Placer({})
    titled = placer.report_for(FoundTable("three_public", Grid("甲.xlsx", "表1"), "三公", 3))
    named = placer.report_for(FoundTable("three_public", Grid("乙.csv", ""), "三公", 0))
    assert (titled.name, titled.where) == ("财政拨款“三公”经费预算情况", "甲.xlsx › 表1（第 3 行起）")
    assert (named.where, placer.reports) == ("乙.csv", [titled, named])


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (D("1234.5678"), D("1234.57"), True),
        (D("1234.57"), D("1234.5678"), True),
        (D("1234.565"), D("1234.57"), True),  # 0.005 off at two places: within half a cent
        (D("1234.5649"), D("1234.56"), True),
        (D("1234.5751"), D("1234.57"), False),
        (D("1234.5651"), D("1234.56"), False),
        (D("1234.56"), D("1234.57"), False),  # one rounding: no coarser one to agree at
        (D("12"), D("12.00"), True),
        (D("12.4"), D("12"), True),
        (D("12.5"), D("12"), True),
        (D("12.6"), D("12"), False),
        ("样例局", " 样例局 ", True),
        ("样例局", "另一局", False),
        (D("1"), "1", True),
    ],
)
def test_two_statements_of_one_figure_agree_at_the_coarser_rounding(a: object, b: object, agree: bool) -> None:
    assert same(a, b) is agree


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("12.50"), "12.5"),
        (D("12"), "12"),
        (D("1.2E+3"), "1200"),
        (D("0.0001"), "0.0001"),
        ("文字", "文字"),
    ],
)
def test_a_value_as_a_report_shows_it(value: object, text: str) -> None:
    assert shown_value(value) == text


def test_a_class_row_keeps_the_first_name_its_code_was_given() -> None:
    placer = Placer({})
    assert placer.class_row("expenditure_table", "201", "一般公共服务支出") == 0
    assert placer.class_row("expenditure_table", "201", "一般公共服务") == 0
    assert placer.data["expenditure_table"] == [{"name": "一般公共服务支出", "code": "201"}]
