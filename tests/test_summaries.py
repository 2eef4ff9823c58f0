"""The summary sheet specs computed from the seed: the figures, shares, highlights and charts they show."""

from __future__ import annotations

import copy
from datetime import datetime
from decimal import Decimal

import pytest
from other_department import other_department

from budget_addin.core import calc
from budget_addin.core.dataset import blank_dataset, load_seed_data
from budget_addin.core.findings import Finding, Report
from budget_addin.core.model import Book
from budget_addin.core.schema import OWNED_SHEETS
from budget_addin.rules import run_rules
from budget_addin.summaries import specs as summaries
from budget_addin.summaries.specs import Block, Settings, SheetSpec

NOW = datetime(2020, 3, 1, 9, 30)
STAMP = summaries.stamp(NOW, "0123456789abcdef")


@pytest.fixture(scope="module")
def book() -> Book:
    return Book(load_seed_data())


@pytest.fixture(scope="module")
def specs(book: Book) -> dict[str, SheetSpec]:
    return {spec.name: spec for spec in summaries.summary_specs(book, run_rules(book), NOW)}


def percent(value: object) -> Decimal:
    """A fraction shown as the sheet shows it with 0.00%."""
    assert isinstance(value, Decimal), value
    return calc.round_half_up(value * 100, 2)


def row_of(block: Block, label: str) -> tuple:
    matches = [row for row in block.rows if row[0] == label]
    assert len(matches) == 1, f"{label!r} in {[r[0] for r in block.rows]}"
    return matches[0]


def block_with(spec: SheetSpec, header: str) -> Block:
    return next(b for b in spec.blocks if b.headers[0] == header)


# -- the set of sheets -----------------------------------------------------------------------------


def test_the_seven_summary_sheets_are_the_owned_sheets_except_the_narrative(specs: dict[str, SheetSpec]) -> None:
    assert list(specs) == list(summaries.SUMMARY_SHEETS)
    assert set(specs) | {summaries.NARRATIVE_SHEET} == set(OWNED_SHEETS)


def test_every_sheet_is_stamped_with_time_and_input_fingerprint(book: Book, specs: dict[str, SheetSpec]) -> None:
    print_ = summaries.fingerprint(book.data)
    for spec in specs.values():
        assert spec.cells()[summaries.STAMP_CELL] == spec.stamp
        assert spec.stamp == f"生成时间：2020-03-01 09:30:00　输入指纹：{print_}（输入变更后请重新生成）"
    assert summaries.stamped_fingerprint("输入指纹：0123456789abcdef") == "0123456789abcdef"
    assert summaries.stamped_fingerprint("输入指纹：0123") is None
    assert summaries.stamped_fingerprint(None) is None


# -- 同比分析 --------------------------------------------------------------------------------------


def test_year_on_year_lists_every_figure_with_a_prior_year_value(specs: dict[str, SheetSpec]) -> None:
    block = specs["同比分析"].blocks[0]
    assert block.headers[:6] == ("项目", "本年预算数", "上年预算数", "增减额", "增减率", "变动方向")
    basic = row_of(block, "基本支出")
    assert basic[1:4] == (Decimal("1304.85"), Decimal("1210.05"), Decimal("94.80"))
    assert percent(basic[4]) == Decimal("7.83")
    assert basic[5] == "增加"
    assert percent(row_of(block, "项目支出")[4]) == Decimal("27.65")
    heating = row_of(block, "供热管理工作经费（项目支出）")  # a 明细 row: 15.3 this year, 0 last year
    assert heating[1:3] == (Decimal("15.3"), 0) and heating[4] == "新增" and heating[5] == "新增"
    office = row_of(block, "办公费（机关运行经费）")  # 15.5 with a stated change of 0.4: 15.1 last year
    assert office[1:4] == (Decimal("15.5"), Decimal("15.1"), Decimal("0.4"))
    labels = [row[0] for row in block.rows]
    assert {"机关运行经费", "公务接待费"} <= set(labels)
    assert "基本工资（基本支出）" not in labels  # only a change is stated, no figure for this year
    # its change is not stated, but both parts' are (购置费 0 → 0, 运行维护费 6 → 6): derived, not demanded
    assert row_of(block, "公务用车购置及运行费")[1:4] == (Decimal(6), Decimal(6), Decimal(0))
    assert not [label for label in labels if label.startswith(("收入总计", "一般公共预算"))]  # no prior stated


def test_year_on_year_links_each_row_to_its_source_cell(specs: dict[str, SheetSpec]) -> None:
    block = specs["同比分析"].blocks[0]
    index = [row[0] for row in block.rows].index("基本支出")
    assert block.links[(index, 7)] == "收入支出!B19"


def highlighted(spec: SheetSpec) -> set[str]:
    block = spec.blocks[0]
    return {block.rows[r][0] for (r, c) in block.fills if c == 4}


def test_large_changes_are_highlighted_by_the_threshold(book: Book) -> None:
    default = summaries.year_on_year_spec(book, STAMP)
    assert highlighted(default) == {"支出总计", "项目支出"}  # 20.08% and 27.65% reach 20%; 7.83% does not
    assert highlighted(summaries.year_on_year_spec(book, STAMP, Settings(Decimal("0.30")))) == set()
    low = highlighted(summaries.year_on_year_spec(book, STAMP, Settings(Decimal("0.05"))))
    assert {"基本支出", "支出总计", "项目支出", "工会经费（机关运行经费）"} <= low  # 7.83%, 11.96÷10.41−1 = 14.89%
    assert "机关运行经费" not in low  # 1.34%
    assert any("20%" in text for _, text in default.notes)


@pytest.mark.parametrize(("raw", "expected"), [
    ("30%", Decimal("0.30")), (Decimal("0.25"), Decimal("0.25")), (15.0, Decimal("0.15")), ("15", Decimal("0.15")),
    ("很多", summaries.DEFAULT_GROWTH_THRESHOLD), ("", summaries.DEFAULT_GROWTH_THRESHOLD),
])
def test_the_threshold_is_read_from_the_config_sheet(raw: object, expected: Decimal) -> None:
    assert summaries.settings_from_config({summaries.THRESHOLD_KEY: raw}).growth_threshold == expected


def test_the_year_on_year_chart_compares_this_year_and_last(specs: dict[str, SheetSpec]) -> None:
    (chart,) = specs["同比分析"].charts
    assert chart.kind == "column"
    assert [s.name for s in chart.series] == ["本年预算数", "上年预算数"]
    assert chart.categories == "A6:A8" and chart.source == "A5:C8"  # 支出总计, 基本支出, 项目支出


# -- 收支结构 --------------------------------------------------------------------------------------


def test_structure_shows_income_by_source_and_spending_by_type_with_shares(specs: dict[str, SheetSpec]) -> None:
    spec = specs["收支结构"]
    income = block_with(spec, "收入来源")
    # every source the seed states (0 is stated), none it does not (事业收入, 上级补助收入 …)
    assert [row[0] for row in income.rows] == [
        "一般公共预算拨款收入",
        "政府性基金预算拨款收入",
        "国有资本经营预算拨款收入",
        "财政专户管理资金收入",
        "其他收入",
        "上年结转（结余）",
        "收入总计",
    ]
    assert percent(row_of(income, "一般公共预算拨款收入")[2]) == Decimal("73.36")  # 2792.05 ÷ 3805.77
    assert percent(row_of(income, "政府性基金预算拨款收入")[2]) == Decimal("26.64")  # 1013.72 ÷ 3805.77
    assert percent(row_of(income, "上年结转（结余）")[2]) == Decimal("3.68")  # 140 ÷ 3805.77
    assert row_of(income, "收入总计")[1:3] == (Decimal("3805.77"), Decimal(1))
    spending = block_with(spec, "支出类型")
    assert percent(row_of(spending, "基本支出")[2]) == Decimal("34.29")
    assert percent(row_of(spending, "项目支出")[2]) == Decimal("65.71")
    kinds = [c.kind for c in spec.charts]
    assert kinds == ["bar", "pie"]
    assert spec.charts[1].categories == spending.column(0, 0, 1)  # 基本支出, 项目支出
    # the sources add up to 3945.77, not to the stated 3805.77: said, not hidden
    assert any("3945.77" in text and "相差 140 万元" in text for _, text in spec.notes)
    assert not any("未列入" in text for _, text in spec.notes)  # no sentence of the seed's


# -- 三公经费 --------------------------------------------------------------------------------------


def test_three_public_costs_shares_and_change(specs: dict[str, SheetSpec]) -> None:
    block = specs["三公经费"].blocks[0]
    vehicles, reception = row_of(block, "公务用车购置及运行费"), row_of(block, "公务接待费")
    assert percent(vehicles[5]) == Decimal("66.67")
    assert percent(reception[5]) == Decimal("33.33")
    assert percent(vehicles[5]) + percent(reception[5]) == 100
    assert row_of(block, "因公出国（境）费")[4] == "持平"  # 0 → 0
    assert vehicles[2] == Decimal(6)  # not stated, derived from its parts' prior years 0 + 6
    total = row_of(block, "合计")
    assert total[1:4] == (Decimal(9), Decimal(9), Decimal(0))
    (chart,) = specs["三公经费"].charts
    assert chart.categories == block.column(0, 0, 2) and len(chart.series) == 2


# -- 政府采购汇总 ----------------------------------------------------------------------------------


def test_procurement_by_category_and_by_project(specs: dict[str, SheetSpec]) -> None:
    spec = specs["政府采购汇总"]
    categories = block_with(spec, "品目类别")
    assert percent(row_of(categories, "货物")[2]) == Decimal("5.29")
    assert percent(row_of(categories, "工程")[2]) == Decimal("94.71")
    assert row_of(categories, "货物")[4] == "5.3%"  # as the text states it
    assert row_of(categories, "服务")[3] == summaries.MISSING
    projects = block_with(spec, "项目名称")
    names = [row[0] for row in projects.rows]
    assert not any("小计" in name for name in names)  # the department subtotal line is not a project
    assert row_of(projects, "补充工作经费")[1] == Decimal("25.28")
    assert row_of(projects, "合计")[1] == Decimal("383.28")
    assert row_of(projects, "补充工作经费")[4] == "工程、货物"
    (chart,) = spec.charts
    assert chart.kind == "pie" and chart.categories == categories.column(0, 0, 2)


# -- 资产结构 --------------------------------------------------------------------------------------


def test_assets_by_category_with_shares_and_quantities(specs: dict[str, SheetSpec]) -> None:
    spec = specs["资产结构"]
    block = spec.blocks[0]
    general = row_of(block, "通用设备")
    assert general[1] == Decimal("301.76") and percent(general[2]) == Decimal("74.67") and general[3] == 528
    assert percent(row_of(block, "家具、用具、装具及动植物")[2]) == Decimal("17.84")
    assert row_of(block, "文物与陈列品")[3] == "—"
    shares = [row[2] for row in block.rows[:6]]
    assert calc.round_half_up(sum(shares, Decimal(0)), 10) == 1
    details = spec.blocks[1]
    assert row_of(details, "办公用房（平方米）")[3] == 2933
    assert row_of(details, "大型设备（单价达到规定标准）")[1] == summaries.MISSING
    (chart,) = spec.charts
    assert chart.kind == "bar" and chart.categories == block.column(0, 0, 5)


# -- 绩效指标审查 / 审核结果 -----------------------------------------------------------------------


def test_indicator_review_has_one_row_per_indicator_and_flags_findings(book: Book, specs: dict[str, SheetSpec]) -> None:
    from budget_addin.rules.indicator_review import review_rows

    review = review_rows(book)
    detail = specs["绩效指标审查"].blocks[-1]
    assert len(detail.rows) == len(review.rows) > 100
    flagged = {r for (r, c) in detail.fills if c == 8}
    assert flagged == {i for i, row in enumerate(review.rows) if row["findings"]}
    assert flagged, "the seed has indicators without a measurable target"
    assert all(detail.links[(i, 9)] == row["cell"] for i, row in enumerate(review.rows))


def test_findings_sheet_has_one_row_per_finding_and_a_link_to_each_cell() -> None:
    findings = [
        Finding(
            "BN-016",
            "warning",
            "表内",
            ("比上年增减!C5", "比上年增减!C8", "收入支出!B4"),
            "增减额不等于所列各项之和",
            Decimal("94"),
            Decimal("94.8"),
        ),
        Finding("BN-013", "error", "表内", ("国有资产!D10",), "占比不成立"),
    ]
    report = Report("x.xlsm", findings, {"BN-016": "failed", "BN-013": "failed", "BJ-006": "missing_data"},
                    {"BJ-006": "两处数字均未填"})
    spec = summaries.findings_spec(report, STAMP, read_issues=["收入支出!B6：无法识别的数值 \"三千\""])
    block = spec.blocks[0]
    assert len(block.rows) == 2
    assert block.headers[7:] == ("单元格", "相关2", "相关3")
    first = block.rows[0]
    assert first[1] == "警告" and first[3] == "BN-016" and first[7:] == ("比上年增减!C5", "C8", "收入支出!B4")
    assert [block.links[(0, c)] for c in (7, 8, 9)] == list(findings[0].cells)
    assert block.links[(1, 7)] == "国有资产!D10" and (1, 8) not in block.links
    assert block.fills[(1, 1)] == summaries.SEVERITY_FILLS["error"]
    captions = [b.caption for b in spec.blocks]
    assert any("未运行" in c for c in captions) and any("读取问题" in c for c in captions)


def test_findings_sheet_says_so_when_there_is_nothing_to_report() -> None:
    spec = summaries.findings_spec(Report("x.xlsm"), STAMP)
    assert spec.blocks[0].rows[0][4] == "未发现问题。"


# -- fingerprint and staleness ---------------------------------------------------------------------


def test_fingerprint_follows_the_input_values_not_their_notation() -> None:
    data = load_seed_data()
    same = copy.deepcopy(data)
    same["three_public"]["abroad"]["stated_share"] = Decimal("0.0000")  # 0.00 typed with more decimals
    assert summaries.fingerprint(same) == summaries.fingerprint(data)
    changed = copy.deepcopy(data)
    changed["income_expenditure"]["gp_appropriation"]["amount"] = Decimal("2800")
    assert summaries.fingerprint(changed) != summaries.fingerprint(data)


def test_fingerprint_is_the_same_whichever_adapter_read_the_workbook() -> None:
    """The seed data file, the headless reader and the open-workbook grid give one fingerprint of 16 hex digits."""
    from conftest import COMMITTED
    from fake_xlwings import FakeBook

    from budget_addin.excel.xl_grid import sheets_from_xlwings
    from budget_addin.files.reader import read_sheets, read_workbook

    prints = {
        summaries.fingerprint(load_seed_data()),
        summaries.fingerprint(read_workbook(COMMITTED).book.data),
        summaries.fingerprint(read_sheets(sheets_from_xlwings(FakeBook.from_workbook(COMMITTED)), "live").book.data),
    }
    assert len(prints) == 1
    (digest,) = prints
    assert len(digest) == 16 and int(digest, 16) >= 0


def test_stale_sheets_are_those_stamped_with_another_fingerprint() -> None:
    fresh = summaries.stamp(NOW, "a" * 16)
    old = summaries.stamp(NOW, "b" * 16)
    stamps = {"同比分析": fresh, "三公经费": old, "收支结构": "有人改写了这一格", "用户的表": old}
    assert summaries.stale_sheets(stamps, "a" * 16) == ["收支结构", "三公经费"]  # in sheet order
    report = Report("x")
    assert summaries.add_stale_findings(report, stamps, "a" * 16, regenerated={"三公经费"}) == ["收支结构"]
    (finding,) = report.findings
    assert finding.cells == ("收支结构!A2",) and "重新生成" in finding.message


# -- robustness ------------------------------------------------------------------------------------


def test_another_department_is_compared_with_its_own_comparator_and_sources() -> None:
    book = Book(other_department())
    block = summaries.year_on_year_spec(book, STAMP).blocks[0]
    assert block.headers[2] == "上年执行数"
    assert row_of(block, "收入总计")[1:4] == (Decimal(1000), Decimal(900), Decimal(100))
    assert percent(row_of(block, "支出总计")[4]) == Decimal("8.70")  # 80 ÷ 920
    assert row_of(block, "事业单位经营支出")[1:4] == (Decimal(20), Decimal(30), Decimal(-10))
    assert row_of(block, "事业单位经营支出")[5] == "减少"
    assert row_of(block, "耕地质量监测（项目支出）")[1:4] == (Decimal(80), Decimal(50), Decimal(30))
    assert row_of(block, "机关运行经费")[1:4] == (Decimal(95), Decimal(100), Decimal(-5))
    assert row_of(block, "差旅费（机关运行经费）")[1:4] == (Decimal(12), Decimal(14), Decimal(-2))
    assert "公务接待费" not in [row[0] for row in block.rows]  # no prior year, no change stated: not listed
    assert not any(row[0].startswith("供热") for row in block.rows)

    income = block_with(summaries.structure_spec(book, STAMP), "收入来源")
    # 本年收入合计 950 and 财政拨款收入 800 give way to the sources that make them up
    assert [(row[0], row[1]) for row in income.rows] == [
        ("一般公共预算拨款收入", Decimal(700)), ("政府性基金预算拨款收入", Decimal(100)), ("事业收入", Decimal(120)),
        ("上级补助收入", Decimal(30)), ("上年结转（结余）", Decimal(50)), ("收入总计", Decimal(1000))]
    assert percent(row_of(income, "事业收入")[2]) == Decimal("12.00")

    three = summaries.three_public_spec(book, STAMP)
    assert three.blocks[0].headers[2] == "上年执行数"
    assert percent(row_of(three.blocks[0], "合计")[4]) == Decimal("-20.00")  # −5 ÷ 25
    vehicles = row_of(three.blocks[0], "公务用车购置及运行费")  # not typed: 0 + 12 from its parts
    assert vehicles[1] == Decimal(12) and percent(vehicles[5]) == Decimal("60.00")


def test_a_blank_workbook_still_gets_every_summary_sheet() -> None:
    book = Book(blank_dataset("测试局", "999001", "2021"))
    made = summaries.summary_specs(book, run_rules(book), NOW)
    assert [s.name for s in made] == list(summaries.SUMMARY_SHEETS)
    for spec in made:
        assert spec.title.startswith("测试局2021年")


def test_charts_take_their_data_from_the_rows_right_below_the_header(specs: dict[str, SheetSpec]) -> None:
    """Excel's set_source_data needs one rectangle: header row, category column, then the series."""
    for spec in specs.values():
        for chart in spec.charts:
            first, last = chart.source.split(":")
            assert chart.categories.split(":")[1][1:] == last[1:]  # same last row
            assert chart.series[0].name_cell[1:] == first[1:]  # series names in the header row
            assert chart.series[-1].values.split(":")[1] == last


def test_wrapped_text_gets_a_taller_row(specs: dict[str, SheetSpec]) -> None:
    heights = dict(specs["审核结果"].row_heights)
    block = specs["审核结果"].blocks[0]
    longest = max(range(len(block.rows)), key=lambda r: len(str(block.rows[r][4])))
    assert heights[block.top + 1 + longest] > summaries.DEFAULT_HEIGHT
    assert heights[1] == summaries.TITLE_HEIGHT
