"""The 预算公开 ribbon: one function per button, a thin layer over the core.

``macros/Ribbon.bas`` calls ``RunPython "import budget_addin.excel.ribbon as r; r.<action>()"``;
each action takes the calling workbook (``xw.Book.caller()``; tests pass a fake),
reads the grid with :func:`~budget_addin.excel.xl_grid.sheets_from_xlwings`, runs the
core, writes with :mod:`budget_addin.excel.xl_writer`, shows progress in the status
bar and ends with a short Chinese message box. No Python traceback reaches the
user: any error becomes a Chinese message.

xlwings is imported lazily, so this module imports on Linux.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from budget_addin import __version__
from budget_addin.core.findings import Report
from budget_addin.core.schema import CONFIG_SHEET, OWNED_SHEETS, TABLES
from budget_addin.excel import xl_writer
from budget_addin.excel.xl_grid import sheets_from_xlwings
from budget_addin.files.grid import ReadError
from budget_addin.files.reader import ReadResult, read_sheets
from budget_addin.rules import run_rules
from budget_addin.summaries import specs as summaries
from budget_addin.summaries.specs import FINDINGS_SHEET, NARRATIVE_SHEET, Settings, SheetSpec

TITLE = "预算公开"
_LOG = logging.getLogger(__name__)
_REF = re.compile(r"^(?P<sheet>[^!]+)!(?P<cell>\$?[A-Z]{1,3}\$?\d+)$")
_CELL = re.compile(r"^\$?[A-Z]{1,3}\$?\d+$")

Book = Any  # an xlwings Book (or the test fake)


def _caller(book: Book | None) -> Book:
    if book is not None:
        return book
    import xlwings as xw  # only inside Excel

    return xw.Book.caller()


def _error_text(action: str, exc: BaseException) -> str:
    if isinstance(exc, ReadError | PermissionError | FileNotFoundError):
        return f"{action}未完成：{exc}"
    return (f"{action}未完成：程序出错（{type(exc).__name__}：{exc}）。\n"
            "工作簿未被改动的部分保持原样；请保存后重试，如仍出错请把此提示和工作簿发给维护人员。")


def action(name: str) -> Callable[[Callable[..., str]], Callable[..., None]]:
    """Wrap a ribbon action: find the workbook, show its message, turn any error into a Chinese alert."""

    def decorate(func: Callable[..., str]) -> Callable[..., None]:
        @functools.wraps(func)
        def run(book: Book | None = None, **options: Any) -> None:
            book = _caller(book)
            app = book.app
            try:
                app.status_bar = f"{TITLE}：{name}…"
                message = func(book, **options)
            except Exception as exc:  # noqa: BLE001 - the user gets a Chinese message, never a traceback
                _LOG.exception("ribbon action %s failed", func.__name__)
                app.status_bar = False
                app.alert(_error_text(name, exc), TITLE, mode="critical")
                return
            app.status_bar = False
            app.alert(message, TITLE, mode="info")

        return run

    return decorate


# -- reading the open workbook ---------------------------------------------------------------------


def _names(book: Book) -> list[str]:
    return [sheet.name for sheet in book.sheets]


def _rows(value: Any) -> list[list[Any]]:
    """``used_range.value`` as a 2-D list (xlwings gives a scalar or a 1-D list for one row/column)."""
    if not isinstance(value, list):
        return [[value]]
    if value and not isinstance(value[0], list):
        return [value]
    return value


def read_book(book: Book) -> ReadResult:
    """The input sheets of the open workbook as a Book (same reader as the headless path)."""
    return read_sheets(sheets_from_xlwings(book), getattr(book, "fullname", "") or book.name)


def settings_of(book: Book) -> Settings:
    """Settings from the workbook's ``xlwings.conf`` sheet."""
    if CONFIG_SHEET not in _names(book):
        return Settings()
    pairs = {str(row[0]).strip(): (row[1] if len(row) > 1 else None)
             for row in _rows(book.sheets[CONFIG_SHEET].used_range.value) if row and row[0]}
    return summaries.settings_from_config(pairs)


def stamps_of(book: Book) -> dict[str, object]:
    """Owned sheet → its stamp text (A2)."""
    present = set(_names(book))
    return {name: book.sheets[name].range(summaries.STAMP_CELL).value for name in OWNED_SHEETS if name in present}


def marked_refs(book: Book) -> list[str]:
    """Every cell the current 审核结果 sheet links to (the cells the last check marked)."""
    if FINDINGS_SHEET not in _names(book):
        return []
    refs: list[str] = []
    header: list[Any] | None = None
    for row in _rows(book.sheets[FINDINGS_SHEET].used_range.value):
        if header is None:
            if "单元格" in row:
                header = row
            continue
        start = header.index("单元格")
        first = row[start] if start < len(row) else None
        match = _REF.match(str(first or ""))
        if not match:
            continue
        refs.append(str(first))
        for other in row[start + 1:]:
            text = str(other or "")
            if _REF.match(text):
                refs.append(text)
            elif _CELL.match(text):
                refs.append(f"{match['sheet']}!{text}")
    return refs


def _checked(book: Book, progress: Callable[[str], None]) -> tuple[ReadResult, Report]:
    progress("正在读取工作表")
    result = read_book(book)
    progress("正在校验")
    report = run_rules(result.book)
    result.attach(report)
    return result, report


def _progress(book: Book) -> Callable[[str], None]:
    def show(text: str) -> None:
        book.app.status_bar = f"{TITLE}：{text}…"

    return show


def _cells_step(progress: Callable[[str], None], doing: str) -> Callable[[int, int], None]:
    """Progress of a cell-by-cell write: ``正在标记单元格 30/85``."""
    return lambda done, total: progress(f"{doing} {done}/{total}")


def _write_findings(book: Book, spec: SheetSpec, report: Report, progress: Callable[[str], None]) -> int:
    """Clear the marks of the last check, write 审核结果, mark the cells of the new findings."""
    xl_writer.clear_marks(book, marked_refs(book), _cells_step(progress, "正在清除上次的标记"))
    xl_writer.write_spec(book, spec)
    inputs = {t.sheet for t in TABLES} & set(_names(book))
    return xl_writer.mark_cells(book, xl_writer.marks_for(report.findings, inputs),
                                _cells_step(progress, "正在标记单元格"))


def _counts(report: Report) -> str:
    counts = report.counts()
    return f"错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项"


# -- the actions -----------------------------------------------------------------------------------


@action("全面校验")
def check_all(book: Book, now: datetime | None = None) -> str:
    """全面校验: write 审核结果 (one row per finding, links to each cell) and mark the cells."""
    progress = _progress(book)
    result, report = _checked(book, progress)
    current = summaries.fingerprint(result.book.data)
    summaries.add_stale_findings(report, stamps_of(book), current, {FINDINGS_SHEET})
    progress("正在写入审核结果并标记单元格")
    spec = summaries.findings_spec(report, summaries.stamp(now or datetime.now(), current),
                                   summaries.title_for(result.book, "审核结果"), result.issues)
    marked = _write_findings(book, spec, report, progress)
    return f"全面校验完成：{_counts(report)}。\n已写入“{FINDINGS_SHEET}”表，标记 {marked} 个单元格（数值未改动）。"


@action("清除标记")
def clear_marks(book: Book) -> str:
    """清除标记: restore the fill and delete the note of every cell the last check marked."""
    if FINDINGS_SHEET not in _names(book):
        return f"没有找到“{FINDINGS_SHEET}”表，没有可清除的标记。"
    cleared = xl_writer.clear_marks(book, marked_refs(book), _cells_step(_progress(book), "正在清除标记"))
    return f"已清除 {cleared} 个单元格的校验标记（数值未改动）。"


@action("生成汇总表")
def make_summaries(book: Book, now: datetime | None = None) -> str:
    """生成汇总表: the summary sheets, as ``budget-addin summarize`` writes them."""
    progress = _progress(book)
    result, report = _checked(book, progress)
    current = summaries.fingerprint(result.book.data)
    summaries.add_stale_findings(report, stamps_of(book), current, summaries.SUMMARY_SHEETS)
    specs = summaries.summary_specs(result.book, report, now or datetime.now(), settings_of(book), result.issues)
    findings = next(s for s in specs if s.name == FINDINGS_SHEET)
    others = [s for s in specs if s.name != FINDINGS_SHEET]
    total = len(specs)
    progress(f"正在写入 {FINDINGS_SHEET}（1/{total}）")
    _write_findings(book, findings, report, progress)
    xl_writer.write_specs(book, others, lambda name: progress(
        f"正在写入 {name}（{[s.name for s in others].index(name) + 2}/{total}）"))
    names = "、".join(s.name for s in specs)
    return f"已生成 {total} 张汇总表：{names}。\n{_counts(report)}。"


@action("生成情况说明")
def make_narrative(book: Book, now: datetime | None = None) -> str:
    """生成情况说明: the generated 情况说明 text, one paragraph per row, on 情况说明（生成）."""
    from budget_addin.narrative.generate import generate

    progress = _progress(book)
    progress("正在读取工作表")
    result = read_book(book)
    progress("正在生成情况说明")
    paragraphs = generate(result.book)
    stamp = summaries.stamp(now or datetime.now(), summaries.fingerprint(result.book.data))
    xl_writer.write_spec(book, summaries.narrative_spec(paragraphs, stamp))
    return f"已生成“{NARRATIVE_SHEET}”：{len(paragraphs)} 段。请核对后再用于公开文本。"


@action("导出发布版")
def export_publication(book: Book) -> str:
    """导出发布版: save, then write ``<name>_发布版.xlsx`` next to the workbook (values only, no macros)."""
    from budget_addin.files.publish import publish

    source = Path(book.fullname)
    if not source.parent.name or not source.suffix:
        return "请先把工作簿保存到文件夹中，再导出发布版。"
    progress = _progress(book)
    progress("正在保存工作簿")
    book.save()
    out = source.with_name(f"{source.stem}_发布版.xlsx")
    progress(f"正在导出发布版 {out.name}")
    publish(source, out)
    return f"已导出发布版：{out}\n公式已替换为数值，不含宏，可发给审核人员和 WPS 用户。"


@action("刷新")
def refresh(book: Book) -> str:
    """刷新: recalculate, then say which summary sheets no longer match the inputs."""
    progress = _progress(book)
    progress("正在重新计算")
    book.app.calculate()
    progress("正在核对汇总表是否与输入一致")
    result = read_book(book)
    current = summaries.fingerprint(result.book.data)
    found = stamps_of(book)
    stale = summaries.stale_sheets(found, current)
    if stale:
        return (f"已重新计算。以下表格生成后输入已变更，请重新生成：{'、'.join(stale)}。"
                f"\n（“生成汇总表”更新汇总表，“全面校验”更新审核结果，“生成情况说明”更新情况说明。）")
    if found:
        return "已重新计算。汇总表均与当前输入一致。"
    return "已重新计算。尚未生成汇总表。"


@action("关于/帮助")
def show_help(book: Book) -> str:
    """关于/帮助: version and what each button does."""
    return (f"预算公开加载项 {__version__}\n"
            "全面校验：校验全部表格，结果写入“审核结果”表并标记问题单元格（不改动数值）。\n"
            "清除标记：清除上次校验留下的底色和批注。\n"
            "生成汇总表：同比分析、收支结构、三公经费、政府采购汇总、资产结构、绩效指标审查、审核结果。\n"
            "生成情况说明：根据表格生成情况说明文字。\n"
            "导出发布版：另存为不含公式和宏的 .xlsx，供审核人员和 WPS 用户查看。\n"
            "刷新：重新计算，并检查汇总表是否需要重新生成。\n"
            f"同比变动阈值可在“{CONFIG_SHEET}”表中设置（键：{summaries.THRESHOLD_KEY}，如 20%）。")


__all__ = ["check_all", "clear_marks", "make_summaries", "make_narrative", "export_publication", "refresh",
           "show_help", "read_book", "marked_refs"]
