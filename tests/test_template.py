"""The template fits any department: nothing of the seed in a blank workbook, detail as rows the
user adds, subtotals derived from their parts, empty tables that are not zeros.

The department below is invented for the test (a town government, 2021, compared with 上年执行数);
its figures are made up so that each planted inconsistency is known by hand.
"""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from budget_addin.cli import EXIT_NOTHING, main
from budget_addin.core.dataset import blank_dataset, complete
from budget_addin.core.model import Book
from budget_addin.files.build import build
from budget_addin.files.reader import read_workbook
from budget_addin.rules import run_rules

# Words that belong to the seed's department only: none may stand in a blank workbook.
SEED_ONLY = ("长江", "高新区", "438002", "社区工作者", "社区党建", "居委会", "供热管理", "退役人员", "光纤租赁",
             "精神文明奖", "区级绩效奖励金", "办公用房租赁费", "惠民", "石家庄")


def _strings(path: Path) -> str:
    """Every piece of text stored in a workbook package's sheets and shared strings."""
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("xl/") and name.endswith(".xml"))


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(blank_dataset("某某镇人民政府", "501001", "2021"), tmp_path_factory.mktemp("blank") / "blank.xlsm")


def test_a_blank_workbook_holds_nothing_of_the_seed(blank: Path) -> None:
    text = _strings(blank)
    assert [word for word in SEED_ONLY if word in text] == []
    assert "某某镇人民政府" in text


def test_a_blank_workbook_has_nothing_to_check(blank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_rules(read_workbook(blank).book)
    assert report.findings == []
    assert "passed" not in report.ledger.values() and "failed" not in report.ledger.values()
    assert report.nothing_checked
    for why in report.notes.values():  # reasons in Chinese, never an internal key such as income_table
        assert not re.search(r"[a-z]+_[a-z]+", why), why
    assert main(["check", str(blank)]) == EXIT_NOTHING == 3
    captured = capsys.readouterr()
    assert "没有可校验的内容" in captured.out + captured.err


def _town() -> dict:
    """An invented town government: other income sources, a fund block, its own detail rows."""
    data = blank_dataset("某某镇人民政府", "501001", "2021")
    data["department"]["comparator"] = {"value": "上年执行数"}
    data["unit_counts"] = {  # 共有预算单位 1 家，其中 行政 1、参公 0、事业 3: the parts exceed the total
        "total": {"count": D("1")}, "administrative": {"count": D("1")}, "civil_service": {"count": D("0")},
        "institution": {"count": D("3")}}
    data["income_expenditure"] = {
        "income_total": {"amount": D("1250.50"), "prior": D("1100.00"), "change": D("150.50")},
        "gp_appropriation": {"amount": D("900.00")},
        "fund_appropriation": {"amount": D("200.00"), "prior": D("250.00"), "change": D("-50.00"),
                               "stated_growth": D("-0.20")},
        "business_income": {"amount": D("100.50")},
        "superior_subsidy": {"amount": D("50.00")},
        "expenditure_total": {"amount": D("1250.50")},
        "basic": {"amount": D("700.00"), "prior": D("650.00"), "change": D("50.00"), "stated_growth": D("0.077")},
        "personnel": {"amount": D("600.00")},
        "public": {"amount": D("100.00")},
        "project": {"amount": D("550.50"), "change": D("100.50")},
        "fund_expenditure": {"amount": D("200.00"), "change": D("-50.00")},
    }
    data["details"] = [
        {"parent": "基本支出", "kind": "构成", "item": "工资调标", "change": D("30.00")},
        {"parent": "基本支出", "kind": "构成", "item": "新增人员", "change": D("20.00")},
        {"parent": "项目支出", "kind": "构成", "item": "农村道路养护", "change": D("60.00")},
        {"parent": "项目支出", "kind": "构成", "item": "河道保洁", "amount": D("40.00"), "prior": D("0")},
        {"parent": "机关运行经费", "kind": "其中", "item": "差旅费", "amount": D("20.00")},
        {"parent": "机关运行经费", "kind": "其中", "item": "维修费", "amount": D("15.00")},
    ]
    data["office_costs"] = {"total": {"amount": D("80.00"), "prior": D("78.00"), "change": D("3.00")}}
    data["three_public"] = {  # 公务用车购置及运行费 not typed: its two parts are
        "total": {"amount": D("12.00"), "prior": D("12.00"), "change": D("0"), "stated_growth": D("0")},
        "abroad": {"amount": D("0")},
        "vehicle_purchase": {"amount": D("0")},
        "vehicle_operation": {"amount": D("8.00")},
        "reception": {"amount": D("4.00")},
    }
    data["staff"] = [
        {"item": "编制数", "count": D("45")},
        {"item": "实有人数", "count": D("42")},
        {"parent": "实有人数", "kind": "构成", "item": "行政编制", "count": D("30")},
        {"parent": "实有人数", "kind": "构成", "item": "事业编制", "count": D("12")},
    ]
    return complete(data)


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(_town(), tmp_path_factory.mktemp("town") / "town.xlsm")


def test_another_departments_figures_all_have_a_place_and_read_back(town: Path) -> None:
    result = read_workbook(town)
    assert result.issues == []
    assert result.book.data == _town()


def test_the_prior_year_column_names_the_comparator(town: Path) -> None:
    sheet = openpyxl.load_workbook(town)["收入支出"]
    assert sheet["C3"].value == "上年执行数"


def test_checks_find_the_planted_inconsistencies_and_nothing_else(town: Path) -> None:
    report = run_rules(read_workbook(town).book)
    errors = {(f.rule, f.cells[0]): f for f in report.findings if f.severity == "error"}
    # 1 家 but 1 + 0 + 3 = 4 listed under 其中
    assert errors[("BN-020", "预算单位构成!B4")].expected == D("4")
    # 机关运行经费 80 − 上年执行数 78 = 2, stated change 3
    change = errors[("BN-025", "机关运行经费!D4")]
    assert change.expected == D("2") and change.actual == D("3") and "上年执行数" in change.message
    # 基本支出 growth 50 ÷ 650 = 7.69%: 7.7% holds; 政府性基金 −50 ÷ 250 = −20% holds
    assert not [f for f in report.findings if f.rule == "BN-015"]
    assert set(errors) == {("BN-020", "预算单位构成!B4"), ("BN-025", "机关运行经费!D4")}, [
        f.message for f in errors.values()
    ]
    warnings = [f for f in report.findings if f.severity == "warning"]
    # 项目支出 +100.50 explained by 60 + 40 (new, prior 0) = 100: a warning with the arithmetic
    assert [(f.rule, f.expected, f.actual) for f in warnings] == [("BN-016", D("100"), D("100.50"))]


def test_a_subtotal_left_blank_is_derived_from_its_parts(town: Path) -> None:
    book = read_workbook(town).book
    assert book.figure("three_public", "vehicles", "amount") == D("8.00")  # 0 + 8
    assert book.figure("income_expenditure", "income_this_year", "amount") == D("1250.50")  # 900 + 200 + 100.5 + 50
    report = run_rules(book, only={"BN-005", "BN-006"})
    assert report.findings == [] and report.ledger["BN-005"] == "passed"  # 12 = 0 + 8 + 4 with 车辆 derived
    assert report.ledger["BN-006"] == "missing_data"  # nothing stated to check the parts against
    sheet = openpyxl.load_workbook(town)["三公经费预算"]
    assert sheet["J6"].value.startswith("=YS_CHECKSUM(B6,B7,B8)")


def test_an_empty_detail_table_is_missing_data_not_a_sum_of_zero(town: Path) -> None:
    report = run_rules(read_workbook(town).book, only={"BJ-013"})
    assert report.findings == []
    assert report.ledger["BJ-013"] == "missing_data"


def test_the_comparator_and_user_rows_reach_the_json(town: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(town), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["nothing_checked"] is False
    messages = " ".join(f["message"] for f in payload["findings"])
    assert "项目支出增减额 100.5 应等于所列各项之和 60 + 40 = 100" in messages


def test_seed_workbook_keeps_its_department_rows_as_data(seed_book: Book) -> None:
    items = {row["item"] for row in seed_book.data["details"]}
    assert {"供热管理工作经费", "办公费", "退役人员经费"} <= items
    assert seed_book.data["staff"][0] == {"item": "共计", "count": D("57")}


def test_new_names_the_comparator_in_the_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "town.xlsm"
    assert main(["new", "--name", "某某镇人民政府", "--code", "501001", "--year", "2021",
                 "--comparator", "上年执行数", str(out)]) == 0
    assert "上年执行数" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book["收入支出"]["C3"].value == "上年执行数"
    assert book["三公经费预算"]["C3"].value == "上年执行数"
    assert read_workbook(out).book.comparator == "上年执行数"
