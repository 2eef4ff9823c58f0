"""Import of tables in the shapes provinces publish them (issue 21, item 7): a figure is placed only
where its table's scope and its row's and column's roles are certain; the rest is listed with why.

The tables are the invented disclosures of tests/published_samples.py (江苏-, 上海- and 决算-style
shapes) or written here; where a figure belongs is worked out from the samples' own item figures
(tests/import_scoring.py).
"""

from __future__ import annotations

import contextlib
import io
from decimal import Decimal
from pathlib import Path

import published_samples as ps
import pytest
from import_scoring import FORMS, render, score
from published_samples import rows_xlsx

from budget_addin.cli import check_workbook
from budget_addin.cli import main as cli
from budget_addin.files.importer.locate import match_title, title_key
from budget_addin.files.importer.run import ImportResult, import_sources

D = Decimal


def _one(tmp_path: Path, title_part: str, document: ps.SampleDocument | None = None) -> ImportResult:
    """The sample table whose title holds ``title_part``, alone in a workbook, imported."""
    document = document or ps.jiangsu_2021()
    table = next(t for t in document.tables if title_part in t.title)
    path = ps.to_xlsx(ps.SampleDocument("样例", [], [table]), tmp_path / f"{title_part}.xlsx")
    return import_sources([path])


def _book(tmp_path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), name: str = "t.xlsx") -> Path:
    return rows_xlsx(tmp_path / name, rows, merges)


def _left(result: ImportResult) -> dict[str, str]:
    return {u.where.split("!")[-1]: u.reason for u in result.placer.unplaced}


# -- 1. a 收支总表 with three label columns ----------------------------------------------------------

def test_three_label_columns_keep_each_sides_figures_on_its_own_labels(tmp_path: Path) -> None:
    result = _one(tmp_path, "收支预算总表")
    summary = result.data["summary_table"]
    assert summary["gp_appropriation"] == {"amount": D("560.61")}  # not 522.35 or 390.71 from the 支出 labels
    assert "fund_appropriation" not in summary  # printed blank on the 收入 side; 38.72 beside it is a 支出 figure
    assert summary["other_income"] == {"amount": D("20")}
    assert summary["income_this_year"] == {"amount": D("580.61")}
    assert summary["basic"] == {"amount": D("390.71")} and summary["project"] == {"amount": D("209.9")}
    assert summary["expenditure_this_year"] == summary["expenditure_total"] == {"amount": D("600.61")}
    # the 功能科目 side's classes are 部门 figures by function: 部门支出总表, by name
    assert {r["name"]: r["total"] for r in result.data["expenditure_table"]} == {
        "文化旅游体育与传媒支出": D("522.35"), "社会保障和就业支出": D("38.72"), "卫生健康支出": D("15.36"),
        "住房保障支出": D("24.18")}
    assert result.placer.conflicts == [] and result.placer.unplaced == []


def test_a_fiscal_summary_by_use_puts_no_use_into_a_fund_row(tmp_path: Path) -> None:
    """江苏's 财政拨款收支预算总表: its 支出 side by use (基本 / 项目), not by fund, has no template row."""
    path = _book(tmp_path, [["2021年财政拨款收支预算总表"], ["单位：万元"], ["收入", None, "支出", None],
                            ["项目名称", "金额", "支出用途项目名称", "金额"],
                            ["一、一般公共预算拨款", 560.61, "一、基本支出", 390.71],
                            ["二、政府性基金预算拨款", None, "二、项目支出", 169.90],
                            ["上年结转", 20, "结转下年", None], ["收入总计", 580.61, "支出总计", 580.61]],
                 ("A3:B3", "C3:D3"))
    result = import_sources([path])
    assert result.data["fiscal_table"] == {"gp_appropriation": {"amount": D("560.61")}, "carryover": {"amount": D(20)},
                                           "income_total": {"amount": D("580.61")},
                                           "expenditure_total": {"amount": D("580.61")}}
    assert set(_left(result)) == {"D5", "D6"} and result.placer.conflicts == []


# -- 2. 政府采购 合计 / 大类 / 专项 lines ------------------------------------------------------------

def test_procurement_total_and_category_lines_are_no_purchases(tmp_path: Path) -> None:
    result = _one(tmp_path, "政府采购")
    items = result.data["procurement"]
    assert [(r["project"], r["item"], r["quantity"], r["amount"]) for r in items] == [
        ("办公设备购置", "台式计算机", D(10), D(6)), ("办公设备购置", "复印机", D(2), D(4)),
        ("文化设备购置", "舞台灯光设备", D(1), D(12)), ("群众文化活动", "文艺演出服务", D(1), D(30))]
    assert sum(r["amount"] for r in items) == D(52)  # the printed 合计, not a multiple of it
    assert sorted(_left(result).items()) == [("D4", "“合计”是合计或大类行，不是采购项目"),
                                             ("D5", "“货物类”是合计或大类行，不是采购项目"),
                                             ("D9", "“服务类”是合计或大类行，不是采购项目")]


def test_a_project_line_over_its_items_is_a_subtotal_by_its_amount(tmp_path: Path) -> None:
    path = _book(tmp_path, [["政府采购预算表"], ["单位：万元"], ["采购项目", "采购品目", "数量", "金额"],
                            ["文化惠民工程", None, None, 18], [None, "音响设备", 2, 8], [None, "投影仪", 1, 10],
                            ["办公设备购置", "打印机", 3, 1.5]])
    result = import_sources([path])
    assert [(r.get("item"), r["amount"]) for r in result.data["procurement"]] == [
        ("音响设备", D(8)), ("投影仪", D(10)), ("打印机", D("1.5"))]
    assert _left(result) == {"D4": "“文化惠民工程”是其下 2 个采购品目之和（小计行），不是采购项目"}


# -- 3. a 收入合计 that includes 上年结转 -------------------------------------------------------------

def test_income_total_with_carryover_is_the_grand_total_of_the_income_table(tmp_path: Path) -> None:
    result = _one(tmp_path, "收入预算总表")  # 收入合计 600.61 = 560.61 + 20.00 + 上年结转 20.00
    assert result.data["income_table"] == [{"name": "合计", "total": D("600.61"), "gp": D("560.61"),
                                            "other": D("20"), "carryover": D("20")}]
    assert "income_this_year" not in result.data["summary_table"]
    assert any("按收入总计放入" in n for n in result.placer.reports[0].notes)


def test_income_total_without_carryover_beside_a_carryover_is_listed(tmp_path: Path) -> None:
    path = _book(tmp_path, [["收入预算总表"], ["单位：万元"], ["项目", "金额"], ["收入合计", 580.61],
                            ["一般公共预算拨款", 560.61], ["其他收入", 20], ["上年结转", 20]])
    result = import_sources([path])
    assert result.data["income_table"] == [{"name": "合计", "gp": D("560.61"), "other": D("20"), "carryover": D("20")}]
    assert "是本年收入合计（不含上年结转）" in _left(result)["B4"]


def test_income_total_in_a_summary_table_is_told_by_its_figures(tmp_path: Path) -> None:
    rows = [["部门收支总表"], ["单位：万元"], ["收入", None, "支出", None], ["项目", "金额", "项目", "金额"],
            ["一般公共预算拨款", 100, "基本支出", 80], ["事业收入", 10, "项目支出", 40], ["上年结转", 10, None, None]]
    grand = _book(tmp_path, [*rows, ["收入合计", 120, "支出合计", 120]], ("A3:B3", "C3:D3"), "a.xlsx")
    this_year = _book(tmp_path, [*rows, ["收入合计", 110, "支出合计", 120]], ("A3:B3", "C3:D3"), "b.xlsx")
    neither = _book(tmp_path, [*rows, ["收入合计", 115, "支出合计", 120]], ("A3:B3", "C3:D3"), "c.xlsx")
    assert import_sources([grand]).data["summary_table"]["income_total"] == {"amount": D(120)}
    assert "income_this_year" not in import_sources([grand]).data["summary_table"]
    assert import_sources([this_year]).data["summary_table"]["income_this_year"] == {"amount": D(110)}
    result = import_sources([neither])
    assert not {"income_this_year", "income_total"} & set(result.data["summary_table"])
    assert "既不等于本年各项收入之和 110，也不等于加上上年结转后的 120" in _left(result)["B8"]


def test_an_expenditure_total_with_carry_forward_is_told_by_its_figures(tmp_path: Path) -> None:
    rows = [["部门收支总表"], ["单位：万元"], ["收入", None, "支出", None], ["项目", "金额", "项目", "金额"],
            ["一般公共预算拨款", 130, "基本支出", 80], [None, None, "项目支出", 40], [None, None, "结转下年", 10]]
    with_forward = _book(tmp_path, [*rows, ["收入总计", 130, "支出合计", 130]], ("A3:B3", "C3:D3"), "a.xlsx")
    this_year = _book(tmp_path, [*rows, ["收入总计", 130, "支出合计", 120]], ("A3:B3", "C3:D3"), "b.xlsx")
    summary = import_sources([with_forward]).data["summary_table"]
    assert summary["expenditure_total"] == {"amount": D(130)} and "expenditure_this_year" not in summary
    assert import_sources([this_year]).data["summary_table"]["expenditure_this_year"] == {"amount": D(120)}


# -- 4. a 三公、会议费、培训费 table is no 部门支出总表 ------------------------------------------------

def test_the_most_specific_title_wins_and_a_title_of_two_kinds_is_refused() -> None:
    assert title_key("青山县2021年“三公”经费、会议费、培训费支出预算表") == "gp_three_public_table"
    assert title_key("2021年部门支出预算表") == "expenditure_table"
    refused = match_title("2021年“三公”经费和政府采购支出预算表")
    assert refused is not None and refused.key == "" and "三公、政府采购" in (refused.problem or "")
    assert match_title("2021年“三公”经费预算 10.00 万元。") is None  # a kind word in a sentence is no title
    both = match_title("部门收支总表及一般公共预算支出表")
    assert both is not None and both.key == "" and "未自动判断" in (both.problem or "")


def test_three_public_meeting_and_training_table(tmp_path: Path) -> None:
    result = _one(tmp_path, "三公")
    assert result.data["expenditure_table"] == []
    three = result.data["gp_three_public_table"]
    assert three == {"abroad": {"amount": D(0)}, "vehicles": {"amount": D(6)}, "vehicle_purchase": {"amount": D(0)},
                     "vehicle_operation": {"amount": D(6)}, "reception": {"amount": D(3)}}
    assert result.data["office_costs"] == {"meeting": {"amount": D("2.4")}, "training": {"amount": D("4.2")}}
    # 15.60 = 三公 9.00 + 会议费 2.40 + 培训费 4.20: no 三公 合计
    assert "不等于三公经费各项之和 9（表中还列有会议费、培训费）" in _left(result)["A5"]


# -- 5. a column the table lacks is absent, not 0 ----------------------------------------------------

def test_a_part_column_the_table_lacks_gives_no_false_error(tmp_path: Path) -> None:
    path = _book(tmp_path, [["一般公共预算支出表"], ["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出"],
                            [None, "合计", 100, 70], ["201", "一般公共服务支出", 100, 70],
                            ["2010101", "行政运行", 70, 70], ["2010102", "一般行政管理事务", 30, None]])
    out = tmp_path / "out.xlsm"
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli(["import", str(path), "-o", str(out), "--name", "样例局", "--code", "901", "--year", "2021"])
    assert status == 1  # two 基本支出 figures are listed
    errors = [(f.rule, f.cells[0]) for f in check_workbook(out).findings if f.severity == "error"]
    assert errors == []  # was: BN-022 "合计 100 应等于 70" on 合计 and 201, 项目支出 read as 0
    result = import_sources([path])
    rows = {r.get("code", r["name"]): r for r in result.data["gp_expenditure_table"]}
    assert rows["合计"] == {"name": "合计", "total": D(100)} and rows["2010101"]["basic"] == D(70)
    assert "表中没有“项目支出”列" in _left(result)["D4"] and set(_left(result)) == {"D4", "D5"}


# -- 6. scope: a figure goes only to the template table of its scope ----------------------------------

@pytest.mark.parametrize(("title", "scope"), [("2021年财政拨款支出预算表", "财政拨款"),
                                              ("2021年一般公共预算收支预算总表", "一般公共预算")])
def test_a_table_of_another_scope_is_not_put_into_the_departments(tmp_path: Path, title: str, scope: str) -> None:
    path = _book(tmp_path, [[title], ["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                            ["201", "一般公共服务支出", 100, 70, 30]])
    result = import_sources([path])
    assert result.data["expenditure_table"] == [] and result.data["summary_table"] == {}
    (entry,) = result.placer.unplaced
    assert f"这是{scope}口径的表" in entry.reason and "未放入" in entry.reason


def test_a_fiscal_three_public_table_goes_to_the_fiscal_sheet(tmp_path: Path) -> None:
    result = _one(tmp_path, "三公", ps.shanghai_2024())  # “三公”经费财政拨款预算表, 2023 | 2024 groups
    assert result.data["gp_three_public_table"] == {}
    three = result.data["three_public"]
    assert three["total"] == {"amount": D(9), "prior": D("10.5")}
    assert three["vehicle_operation"] == {"amount": D(6), "prior": D(7)}


# -- 7. a header's own unit wins over the table's unit line -----------------------------------------

def test_a_unit_in_a_header_wins_over_the_unit_line(tmp_path: Path) -> None:
    path = _book(
        tmp_path,
        [
            ["部门支出总表"],
            ["单位：万元"],
            ["科目编码", "科目名称", "合计（元）", "基本支出（元）", "项目支出"],
            [None, "合计", 1234500, 1000000, 23.45],
        ],
    )
    result = import_sources([path])
    assert result.data["expenditure_table"] == [{"name": "合计", "total": D("123.45"), "basic": D(100),
                                                 "project": D("23.45")}]


def test_a_unit_in_a_row_label_of_a_table_laid_across_wins_too(tmp_path: Path) -> None:
    path = _book(
        tmp_path,
        [
            ["“三公”经费支出预算表"],
            ["单位：万元"],
            ["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费（单位：万元）"],
            ["2021年预算数（元）", 90000, 0, 60000, 3],
            ["2020年预算数（单位：元）", 100000, 10000, 60000, 3],
        ],
    )
    three = import_sources([path]).data["gp_three_public_table"]
    assert three["total"] == {"amount": D(9), "prior": D(10)}  # not 90000 万元
    assert three["vehicles"] == {"amount": D(6), "prior": D(6)}
    assert three["reception"] == {"amount": D(3), "prior": D(3)}  # the column's own unit before the row's


# -- 8. codes over 类 / 款 / 项 columns, amounts in 元 ------------------------------------------------

@pytest.mark.parametrize("form", ["xlsx", "docx"])
def test_codes_split_over_class_columns_in_yuan(tmp_path: Path, form: str) -> None:
    result = import_sources([render("shanghai_2024", form, tmp_path)])
    rows = {r["code"]: r for r in result.data["gp_expenditure_table"]}
    assert list(rows)[:3] == ["207", "20701", "2070101"]  # "01" stored as the number 1 keeps its zero
    assert rows["2070101"] == {"code": "2070101", "name": "行政运行", "total": D("312.45"), "basic": D("312.45"),
                               "project": D(0)}
    assert rows["2070109"]["project"] == D("88.30")  # 883,000.00 元, exactly
    assert result.placer.unplaced == []


# -- measured on the samples -------------------------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", ["jiangsu_2021", "shanghai_2024", "final_accounts_2022"])
def test_every_placed_figure_is_in_its_own_cell(tmp_path: Path, name: str, form: str) -> None:
    result = import_sources([render(name, form, tmp_path)])
    measured = score(name, result)
    assert measured.misplaced == []
    assert measured.right == measured.belonging  # every figure with a template cell is placed
    assert measured.without_reason == 0
    if name == "final_accounts_2022":  # a 决算 table has no place in the budget template: listed whole
        (entry,) = result.placer.unplaced
        assert entry.reason.startswith("决算表：模板是预算公开表，没有决算数的位置，其中 ")
        assert "year" not in result.data["department"]


# the rules that judge the placed tables across and between them: each must have run and passed
PASSING = {"jiangsu_2021": ("BJ-001", "BJ-003", "BJ-004", "BJ-007", "BN-021", "BN-022", "BN-023"),
           "shanghai_2024": ("BN-022", "BN-023", "BN-024")}


@pytest.mark.parametrize(("name", "form"), [("jiangsu_2021", "xlsx"), ("jiangsu_2021", "docx"),
                                            ("jiangsu_2021", "pdf"), ("shanghai_2024", "xlsx")])
def test_an_imported_consistent_sample_checks_without_error(tmp_path: Path, name: str, form: str) -> None:
    source = render(name, form, tmp_path)
    out = tmp_path / "out.xlsm"
    with contextlib.redirect_stdout(io.StringIO()):
        cli(["import", str(source), "-o", str(out), "--name", "青山县文化广电和旅游局", "--code", "901"])
    report = check_workbook(out)
    assert [(f.rule, f.cells[:2], f.message) for f in report.errors] == []
    assert {rule: report.ledger[rule] for rule in PASSING[name]} == dict.fromkeys(PASSING[name], "passed")
