"""The workbook writer: formulas as XlsxWriter would prepare them, empty results typed as text, room
under a list table, and a list of 100,000 records written in seconds."""

from __future__ import annotations

import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from budget_addin.core.dataset import Dataset, blank_dataset
from budget_addin.core.model import formula_template
from budget_addin.core.schema import FIRST_DATA_ROW, TABLES, TABLES_BY_KEY
from budget_addin.files import long_lists
from budget_addin.files.build import FormulaSheet, build_bytes, formula_cells, spare_rows
from budget_addin.files.grid import read_grid


def _templates() -> set[str]:
    """Every formula template of the schema: each computed column of a list, each cell of a form."""
    found: set[str] = set()
    for table in TABLES:
        for column in table.columns:
            rows = table.rows if table.is_form else [0]
            found.update(t for row in rows if (t := formula_template(table, row if isinstance(row, int) else row.key,
                                                                         column.key)))
    return found


def test_every_formula_of_the_template_is_written_as_xlsxwriter_prepares_it(seed_data: Dataset) -> None:
    """The writer skips XlsxWriter's _xlfn. expansion: that is only right while no formula uses a
    function Excel 2010+ added (XLOOKUP, IFS, CONCAT …), which this test watches."""
    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    plain, ours = workbook.add_worksheet(), workbook.add_worksheet(worksheet_class=FormulaSheet)
    plain.use_future_functions = True  # the full list of functions XlsxWriter prefixes
    formulas = _templates() | {formula for formula, _cached in formula_cells(seed_data).values()}
    assert len(formulas) > 150
    for formula in formulas:
        assert ours._prepare_formula(formula) == Worksheet._prepare_formula(plain, formula), formula


def test_a_function_excel_added_later_would_be_caught() -> None:
    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    plain, ours = workbook.add_worksheet(), workbook.add_worksheet(worksheet_class=FormulaSheet)
    assert ours._prepare_formula("=XLOOKUP(A1,B:B,C:C)") != Worksheet._prepare_formula(plain, "=XLOOKUP(A1,B:B,C:C)")


def test_an_empty_cached_result_is_typed_as_text() -> None:
    """LibreOffice recalculates an untyped empty result without the add-in (#VALUE!); Excel types it."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(worksheet_class=FormulaSheet)
    sheet.write_formula(0, 0, "=YS_GROWTH(B1,C1)", None, "")
    sheet.write_formula(0, 1, "=YS_SHARE(B1,C1)", None, 12.5)
    sheet.write_formula(0, 2, "=YS_CHECKSUM(B1,C1)", None, "—")
    workbook.close()
    with zipfile.ZipFile(buffer) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="A1" t="str"><f>YS_GROWTH(B1,C1)</f><v></v></c>' in xml
    assert '<c r="B1"><f>YS_SHARE(B1,C1)</f><v>12.5</v></c>' in xml
    assert '<c r="C1" t="str"><f>YS_CHECKSUM(B1,C1)</f><v>—</v></c>' in xml


def test_room_under_a_list_table() -> None:
    assert [spare_rows(n) for n in (0, 19, 20, 21, 999, 1000, 1001, 100_000)] == [10, 10, 10, 10, 499, 500, 500, 500]


def _expenditure_records(n: int) -> Dataset:
    data = blank_dataset("测试局", "999001", "2024")
    data["gp_expenditure_table"] = [
        {"code": f"2010{i:05d}", "name": f"项目{i}", "total": Decimal(f"{i}.50"), "basic": Decimal(f"{i}.50"),
         "project": Decimal(0)}
        for i in range(n)]
    return data


def test_a_list_of_records_is_written_whole_with_its_room(tmp_path: Path) -> None:
    path = tmp_path / "多行.xlsm"
    path.write_bytes(build_bytes(_expenditure_records(30)))
    sheet = read_grid(path)[TABLES_BY_KEY["gp_expenditure_table"].sheet]
    last = FIRST_DATA_ROW + 29
    assert sheet.get(last, 2).value == "项目29"
    assert (sheet.get(last, 3).value, sheet.get(last, 3).num_format) == ("29.5", "#,##0.00")
    assert sheet.get(last, 6).formula == f"YS_CHECKSUM(C{last},D{last},E{last})"
    assert sheet.get(last + 1, 2) is None or sheet.get(last + 1, 2).value in (None, "")
    assert sheet.max_row == last + 15 + 2  # 15 empty rows to type more, a blank row, the table's note
    assert sheet.get(sheet.max_row, 1).value.startswith("注：")


def test_writing_is_linear_in_the_records() -> None:
    def seconds(n: int) -> float:
        data = _expenditure_records(n)
        started = time.process_time()  # CPU seconds: other processes on the machine do not count
        build_bytes(data)
        return time.process_time() - started

    small, large = seconds(1_000), seconds(10_000)
    assert large < 15 * max(small, 0.05)  # ten times the records, not a hundred times the time


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every cell of every sheet as Excel would see it: value, type, number format, fill, font, lock, alignment."""
    import openpyxl

    book, cached = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    return {ws.title: [(c.coordinate, c.value, cached[ws.title][c.coordinate].value, c.data_type, c.number_format,
                        c.fill.fgColor.rgb, c.font.b, c.font.name, c.protection.locked, c.alignment.wrap_text,
                        c.alignment.vertical)
                       for row in ws.iter_rows() for c in row if c.value is not None or c.has_style]
            for ws in book.worksheets}


def test_a_long_list_written_as_xml_reads_as_xlsxwriter_writes_it(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The two writers of list records (XlsxWriter cell by cell; XML rows for long lists) give the same cells:
    numbers, text with spaces, line breaks and markup, a dash, blanks, formulas and their cached values."""
    data = _expenditure_records(40)
    data["gp_expenditure_table"][3].update(name=" 前后有空格 ", total=None)
    data["gp_expenditure_table"][4].update(name="a<b>&\"c\"\n第二行", basic=Decimal("-1.25"))
    data["gp_expenditure_table"][5].update(total="—")
    data["gp_expenditure_table"][6].update(total=Decimal("1234567.89"), basic=Decimal("1234567.89"))
    data["sources"] = [{"cell": f"一般公共预算支出表!C{i}", "item": f"项目{i}", "value": str(i), "source": "x.csv › C4",
                        "note": "" if i % 2 else "  说明  "} for i in range(40)]
    monkeypatch.setattr(long_lists, "LONG_LIST", 10**9)
    (tmp_path / "through.xlsm").write_bytes(build_bytes(data))
    monkeypatch.setattr(long_lists, "LONG_LIST", 20)
    (tmp_path / "as_xml.xlsm").write_bytes(build_bytes(data))
    through, as_xml = _cells(tmp_path / "through.xlsm"), _cells(tmp_path / "as_xml.xlsm")
    assert through == as_xml
    sheet = as_xml[TABLES_BY_KEY["gp_expenditure_table"].sheet]
    checks = [c for c in sheet if c[0].startswith("F") and str(c[1]).startswith("=YS_CHECKSUM")]
    assert len(checks) == 40 and {"✓", "✗ 差 5.75"} <= {c[2] for c in checks}  # with their cached results
    for path in (tmp_path / "through.xlsm", tmp_path / "as_xml.xlsm"):
        grid = read_grid(path)[TABLES_BY_KEY["gp_expenditure_table"].sheet]
        assert grid.get(FIRST_DATA_ROW + 4, 2).value == "a<b>&\"c\"\n第二行"
        assert grid.get(FIRST_DATA_ROW + 3, 2).value == " 前后有空格 "


def test_a_long_list_is_written_in_seconds() -> None:
    data = _expenditure_records(20_000)
    started = time.process_time()
    build_bytes(data)
    assert time.process_time() - started < 10  # 20,000 records and their check formulas (≈ 1.3 s on two cores)


def test_libreoffice_shows_a_long_list_written_as_xml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An independent spreadsheet application reads the XML rows: the texts, numbers and cached checks."""
    import subprocess

    from conftest import soffice

    monkeypatch.setattr(long_lists, "LONG_LIST", 20)
    path = tmp_path / "长列表.xlsm"
    path.write_bytes(build_bytes(_expenditure_records(30)))
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    sheet = (tmp_path / f"长列表-{TABLES_BY_KEY['gp_expenditure_table'].sheet}.csv").read_text(encoding="utf-8")
    lines = sheet.splitlines()
    assert lines[FIRST_DATA_ROW - 1 + 29].startswith("201000029,项目29,29.5,29.5,0,✓")
    assert "#VALUE!" not in sheet and "#NAME?" not in sheet


@pytest.mark.parametrize("text", ["\x01", "a\x1fb", "_x0041_", "_X00aF_", "\ufffe", "\uffff", "a\tb\nc", "plain 文字"])
def test_a_long_lists_text_is_escaped_as_xlsxwriter_escapes_it(text: str) -> None:
    """The quick test for control characters agrees with XlsxWriter's escaping (tab and line break are kept)."""
    from xlsxwriter.xmlwriter import XMLwriter

    escaped = XMLwriter._escape_control_characters(text)
    assert bool(long_lists._CONTROL.search(text)) == (escaped != text)
