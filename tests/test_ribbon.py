"""Ribbon actions against a faithful fake of xlwings: the same sheets as the headless path,
marks that never change a value, and Chinese messages instead of tracebacks."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from fake_xlwings import FakeBook
from lxml import etree

from budget_addin.core.layout import split_ref
from budget_addin.core.schema import TABLES
from budget_addin.excel import ribbon, xl_writer
from budget_addin.files.grid import read_grid, sheet_paths
from budget_addin.files.sheetxml import CHART_NS, MAIN, read_members, rels_name, resolve
from budget_addin.files.summarize import summarize
from budget_addin.files.vba import RIBBON_ACTIONS
from budget_addin.summaries import specs as summaries

NOW = datetime(2020, 3, 1, 9, 30)
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
INPUT_SHEETS = {t.sheet for t in TABLES}


@pytest.fixture(scope="module")
def headless(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ribbon") / "headless.xlsm"
    summarize(built, out, NOW)
    return out


@pytest.fixture
def book(built: Path) -> FakeBook:
    return FakeBook.from_workbook(built)


def last_alert(book: FakeBook) -> dict:
    assert book.app.alerts, "the action showed no message"
    return book.app.alerts[-1]


def input_values(book: FakeBook) -> dict[str, dict]:
    return {s.name: dict(s.values) for s in book.sheets if s.name in INPUT_SHEETS}


# -- what the headless file holds, read back from its parts ----------------------------------------


class Written:
    """One sheet of the headless output: values, formats, fills, links, widths, heights, charts."""

    def __init__(self, path: Path, name: str) -> None:
        members = read_members(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            part = sheet_paths(archive)[name]
        grid = read_grid(path, {name})[name]
        self.values = {rc: (float(c.value) if c.kind == "n" else c.value) for rc, c in grid.cells.items()
                       if c.value not in (None, "")}
        self.formats = {rc: c.num_format for rc, c in grid.cells.items() if c.value not in (None, "")}
        root = etree.fromstring(members[part])
        styles = etree.fromstring(members["xl/styles.xml"])
        fills = [f.find(f"{{{MAIN}}}patternFill/{{{MAIN}}}fgColor") for f in styles.find(f"{{{MAIN}}}fills")]
        xfs = list(styles.find(f"{{{MAIN}}}cellXfs"))
        self.fills = {}
        for cell in root.iter(f"{{{MAIN}}}c"):
            fill = fills[int(xfs[int(cell.get("s", "0"))].get("fillId", "0"))]
            if fill is not None:
                self.fills[split_ref(cell.get("r"))] = "#" + fill.get("rgb")[2:]
        self.links = {split_ref(h.get("ref")): h.get("location") for h in root.iter(f"{{{MAIN}}}hyperlink")}
        self.widths = {int(c.get("min")): float(c.get("width")) for c in root.iter(f"{{{MAIN}}}col")}
        self.heights = {int(r.get("r")): float(r.get("ht")) for r in root.iter(f"{{{MAIN}}}row") if r.get("ht")}
        self.charts = []
        rels = members.get(rels_name(part))
        for rel in etree.fromstring(rels).iter(PKG_REL) if rels else []:
            drawing = resolve(part, rel.get("Target"))
            for chart_rel in etree.fromstring(members[rels_name(drawing)]).iter(PKG_REL):
                chart = etree.fromstring(members[resolve(drawing, chart_rel.get("Target"))])
                direction = chart.find(f".//{{{CHART_NS}}}barDir")
                kind = "pie" if direction is None else {"bar": "bar", "col": "column"}[direction.get("val")]
                self.charts.append(kind)


def fake_fills(sheet) -> dict:  # noqa: ANN001
    return {rc: "#{:02X}{:02X}{:02X}".format(*rgb) for rc, rgb in sheet.fills.items()}


# -- 生成汇总表 = budget-addin summarize -------------------------------------------------------------


def test_make_summaries_writes_the_same_sheets_as_the_headless_path(book: FakeBook, headless: Path) -> None:
    ribbon.make_summaries(book, now=NOW)
    assert last_alert(book)["mode"] == "info"
    names = [s.name for s in book.sheets]
    assert names[-len(summaries.SUMMARY_SHEETS):] == list(summaries.SUMMARY_SHEETS)
    for name in summaries.SUMMARY_SHEETS:
        written, sheet = Written(headless, name), book.sheets[name]
        assert set(sheet.values) == set(written.values), name
        for rc, value in written.values.items():
            assert sheet.values[rc] == (pytest.approx(value, rel=1e-12) if isinstance(value, float) else value), (
                name,
                rc,
            )
            assert sheet.formats.get(rc, "General") == written.formats[rc], (name, rc)
        assert fake_fills(sheet) == written.fills, name
        assert {rc: target.removeprefix("#") for rc, (target, _tip) in sheet.links.items()} == written.links, name
        assert sheet.widths == written.widths, name
        assert sheet.heights == written.heights, name
        types = {"pie": "pie", "bar": "bar_clustered", "column": "column_clustered"}
        assert [c.chart_type for c in sheet.charts] == [types[k] for k in written.charts], name


def test_make_summaries_puts_charts_on_their_data(book: FakeBook) -> None:
    ribbon.make_summaries(book, now=NOW)
    chart = next(iter(book.sheets["收支结构"].charts))
    assert chart.source == "$A$5:$B$11" and chart.title == "收入来源构成（万元）"  # 6 stated sources
    assert chart.left > 0  # beside the table, not over it


def test_long_actions_report_progress_in_the_status_bar_and_hand_it_back(book: FakeBook) -> None:
    ribbon.make_summaries(book, now=NOW)
    shown = [s for s in book.app.status_history if s]
    assert any("同比分析" in s for s in shown) and any("7/7" in s for s in shown)
    assert book.app.status_bar is False
    assert book.app.screen_updating is True
    assert "已生成 7 张汇总表" in last_alert(book)["prompt"]


def test_marking_cells_counts_them_in_the_status_bar(book: FakeBook) -> None:
    ribbon.check_all(book, now=NOW)
    marked = int(re.search(r"标记 (\d+) 个单元格", last_alert(book)["prompt"])[1])
    steps = [s for s in book.app.status_history if s and "正在标记单元格" in s]
    assert marked > 10 and steps[-1] == f"预算公开：正在标记单元格 {marked}/{marked}…"
    assert len(steps) == -(-marked // xl_writer.STEP_EVERY)  # every tenth cell and the last
    book.app.status_history.clear()
    ribbon.clear_marks(book)
    cleared = int(re.search(r"已清除 (\d+) 个", last_alert(book)["prompt"])[1])
    assert cleared == marked
    assert any(s and "正在清除标记" in s for s in book.app.status_history)
    assert book.app.status_bar is False


def test_refresh_and_export_say_what_they_are_doing(built: Path, tmp_path: Path) -> None:
    source = tmp_path / "部门预算.xlsm"
    source.write_bytes(built.read_bytes())
    book = FakeBook.from_workbook(source)
    ribbon.refresh(book)
    ribbon.export_publication(book)
    shown = [s for s in book.app.status_history if s]
    assert [s for s in shown if "正在重新计算" in s or "正在保存工作簿" in s or "正在导出发布版" in s] == [
        "预算公开：正在重新计算…", "预算公开：正在保存工作簿…", "预算公开：正在导出发布版 部门预算_发布版.xlsx…"]
    assert book.app.status_bar is False


def test_regenerating_replaces_the_tools_sheets_and_nothing_else(book: FakeBook) -> None:
    user = book.sheets.add("我的草稿", after=book.sheets[-1])
    user.range("A1").value = "不要动"
    ribbon.make_summaries(book, now=NOW)
    first = {s.name: (dict(s.values), len(s.charts)) for s in book.sheets}
    ribbon.make_summaries(book, now=NOW)
    assert {s.name: (dict(s.values), len(s.charts)) for s in book.sheets} == first
    assert book.sheets["我的草稿"].range("A1").value == "不要动"
    assert [s.name for s in book.sheets].count("同比分析") == 1


def test_text_that_looks_like_a_number_stays_text(book: FakeBook) -> None:
    spec = summaries.SheetSpec("审核结果", "标题", "戳", (10, 10), (summaries.Block(
        4, ("应为", "实为"), (("94%", Decimal("0.94")),), (summaries.GENERAL, summaries.GENERAL)),))
    sheet = xl_writer.write_spec(book, spec)
    assert sheet.range("A5").value == "94%" and sheet.range("B5").value == 0.94
    assert xl_writer.excel_value("94%") == "'94%" and xl_writer.excel_value("94%", "@") == "94%"


# -- 全面校验 / 清除标记 -----------------------------------------------------------------------------


def test_check_all_writes_findings_and_marks_cells_without_changing_values(book: FakeBook) -> None:
    book.sheets["国有资产"].range("D10").color = (231, 238, 247)  # the builder's computed-cell fill
    book.sheets["人员情况"].range("D4").add_note("我的批注")
    before = input_values(book)
    ribbon.check_all(book, now=NOW)
    assert input_values(book) == before
    prompt = last_alert(book)["prompt"]
    assert "全面校验完成" in prompt and "审核结果" in prompt

    findings = book.sheets["审核结果"]
    links = [target for (r, c), (target, _tip) in findings.links.items()]
    assert "#'国有资产'!D10" in links
    cell = book.sheets["国有资产"].range("D10")
    assert cell.note is not None and cell.note.text.startswith(xl_writer.MARK_TAG)
    assert "BN-013" in cell.note.text
    assert cell.color == xl_writer.rgb(xl_writer.MARK_FILLS["error"])
    mine = book.sheets["人员情况"].range("D4")
    assert mine.note.text == "我的批注" and mine.color is None  # the user's note is left alone

    ribbon.check_all(book, now=NOW)  # again: the old marks are replaced, not stacked
    assert input_values(book) == before
    assert "BN-013" in book.sheets["国有资产"].range("D10").note.text

    ribbon.clear_marks(book)
    assert "已清除" in last_alert(book)["prompt"]
    assert input_values(book) == before
    assert book.sheets["国有资产"].range("D10").note is None
    assert book.sheets["国有资产"].range("D10").color == (231, 238, 247)  # original fill restored
    for sheet in book.sheets:
        if sheet.name in INPUT_SHEETS:
            assert all(not text.startswith(xl_writer.MARK_TAG) for text in sheet.notes.values()), sheet.name
    assert mine.note.text == "我的批注"


def test_every_finding_cell_is_marked_once(book: FakeBook) -> None:
    ribbon.check_all(book, now=NOW)
    refs = ribbon.marked_refs(book)
    on_inputs = {r for r in refs if r.split("!")[0] in INPUT_SHEETS}
    notes = {f"{s.name}!{chr(64 + c)}{r}" for s in book.sheets for (r, c), t in s.notes.items()
             if t.startswith(xl_writer.MARK_TAG)}
    assert notes == on_inputs and len(notes) > 10


def test_clear_marks_without_a_findings_sheet_says_so(book: FakeBook) -> None:
    ribbon.clear_marks(book)
    assert "没有找到" in last_alert(book)["prompt"]


# -- staleness -------------------------------------------------------------------------------------


def test_refresh_and_check_report_stale_summaries(book: FakeBook) -> None:
    ribbon.make_summaries(book, now=NOW)
    ribbon.refresh(book)
    assert "一致" in last_alert(book)["prompt"] and book.app.calculations == 1
    book.sheets["收入支出"].range("B5").value = 2800.0
    ribbon.refresh(book)
    prompt = last_alert(book)["prompt"]
    assert "同比分析" in prompt and "重新生成" in prompt
    ribbon.check_all(book, now=NOW)
    rules = [row[3] for row in book.sheets["审核结果"].range("A1:D60").value if row and row[3]]
    assert rules.count(summaries.STALE_RULE) == len(summaries.SUMMARY_SHEETS) - 1  # all but 审核结果 itself


# -- the other buttons -----------------------------------------------------------------------------


def test_make_narrative_writes_the_generated_paragraphs(book: FakeBook) -> None:
    from budget_addin.narrative.generate import generate

    ribbon.make_narrative(book, now=NOW)
    sheet = book.sheets[summaries.NARRATIVE_SHEET]
    expected = generate(ribbon.read_book(book).book)
    texts = [v for (r, c), v in sorted(sheet.values.items()) if c == 3 and r > 4]
    assert texts[: len(expected)] == [p.text for p in expected]
    assert summaries.stamped_fingerprint(sheet.range("A2").value)


def test_export_publication_saves_and_writes_a_copy_next_to_the_workbook(built: Path, tmp_path: Path) -> None:
    source = tmp_path / "部门预算.xlsm"
    source.write_bytes(built.read_bytes())
    book = FakeBook.from_workbook(source)
    ribbon.export_publication(book)
    out = tmp_path / "部门预算_发布版.xlsx"
    assert out.exists() and book.saved == 1
    assert str(out) in last_alert(book)["prompt"]
    with zipfile.ZipFile(out) as archive:
        assert "xl/vbaProject.bin" not in archive.namelist()


def test_show_help_names_every_button(book: FakeBook) -> None:
    ribbon.show_help(book)
    prompt = last_alert(book)["prompt"]
    for label in ("全面校验", "清除标记", "生成汇总表", "生成情况说明", "导出发布版", "刷新"):
        assert label in prompt


# -- failure is a Chinese message, never a traceback -----------------------------------------------


def test_an_error_in_the_core_becomes_a_chinese_alert(book: FakeBook, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(ribbon, "run_rules", broken)
    ribbon.make_summaries(book, now=NOW)  # does not raise
    alert = last_alert(book)
    assert alert["mode"] == "critical"
    assert alert["prompt"].startswith("生成汇总表未完成")
    assert "Traceback" not in alert["prompt"] and "File \"" not in alert["prompt"]
    assert book.app.status_bar is False


def test_a_file_error_is_told_plainly(book: FakeBook) -> None:
    book.fullname = "/nonexistent/folder/预算.xlsm"
    ribbon.export_publication(book)
    alert = last_alert(book)
    assert alert["mode"] == "critical" and alert["prompt"].startswith("导出发布版未完成")


# -- the module --------------------------------------------------------------------------------------


def test_every_ribbon_button_has_its_function() -> None:
    for name in RIBBON_ACTIONS:
        assert callable(getattr(ribbon, name)), name
    bas = (Path(__file__).parent.parent / "macros" / "Ribbon.bas").read_text(encoding="utf-8")
    for name in RIBBON_ACTIONS:
        assert f"r.{name}()" in bas


def test_the_module_imports_without_xlwings() -> None:
    code = "import sys, budget_addin.excel.ribbon; sys.exit('xlwings' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent).returncode == 0


def test_without_a_book_the_action_asks_xlwings_for_the_caller(monkeypatch: pytest.MonkeyPatch, book: FakeBook) -> None:
    import xlwings

    monkeypatch.setattr(xlwings.Book, "caller", classmethod(lambda cls: book))
    ribbon.show_help()
    assert "预算公开加载项" in last_alert(book)["prompt"]

