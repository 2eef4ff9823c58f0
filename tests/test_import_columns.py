"""What a source column holds (its role in the template) and how a source cell becomes a template
value: codes split from names, 元/千元/亿元 → 万元 exact, rates as fractions. Invented headers, fast."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budget_addin.core.numbers import NumberError
from budget_addin.core.schema import TABLES_BY_KEY
from budget_addin.files.importer.columns import (
    Role,
    cell_text,
    column_role,
    comparator_from,
    convert,
    convert_or_leave,
    header_name,
    latest_year,
    split_code,
)
from budget_addin.files.importer.locate import FoundTable, HeaderColumn
from budget_addin.files.importer.placer import Placer, TableReport
from budget_addin.files.importer.sources import Cell, Grid

AMOUNT = TABLES_BY_KEY["three_public"].column("amount")
RATE = TABLES_BY_KEY["three_public"].column("stated_growth")
NAME = TABLES_BY_KEY["expenditure_table"].column("name")
COUNT = TABLES_BY_KEY["unit_counts"].column("count")


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("2010101 行政运行", ("2010101", "行政运行")),
        ("201　一般公共服务支出", ("201", "一般公共服务支出")),
        ("20101、人大事务", ("20101", "人大事务")),
        ("  30101：基本工资 ", ("30101", "基本工资")),
        ("２０５ 教育支出", ("205", "教育支出")),  # full-width digits are read as digits
        ("201", (None, "201")),  # a code alone names nothing
        ("2010 其他", (None, "2010 其他")),  # four digits are no class code
        ("201010101 其他", (None, "201010101 其他")),  # nor nine
        ("一般公共服务支出", (None, "一般公共服务支出")),
    ],
)
def test_a_leading_class_code_is_split_from_its_name(text: str, split: tuple[str | None, str]) -> None:
    assert split_code(text) == split


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        (Cell(D("12.50")), "12.50"),
        (Cell(D("3.00")), "3"),
        (Cell(D("30")), "30"),
        (Cell(D("0.0")), "0"),
        (Cell(" 行政运行 "), "行政运行"),
    ],
)
def test_a_cell_as_text(cell: Cell | None, text: str) -> None:
    assert cell_text(cell) == text


@pytest.mark.parametrize(
    ("cell", "unit", "header_unit", "value"),
    [
        (Cell(D("1234567")), "元", None, D("123.4567")),  # 元 ÷ 10000, exact
        (Cell(D("1234567")), "万元", "元", D("123.4567")),  # the header's unit wins over the table's
        (Cell(D("1234567")), "元", "千元", D("123456.7")),
        (Cell(D("1.5")), "元", "亿元", D("15000")),
        (Cell(D("88.8")), "万元", None, D("88.8")),
        (Cell(D("88.8")), "斤", None, D("88.8")),  # a unit no one converts is read as 万元
        (Cell("1,234"), "元", None, D("0.1234")),
        (Cell("12万元"), "元", None, D("12")),  # a unit typed in the cell wins over the table's
        (Cell("12"), "元", "万元", D("12")),
        (Cell("-"), "元", None, None),
        (Cell(""), "元", None, None),
    ],
)
def test_an_amount_becomes_wan_yuan(cell: Cell, unit: str, header_unit: str | None, value: D | None) -> None:
    assert convert(cell, AMOUNT, unit, header_unit) == value


def test_an_amount_in_wan_yuan_is_kept_as_stated() -> None:
    kept = convert(Cell(D("88.80")), AMOUNT, "万元", None)
    assert isinstance(kept, D) and str(kept) == "88.80"


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (Cell(D("0.05"), percent=True), D("0.05")),  # a cell shown as 5%: its stored value is the fraction
        (Cell(D("5")), D("0.05")),  # 5 under a rate header is 5%
        (Cell("5%"), D("0.05")),
        (Cell("12.5"), D("0.125")),
    ],
)
def test_a_rate_becomes_a_fraction(cell: Cell, value: D) -> None:
    assert convert(cell, RATE, "元", None) == value  # the amount unit never touches a rate


def test_text_and_counts_are_not_converted() -> None:
    assert convert(Cell(D("201")), NAME, "元", None) == "201"
    assert convert(Cell(" 教育支出 "), NAME, "元", None) == "教育支出"
    assert convert(Cell(D("12")), COUNT, "元", None) == D("12")


def test_a_formula_without_its_result_is_refused_with_the_reason() -> None:
    with pytest.raises(NumberError) as caught:
        convert(Cell("=SUM(B2:B4)", formula=True), AMOUNT, "万元", None)
    assert caught.value.reason == "公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入）"
    assert caught.value.raw == "=SUM(B2:B4)"  # the error names the formula it could not read
    assert str(caught.value) == '公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入） "=SUM(B2:B4)"'
    with pytest.raises(NumberError):
        convert(Cell("=A1", formula=True), NAME, "万元", None)  # even in a text column


def _role(
    table: str, path: tuple[str, ...], years: tuple[int | None, ...] | None = None, max_year: int | None = 2027
) -> Role | None:
    return column_role(TABLES_BY_KEY[table], HeaderColumn(1, path, years or (None,) * len(path)), max_year)


@pytest.mark.parametrize(
    ("table", "path", "role"),
    [
        ("summary_table", ("项目",), Role("label")),
        ("summary_table", ("收入预算",), Role("label")),
        ("summary_table", ("经费项目",), Role("label")),  # any header ending in 项目
        ("summary_table", ("科目编码",), Role("code")),
        ("summary_table", ("编码",), Role("code")),
        ("summary_table", ("类",), None),  # a form has no code split over columns
        ("expenditure_table", ("类",), Role("code_part")),
        ("expenditure_table", ("项",), Role("code_part")),
        ("expenditure_table", ("功能分类科目编码",), Role("code")),
        ("expenditure_table", ("项目",), Role("cell", "expenditure_table", "name")),  # a list's 项目 is its name column
        ("expenditure_table", ("基本支出", "小计"), Role("cell", "expenditure_table", "basic")),
        ("expenditure_table", ("本年预算数", "合计"), Role("cell", "expenditure_table", "total")),
        ("expenditure_table", ("上年预算数",), None),  # a list has no prior column
        ("income_table", ("一般公共预算",), Role("cell", "income_table", "gp")),
        ("income_table", ("本年收入", "一般公共预算"), Role("cell", "income_table", "gp")),
        ("three_public", ("上年预算数",), Role("cell", "three_public", "prior")),
        ("three_public", ("上年预算数", "合计"), Role("cell", "three_public", "prior")),
        ("three_public", ("上年预算数", "因公出国"), None),  # a part of last year: no cell for it
        ("three_public", ("上年执行数",), Role("cell", "three_public", "prior")),
        ("three_public", ("执行数",), Role("cell", "three_public", "prior")),  # a budget table's outturn is last year's
        ("three_public", ("决算数",), Role("cell", "three_public", "prior")),
        ("three_public", ("上年度",), Role("cell", "three_public", "prior")),
        ("three_public", ("上年结转",), None),  # carried over from last year: no prior-year figure
        ("three_public", ("上年结余",), None),
        ("three_public", ("比上年增减", "金额"), Role("cell", "three_public", "change")),
        ("three_public", ("比上年增减", "增减额"), Role("cell", "three_public", "change")),
        ("three_public", ("比上年增减", "%"), Role("cell", "three_public", "stated_growth")),
        ("three_public", ("比上年增减", "增长率"), Role("cell", "three_public", "stated_growth")),
        ("three_public", ("比上年增减", "备注"), None),
        ("three_public", ("行次",), Role("skip")),
        ("three_public", ("备注",), None),
        ("summary_table", ("上年预算数",), Role("cell", "income_expenditure", "prior")),  # to the companion table
        ("fiscal_table", ("增减额",), Role("cell", "income_expenditure", "change")),
        ("gp_three_public_table", ("增减额",), Role("cell", "three_public", "change")),
        ("gp_three_public_table", ("本年预算数",), Role("cell", "gp_three_public_table", "amount")),
        ("summary_table", ("一般公共预算",), None),
    ],
)
def test_the_role_of_a_column(table: str, path: tuple[str, ...], role: Role | None) -> None:
    assert _role(table, path) == role


def test_a_column_of_an_earlier_year_is_the_prior_year() -> None:
    assert _role("three_public", ("预算数",), (2026,)) == Role("cell", "three_public", "prior")
    assert _role("three_public", ("预算数",), (2027,)) == Role("cell", "three_public", "amount")
    assert _role("three_public", ("预算数",), (2026,), max_year=None) == Role("cell", "three_public", "amount")
    assert _role("three_public", ("预算数", "合计"), (2026, None)) == Role("cell", "three_public", "prior")
    assert _role("three_public", ("预算数", "合计"), (2027, None)) == Role("cell", "three_public", "amount")


def test_the_latest_year_counts_only_when_the_headers_name_two() -> None:
    two = [HeaderColumn(1, ("a",), (2026,)), HeaderColumn(2, ("b", "c"), (2027, None))]
    assert latest_year(two) == 2027
    assert latest_year([HeaderColumn(1, ("a",), (2027,)), HeaderColumn(2, ("b",), (2027,))]) is None
    assert latest_year([HeaderColumn(1, ("a",), (None,))]) is None


def test_a_header_of_two_levels_is_named_with_a_slash() -> None:
    assert header_name(HeaderColumn(3, ("比上年增减", "金额"))) == "比上年增减/金额"
    assert header_name(HeaderColumn(3, ("项目",))) == "项目"


def _found(unit: str = "元") -> FoundTable:
    return FoundTable("three_public", Grid("来源.xlsx", "表1"), "三公经费预算表", 1, unit=unit)


def test_a_figure_that_cannot_be_read_is_left_with_its_reason() -> None:
    placer, report = Placer({}), TableReport("三公", "来源.xlsx")
    value = convert_or_leave(
        placer, report, "表1!B3", "公务接待费", Cell("1.2.3"), AMOUNT, _found(), HeaderColumn(2, ("本年预算数",))
    )
    assert value is None
    assert [(u.where, u.item, u.value, u.reason) for u in placer.unplaced] == [
        ("表1!B3", "公务接待费", "1.2.3", "无法识别的数值")
    ]
    assert report.not_placed == ["表1!B3 公务接待费 1.2.3：无法识别的数值"]
    read = convert_or_leave(
        placer,
        report,
        "表1!B4",
        "公务接待费",
        Cell(D("25000")),
        AMOUNT,
        _found(),
        HeaderColumn(2, ("本年预算数",), (None,), "千元"),
    )
    assert read == D("2500")  # the header's 千元 over the table's 元
    assert len(placer.unplaced) == 1


@pytest.mark.parametrize(
    ("headers", "stated"),
    [
        (("上年执行数",), "上年执行数"),
        (("上年", "执行"), "上年执行数"),
        (("上年预算数",), "上年预算数"),
        (("上年数",), None),
    ],
)
def test_the_comparator_as_a_prior_year_header_states_it(headers: tuple[str, ...], stated: str | None) -> None:
    placer, report = Placer({}), TableReport("三公", "来源.xlsx")
    comparator_from(placer, report, headers, "表1!C2")
    if stated is None:
        assert "department" not in placer.data
    else:
        assert placer.data["department"]["comparator"]["value"] == stated
        assert placer.sources[("department", "comparator", "value")] == "表1!C2"
        assert report.placed == 0  # a name, not a figure


def test_the_header_levels_are_read_as_one_text_for_the_comparator() -> None:
    placer, report = Placer({}), TableReport("三公", "来源.xlsx")
    comparator_from(placer, report, ("上年执", "行数"), "表1!C2")  # 执行 across two levels
    assert placer.data["department"]["comparator"]["value"] == "上年执行数"


def test_a_second_comparator_that_differs_is_a_conflict_named_for_it() -> None:
    placer, report = Placer({}), TableReport("三公", "来源.xlsx")
    comparator_from(placer, report, ("上年执行数",), "甲.xlsx › C2")
    comparator_from(placer, report, ("上年预算数",), "乙.xlsx › C2")
    assert placer.data["department"]["comparator"]["value"] == "上年执行数"
    assert [(c.where, c.item, c.value) for c in placer.conflicts] == [("乙.xlsx › C2", "比较口径", "上年预算数")]
    assert placer.conflicts[0].reason == (
        "与 甲.xlsx › C2 所列 上年执行数 不同，保留前者（部门基本信息·比较口径·内容）"
    )


@pytest.mark.parametrize(
    ("table", "path", "role"),
    [
        ("three_public", ("校验",), None),  # a computed column of the template takes no source figure
        ("three_public", ("增减率(计算)",), None),  # (a header as locate reads it: parentheses normalised)
        (
            "three_public",
            ("占比(说明所列)",),
            Role("cell", "three_public", "stated_share"),
        ),  # listed after computed ones
        ("three_public", ("本年", "比上年增减", "金额"), Role("cell", "three_public", "change")),  # three levels
        ("three_public", ("本年", "比上年增减", "%"), Role("cell", "three_public", "stated_growth")),
        ("details", ("上年预算数",), Role("cell", "details", "prior")),  # a list with a prior column
        ("details", ("上年预算数", "基本支出"), None),  # a part of last year is not the line's prior total
    ],
)
def test_the_role_of_a_column_among_computed_ones(table: str, path: tuple[str, ...], role: Role | None) -> None:
    assert _role(table, path) == role


def test_a_name_beginning_with_a_latin_letter_keeps_it() -> None:
    assert split_code("2120102 X射线设备购置") == ("2120102", "X射线设备购置")
