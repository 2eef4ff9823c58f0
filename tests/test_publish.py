"""导出发布版: values instead of formulas, no macros, no ribbon; formats and charts kept; opens elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from budget_addin.cli import main
from budget_addin.files import package
from budget_addin.files.grid import read_grid
from budget_addin.files.publish import XLSX_MAIN, check_columns, publish, values_only
from budget_addin.files.reader import read_workbook
from budget_addin.files.sheetxml import read_members
from budget_addin.files.summarize import summarize


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("publish")


@pytest.fixture(scope="module")
def summarized(built: Path, folder: Path) -> Path:
    out = folder / "summarized.xlsm"
    summarize(built, out, datetime(2020, 3, 1))
    return out


@pytest.fixture(scope="module")
def published(summarized: Path, folder: Path) -> Path:
    return publish(summarized, folder / "发布版.xlsx")


def test_formulas_are_replaced_by_their_cached_values(summarized: Path, published: Path) -> None:
    before, after = read_grid(summarized), read_grid(published)
    formulas = [(name, rc) for name, sheet in before.items() for rc, cell in sheet.cells.items() if cell.formula]
    assert len(formulas) > 100
    dropped = check_columns()
    for name, rc in formulas:
        old, new = before[name].cells[rc], after[name].get(*rc)
        if rc[1] in dropped.get(name, ()):  # the check columns are not published (issue 23)
            assert new is None, (name, rc)
            continue
        assert new is None or new.formula is None, (name, rc)
        if old.value not in (None, ""):
            assert new is not None and new.value == old.value, (name, rc)
    assert after["收入支出"].get(18, 8) is None  # the verdict ✓ of 支出总计 = 基本 + 项目 stays in the workbook
    assert after["政府采购预算"].get(5, 14).value == "货物"  # a text computed by a worksheet function (YS_CATEGORY)
    assert float(after["收入支出"].get(19, 6).value) == pytest.approx(0.0783, abs=1e-4)  # 94.8 ÷ (1304.85 − 94.8)


def test_no_macros_no_ribbon_and_an_xlsx_content_type(published: Path) -> None:
    data = published.read_bytes()
    members = read_members(data)
    assert package.vba_project_bytes(data) is None
    assert not package.has_ribbon_relationship(data) and package.ribbon_xml(data) is None
    assert not any(name.startswith("customUI/") or name.endswith(".bin") for name in members)
    types = members["[Content_Types].xml"].decode()
    assert XLSX_MAIN in types and "macroEnabled" not in types and "vbaProject" not in types


def test_values_formats_and_charts_are_kept(summarized: Path, published: Path) -> None:
    before, after = read_members(summarized.read_bytes()), read_members(published.read_bytes())
    assert after["xl/styles.xml"] == before["xl/styles.xml"]
    charts = sorted(n for n in before if n.startswith("xl/charts/"))
    assert charts and all(after[n] == before[n] for n in charts)
    assert read_workbook(published).book.data == read_workbook(summarized).book.data


def test_openpyxl_sees_values_only(published: Path) -> None:
    workbook = openpyxl.load_workbook(published)  # formulas would come back as "=…" text
    texts = [c.value for ws in workbook for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith("=")]
    assert workbook["收入支出"]["B4"].value == pytest.approx(3805.77)
    assert workbook["收入支出"]["B4"].number_format == "#,##0.00"


def test_a_sheet_without_formulas_is_left_as_it_is() -> None:
    xml = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    assert values_only(xml) is None


def test_a_formula_without_a_cached_value_becomes_an_empty_cell() -> None:
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           b'<c r="A1" t="str"><f>YS_X()</f></c><c r="B1"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>')
    cleaned = values_only(xml)
    assert cleaned is not None and b"<f>" not in cleaned
    assert b'<c r="A1"/>' in cleaned and b'<c r="B1"><v>2</v></c>' in cleaned


def test_publish_refuses_to_overwrite_the_workbook_or_to_write_an_xlsm(summarized: Path, folder: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx"):
        publish(summarized, folder / "x.xlsm")
    same = folder / "same.xlsx"
    shutil.copy(summarized, same)
    with pytest.raises(ValueError, match="覆盖"):
        publish(same, same)


def test_command_line_publish(summarized: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = folder / "cli_发布版.xlsx"
    assert main(["publish", str(summarized), "-o", str(out)]) == 0
    assert "已导出发布版" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        assert "xl/vbaProject.bin" not in archive.namelist()


def test_libreoffice_opens_the_publication_copy(published: Path, folder: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.fail("LibreOffice 未安装：请先 apt-get install libreoffice-calc-nogui（这些测试需要它打开发布版）")
    out = folder / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), str(published)], check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", str(out / (published.stem + ".pdf")), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "3,805.77" in text and "货物" in text  # cached values shown, not recomputed into errors
    assert "#NAME" not in text and "Err:" not in text
    assert "收支结构" in text
