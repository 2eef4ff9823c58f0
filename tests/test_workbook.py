"""The built workbook: equal to a fresh build, read back exactly, robust to what users do to it."""

from __future__ import annotations

import builtins
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import COMMITTED, soffice
from oletools.olevba import VBA_Parser

from budget_addin.core.dataset import blank_dataset
from budget_addin.core.schema import CONFIG_SHEET, TABLES
from budget_addin.files import package
from budget_addin.files.build import XLWINGS_CONF, build
from budget_addin.files.grid import ReadError, read_grid
from budget_addin.files.reader import read_workbook
from budget_addin.rules import run_rules


def _content(path: Path) -> dict:
    sheets = read_grid(path)
    cells = {
        name: {k: (c.value, c.kind, c.formula, c.num_format) for k, c in s.cells.items()} for name, s in sheets.items()
    }
    parser = VBA_Parser(str(path))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    return {"order": list(sheets), "cells": cells, "vba": modules, "ribbon": package.ribbon_xml(path.read_bytes())}


def test_committed_workbook_equals_a_fresh_build(built: Path) -> None:
    assert _content(COMMITTED) == _content(built)


def test_reading_the_workbook_gives_back_the_seed_data(seed_data: dict) -> None:
    result = read_workbook(COMMITTED)
    assert result.issues == []
    assert result.missing_sheets == []
    assert result.book.data == seed_data


def test_sheets_are_the_official_tables_in_chinese(built: Path) -> None:
    names = list(read_grid(built))
    assert names == [t.sheet for t in TABLES] + [CONFIG_SHEET]
    assert {
        "收入支出",
        "明细",
        "人员情况",
        "预算单位构成",
        "机关运行经费",
        "三公经费预算",
        "政府采购预算",
        "国有资产",
        "固定资产占用情况表",
        "部门收支总表",
        "一般公共预算支出表",
        "项目绩效指标",
        "情况说明",
    } <= set(names)


def test_layout_formats_protection_and_xlwings_conf(built: Path) -> None:
    book = openpyxl.load_workbook(built)
    sheet = book["收入支出"]
    assert sheet["A1"].value == "部门收支预算总体情况"
    assert sheet["H2"].value == "单位：万元"
    assert sheet["C3"].value == "上年预算数"  # the comparator names the prior-year column
    assert sheet.freeze_panes == "B4"
    assert sheet.protection.sheet is True and not sheet.protection.password
    total = sheet["B4"]
    assert total.value == 3805.77 and total.number_format == "#,##0.00" and total.protection.locked is False
    check = sheet["H4"]
    assert check.value.startswith("=YS_CHECKSUM(") and check.protection.locked is True
    assert total.fill.fgColor.rgb != check.fill.fgColor.rgb  # inputs look different from computed cells
    assert book["三公经费预算"]["I8"].number_format == "0.00%"  # 66.67% as stated
    assert book["收入支出"]["E19"].number_format == "0%"  # 7% as stated
    conf = book[CONFIG_SHEET]
    assert [(conf.cell(i + 1, 1).value, conf.cell(i + 1, 2).value) for i in range(len(XLWINGS_CONF))] == list(
        XLWINGS_CONF
    )
    assert conf.cell(len(XLWINGS_CONF) + 1, 1).value is None  # the add-in reads A1 down to the first blank


def test_workbook_keeps_vba_and_ribbon(built: Path) -> None:
    data = built.read_bytes()
    assert package.has_ribbon_relationship(data)
    assert 'label="预算公开"' in (package.ribbon_xml(data) or "")
    with zipfile.ZipFile(built) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()


def test_libreoffice_opens_converts_and_keeps_chinese(built: Path, tmp_path: Path) -> None:
    subprocess.run([soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(built)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "Changjiang2020.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    for phrase in ("部门收支预算总体情况", "明细项目", "3,805.77", "截尾才成立", "66.67%", "政府采购预算"):
        assert phrase in text
    assert "#VALUE!" not in text and "#NAME?" not in text  # cached values stand, nothing recalculated away


def test_a_workbook_saved_by_libreoffice_reads_back_the_same(built: Path, tmp_path: Path, seed_data: dict) -> None:
    subprocess.run([soffice(), "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(built)],
                   check=True, capture_output=True, timeout=180)
    result = read_workbook(tmp_path / "Changjiang2020.xlsx")
    assert result.issues == []
    assert result.book.data == seed_data


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[sheet][cell] = value
    book.save(path)


def test_text_in_a_number_cell_names_the_cell_and_the_rest_is_read(workbook_copy: Path) -> None:
    _edit(workbook_copy, "收入支出", "B7", "三千八百")
    result = read_workbook(workbook_copy)
    assert result.issues == ['收入支出!B7：无法识别的数值 "三千八百"']
    assert result.book.number("income_expenditure", "income_total", "amount") == Decimal("3805.77")
    assert result.book.number("income_expenditure", "gp_appropriation", "amount") is None


@pytest.mark.parametrize(("typed", "expected"), [
    ("３８０５．７７", Decimal("3805.77")), ("3,805.77", Decimal("3805.77")), ("3805.77万元", Decimal("3805.77")),
    ("—", None),
])
def test_typed_variants_are_understood(workbook_copy: Path, typed: str, expected: Decimal | None) -> None:
    _edit(workbook_copy, "收入支出", "B4", typed)
    result = read_workbook(workbook_copy)
    assert result.issues == []
    assert result.book.number("income_expenditure", "income_total", "amount") == expected


def test_an_amount_in_yuan_is_converted_and_said(workbook_copy: Path) -> None:
    _edit(workbook_copy, "收入支出", "B4", "38057700元")
    result = read_workbook(workbook_copy)
    assert result.book.number("income_expenditure", "income_total", "amount") == Decimal("3805.77")
    assert result.issues == ["收入支出!B4：“38057700元”以元填列，已换算为 3805.77 万元，请确认单位"]


def test_a_merged_number_cell_is_reported(workbook_copy: Path) -> None:
    book = openpyxl.load_workbook(workbook_copy, keep_vba=True)
    book["收入支出"].merge_cells("B5:B6")
    book.save(workbook_copy)
    result = read_workbook(workbook_copy)
    assert any(issue.startswith("收入支出!B6：位于合并单元格中") for issue in result.issues)


def test_an_inserted_row_does_not_break_the_reader(workbook_copy: Path) -> None:
    book = openpyxl.load_workbook(workbook_copy, keep_vba=True)
    sheet = book["收入支出"]
    sheet.insert_rows(5)
    sheet["A5"] = "备注行"
    book.save(workbook_copy)
    result = read_workbook(workbook_copy)
    assert result.book.number("income_expenditure", "gp_appropriation", "amount") == Decimal("2792.05")
    assert result.book.ref("income_expenditure", "gp_appropriation", "amount") == "收入支出!B8"


def test_a_missing_sheet_is_reported_and_its_rules_do_not_pass(workbook_copy: Path) -> None:
    book = openpyxl.load_workbook(workbook_copy, keep_vba=True)
    del book["三公经费预算"]
    book.save(workbook_copy)
    result = read_workbook(workbook_copy)
    assert result.missing_sheets == ["三公经费预算"]
    assert [(f.rule, f.severity) for f in result.findings] == [("BK-SHEET", "error")]
    assert result.findings[0].message.startswith("缺少工作表“三公经费预算”")
    report = run_rules(result.book)
    assert report.ledger["BN-005"] == "missing_data"


def test_corrupt_encrypted_and_locked_files_get_a_chinese_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corrupt = tmp_path / "坏.xlsm"
    corrupt.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ReadError, match="已损坏"):
        read_workbook(corrupt)
    encrypted = tmp_path / "加密.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ReadError, match="加密"):
        read_workbook(encrypted)
    locked = tmp_path / "锁定.xlsm"
    locked.write_bytes(b"x")
    real_open = builtins.open

    def deny(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 - open's signature
        if str(file) == str(locked):
            raise PermissionError(13, "locked")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    with pytest.raises(ReadError, match="锁定"):
        read_workbook(locked)


def test_new_blank_workbook_for_another_department(tmp_path: Path) -> None:
    out = build(blank_dataset("某某街道办事处", "438099", "2021"), tmp_path / "blank.xlsm")
    assert list(read_grid(out)) == [t.sheet for t in TABLES] + [CONFIG_SHEET]
    result = read_workbook(out)
    assert result.issues == ["工作簿中没有填写任何数字，没有可校验的内容"]  # the command line exits 3 for it
    assert result.book.text("department", "name", "value") == "某某街道办事处"
    report = run_rules(result.book)
    assert report.findings == []
    assert "passed" not in {report.ledger[r] for r in ("BN-001", "BN-005", "BJ-001")}  # nothing to check is not a pass


def test_a_formula_overwritten_with_a_number_is_reported_and_recomputed(workbook_copy: Path) -> None:
    _edit(workbook_copy, "收入支出", "F19", 0.07)
    result = read_workbook(workbook_copy)
    assert result.issues == ["收入支出!F19：计算单元格的公式已被数值或文字替换（发布版或手工改写），校验按公式重新计算"]
    assert round(result.book.number("income_expenditure", "basic", "growth"), 4) == Decimal("0.0783")  # 94.8 ÷ 1210.05
