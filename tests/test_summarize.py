"""Headless ``summarize``: the summary sheets go into the package and nothing else changes.

Input sheets and the ribbon (part and relationship) keep their bytes; the VBA
project keeps every module and gains only the document modules of the new sheets; running twice gives the same file;
a user's own sheet is never touched; LibreOffice opens the result and prints the summaries.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from budget_addin.cli import main
from budget_addin.core.schema import OWNED_SHEETS, TABLES
from budget_addin.files import package
from budget_addin.files.grid import read_grid, sheet_paths
from budget_addin.files.reader import read_workbook
from budget_addin.files.sheetxml import MAIN, PKG_REL, REL, read_members, rels_name, resolve, xml_bytes
from budget_addin.files.summarize import stale, stale_findings, summarize, summary_specs_for
from budget_addin.summaries import specs as summaries

NOW = datetime(2020, 3, 1, 9, 30)
# parts the surgery may rewrite; every other member keeps its bytes
REWRITTEN = {
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "xl/styles.xml",
    "docProps/app.xml",
    "xl/vbaProject.bin",
}
CHARTS = {
    "同比分析": 1,
    "收支结构": 2,
    "三公经费": 1,
    "政府采购汇总": 1,
    "资产结构": 1,
    "审核结果": 0,
    "绩效指标审查": 0,
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("summarize")


@pytest.fixture(scope="module")
def summarized(built: Path, folder: Path) -> Path:
    out = folder / "summarized.xlsm"
    assert summarize(built, out, NOW) == list(summaries.SUMMARY_SHEETS)
    return out


def zip_members(path: Path) -> dict[str, bytes]:
    return read_members(path.read_bytes())


def sheet_names(path: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return list(sheet_paths(archive))


def sheet_part(path: Path, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return sheet_paths(archive)[name]


def targets(members: dict[str, bytes], part: str, rel_type: str) -> list[str]:
    data = members.get(rels_name(part))
    if data is None:
        return []
    return [resolve(part, r.get("Target", "")) for r in etree.fromstring(data).iter(f"{{{PKG_REL}}}Relationship")
            if r.get("Type") == rel_type]


def charts_of(members: dict[str, bytes], part: str) -> list[str]:
    return [chart for drawing in targets(members, part, f"{REL}/drawing")
            for chart in targets(members, drawing, f"{REL}/chart")]


# -- what must not change --------------------------------------------------------------------------


def test_every_other_part_keeps_its_bytes(built: Path, summarized: Path) -> None:
    before, after = zip_members(built), zip_members(summarized)
    for name, data in before.items():
        if name not in REWRITTEN:
            assert after[name] == data, name
    for table in TABLES:  # spelled out: the input sheets
        part = sheet_part(built, table.sheet)
        assert sheet_part(summarized, table.sheet) == part
        assert after[part] == before[part]


def test_vba_project_keeps_its_modules_and_gains_the_new_sheets_document_modules(built: Path, summarized: Path) -> None:
    from budget_addin.files import vba

    original = package.vba_project_bytes(built.read_bytes())
    after = package.vba_project_bytes(summarized.read_bytes())
    assert original and after
    before_source, after_source = vba.read_project(original), vba.read_project(after)
    assert before_source and after_source
    assert after_source.modules == before_source.modules
    assert after_source.workbook_code == before_source.workbook_code
    added = after_source.sheet_codenames[len(before_source.sheet_codenames):]
    assert after_source.sheet_codenames[:len(before_source.sheet_codenames)] == before_source.sheet_codenames
    first = len(TABLES) + 2  # input sheets and xlwings.conf are Sheet1 … Sheet{len(TABLES) + 1}
    assert added == [f"Sheet{n}" for n in range(first, first + len(summaries.SUMMARY_SHEETS))]


def test_ribbon_part_and_its_relationship_survive(built: Path, summarized: Path) -> None:
    data = summarized.read_bytes()
    assert package.has_ribbon_relationship(data)  # _rels/.rels still points at the part
    assert package.ribbon_xml(data) == package.ribbon_xml(built.read_bytes())
    assert zip_members(summarized)[package.RIBBON_PART] == zip_members(built)[package.RIBBON_PART]


def test_input_values_read_back_the_same(built: Path, summarized: Path) -> None:
    assert read_workbook(summarized).book.data == read_workbook(built).book.data


def test_styles_are_only_appended(built: Path, summarized: Path) -> None:
    def sections(path: Path) -> dict[str, list[bytes]]:
        root = etree.fromstring(zip_members(path)["xl/styles.xml"])
        return {tag: [etree.tostring(e, method="c14n") for e in root.find(f"{{{MAIN}}}{tag}")]
                for tag in ("fonts", "fills", "borders", "cellXfs")}

    before, after = sections(built), sections(summarized)
    for tag, items in before.items():
        assert after[tag][: len(items)] == items, tag
        assert len(after[tag]) > len(items) or tag == "borders"


# -- what is written -------------------------------------------------------------------------------


def test_summary_sheets_are_appended_with_their_charts(built: Path, summarized: Path) -> None:
    assert sheet_names(summarized) == sheet_names(built) + list(summaries.SUMMARY_SHEETS)
    members = zip_members(summarized)
    for name, count in CHARTS.items():
        charts = charts_of(members, sheet_part(summarized, name))
        assert len(charts) == count, name
        for chart in charts:
            assert b"<c:chartSpace" in members[chart]
    pie = [c for c in charts_of(members, sheet_part(summarized, "收支结构")) if b"<c:pieChart>" in members[c]]
    assert len(pie) == 1 and "'收支结构'!$B$25:$B$26".encode() in members[pie[0]]


def test_sheet_values_are_the_specs(summarized: Path, built: Path) -> None:
    specs = {s.name: s for s in summary_specs_for(built, NOW)}
    grid = read_grid(summarized, set(OWNED_SHEETS))
    for name, spec in specs.items():
        shown = {}
        for (r, c), cell in grid[name].cells.items():
            shown[f"{chr(64 + c)}{r}" if c <= 26 else (r, c)] = cell
        for address, value in spec.cells().items():
            cell = shown[address]
            if isinstance(value, str):
                assert cell.value == value, (name, address)
            else:
                assert float(cell.value) == pytest.approx(float(value), rel=1e-12), (name, address)


# The seed's figures as the summary sheets must show them, worked out by hand from the disclosure.
SHOWN = {
    "同比分析": {"基本支出": [1304.85, 1210.05, 94.8, 94.8 / 1210.05, "增加"],  # 1304.85 − 94.8 = 1210.05
                 "支出总计": [3805.77, 3169.3, 636.47, 636.47 / 3169.3, "增加"],
                 "供热管理工作经费（项目支出）": [15.3, 0, 15.3, "新增", "新增"]},
    "三公经费": {"公务接待费": [3, 3, 0, 0, 3 / 9], "合计": [9, 9, 0, 0, 1]},
    "政府采购汇总": {"货物": [20.28, 20.28 / 383.28, 20.28, "5.3%"], "工程": [363, 363 / 383.28, 363, "94.7%"]},
}


@pytest.mark.parametrize("name", list(SHOWN))
def test_summary_sheets_show_the_seed_figures(summarized: Path, name: str) -> None:
    sheet = read_grid(summarized, {name})[name]
    rows = {sheet.cells[(r, 1)].value: r for (r, c) in sheet.cells if c == 1}
    for label, expected in SHOWN[name].items():
        got = [sheet.cells[(rows[label], c)] for c in range(2, 2 + len(expected))]
        for cell, value in zip(got, expected, strict=True):
            if isinstance(value, str):
                assert cell.value == value, (label, value)
            else:
                assert float(cell.value) == pytest.approx(value, abs=1e-12), (label, value)


def test_findings_link_to_their_cells(summarized: Path) -> None:
    members = zip_members(summarized)
    xml = etree.fromstring(members[sheet_part(summarized, "审核结果")])
    links = {h.get("ref"): h.get("location") for h in xml.iter(f"{{{MAIN}}}hyperlink")}
    assert links, "审核结果 has hyperlinks"
    assert "'国有资产'!D10" in links.values()
    assert all(re.fullmatch(r"'[^']+'![A-Z]+\d+", target) for target in links.values())


# -- determinism and idempotence -------------------------------------------------------------------


def test_running_twice_gives_the_same_bytes(built: Path, summarized: Path, folder: Path) -> None:
    again = folder / "again.xlsm"
    summarize(built, again, NOW)
    assert again.read_bytes() == summarized.read_bytes()


def test_regenerating_replaces_the_tools_sheets_in_place(summarized: Path, folder: Path) -> None:
    copy = folder / "regenerated.xlsm"
    shutil.copy(summarized, copy)
    summarize(copy, copy, NOW)  # in place, over its own output
    assert copy.read_bytes() == summarized.read_bytes()
    later = folder / "later.xlsm"
    summarize(summarized, later, datetime(2021, 1, 1))
    assert sheet_names(later) == sheet_names(summarized)
    assert len(zip_members(later)) == len(zip_members(summarized))  # old charts replaced, not piled up
    assert zip_members(later)["xl/styles.xml"] == zip_members(summarized)["xl/styles.xml"]  # styles reused


def add_user_sheet(data: bytes, name: str) -> bytes:
    """A sheet the user added (a part the tool has never seen), appended after every other sheet."""
    members = read_members(data)
    workbook = etree.fromstring(members["xl/workbook.xml"])
    rels = etree.fromstring(members["xl/_rels/workbook.xml.rels"])
    types = etree.fromstring(members["[Content_Types].xml"])
    etree.SubElement(rels, f"{{{PKG_REL}}}Relationship", Id="rIdUser", Target="worksheets/user.xml",
                     Type=f"{REL}/worksheet")
    sheets = workbook.find(f"{{{MAIN}}}sheets")
    etree.SubElement(sheets, f"{{{MAIN}}}sheet", {"name": name, "sheetId": "500", f"{{{REL}}}id": "rIdUser"})
    etree.SubElement(types, "{http://schemas.openxmlformats.org/package/2006/content-types}Override",
                     PartName="/xl/worksheets/user.xml",
                     ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
    user = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + MAIN.encode()
            + b'"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\xe6\x88\x91\xe7\x9a\x84</t></is></c>'
            + b'<c r="B1"><v>42</v></c></row></sheetData></worksheet>')
    return package.rewrite(data, {"xl/workbook.xml": xml_bytes(workbook), "xl/_rels/workbook.xml.rels": xml_bytes(rels),
                                  "[Content_Types].xml": xml_bytes(types), "xl/worksheets/user.xml": user})


def test_a_user_sheet_is_never_touched(summarized: Path, folder: Path) -> None:
    source = folder / "with_user_sheet.xlsm"
    source.write_bytes(add_user_sheet(summarized.read_bytes(), "我的备注"))
    out = folder / "with_user_sheet_out.xlsm"
    summarize(source, out, datetime(2021, 1, 1))
    assert sheet_names(out) == sheet_names(source)  # owned sheets replaced in place, the user's sheet stays last
    assert zip_members(out)["xl/worksheets/user.xml"] == zip_members(source)["xl/worksheets/user.xml"]
    assert read_grid(out, {"我的备注"})["我的备注"].get(1, 2).value == "42"


# -- staleness -------------------------------------------------------------------------------------


def test_stale_after_an_input_changes(summarized: Path, folder: Path) -> None:
    assert stale(summarized) == []
    members = zip_members(summarized)
    part = sheet_part(summarized, "收入支出")
    edited = members[part].replace(b"<v>2792.05</v>", b"<v>2800</v>", 1)
    assert edited != members[part]
    changed = folder / "changed.xlsm"
    changed.write_bytes(package.rewrite(summarized.read_bytes(), {part: edited}))
    assert stale(changed) == list(summaries.SUMMARY_SHEETS)
    findings = stale_findings(changed)
    assert [f.cells for f in findings] == [(f"{name}!A2",) for name in summaries.SUMMARY_SHEETS]
    assert all(f.rule == summaries.STALE_RULE and f.severity == "warning" for f in findings)


# -- the command line ------------------------------------------------------------------------------


def test_command_line_summarize_writes_in_place_atomically(built: Path, folder: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = folder / "cli.xlsm"
    shutil.copy(built, target)
    assert main(["summarize", str(target)]) == 0
    assert "同比分析" in capsys.readouterr().out
    assert sheet_names(target)[-len(summaries.SUMMARY_SHEETS):] == list(summaries.SUMMARY_SHEETS)
    assert not [p for p in folder.iterdir() if p.name.startswith(".cli.xlsm.")]  # no temporary file left


# -- LibreOffice -----------------------------------------------------------------------------------


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice 未安装：请先 apt-get install libreoffice-calc-nogui（这些测试需要它把工作簿转成 PDF）")
    return found


def to_pdf(path: Path, out_dir: Path) -> Path:
    """Convert with a private profile, so parallel runs do not collide."""
    profile = out_dir / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=300)
    pdf = out_dir / (path.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {path.name}"
    return pdf


def test_libreoffice_prints_the_summary_sheets(summarized: Path, folder: Path) -> None:
    pdf = to_pdf(summarized, folder / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "预算同比分析" in text and re.search(r"同比分析\s+第 \d+ 页", text)  # title and page footer
    assert "7.83%" in text and "66.67%" in text and "94.71%" in text
    assert "审核结果" in text and "国有资产!D10" in text
