"""Write the disclosure workbook from schema + dataset + ``macros/``.

XlsxWriter writes every formula with its cached value (computed here by the
same worksheet-function bodies), so figures show before recalculation, in WPS
and in LibreOffice. The VBA project is compiled from ``macros/*.bas`` plus the
generated ``xlwings_udfs`` module; the ribbon XML is added to the package.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from budget_addin.core.dataset import DASH, Dataset, comparator, percent_decimals
from budget_addin.core.layout import col_letter
from budget_addin.core.model import Book, formula_template
from budget_addin.core.schema import (
    CONFIG_SHEET,
    FIRST_DATA_ROW,
    FORMATS,
    HEADER_ROW,
    LABEL,
    TABLES,
    TITLE_ROW,
    UNIT_ROW,
    Column,
    Table,
)
from budget_addin.files import long_lists, package, vba

ROOT = Path(__file__).resolve().parents[2]
MACROS_DIR = ROOT / "macros"
RIBBON_XML = "customUI14.xml"
#: Code of the ``ThisWorkbook`` document module (Workbook_Open) in ``macros/``.
WORKBOOK_CODE = "ThisWorkbook.cls"
#: ``calcId`` of the calculation engine of current Excel (2019, 2021, Microsoft 365). A file
#: saved by an older engine (a smaller id) is recalculated in full when Excel opens it;
#: with this id, and without ``fullCalcOnLoad``, Excel keeps the cached values until an
#: input changes.
CALC_ID = 191029
# xlwings.conf keys as the add-in reads them (xlwings addin/Config.bas: GetConfig("UDF MODULES") …).
XLWINGS_CONF = (
    ("UDF MODULES", "budget_addin.excel.udfs"),
    ("USE UDF SERVER", "False"),
    ("DEBUG UDFS", "False"),
    ("SHOW CONSOLE", "False"),
    ("同比变动阈值", "20%"),  # budget_addin's own setting: growth highlighted on 同比分析 (summaries.THRESHOLD_KEY)
)
BUILD_TIME = dt.datetime(2020, 1, 1)  # fixed, so a rebuild is reproducible

INPUT_FILL = "#FFF2CC"  # light yellow: type here
COMPUTED_FILL = "#E7EEF7"  # light blue-grey: computed, locked
HEADER_FILL = "#D9D9D9"


class Styles:
    """XlsxWriter formats, made once per workbook and cached by key."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self._cache: dict[tuple[Any, ...], Any] = {}

    def get(self, kind: str, num_format: str | None = None, bold: bool = False, indent: int = 0) -> Any:
        key = (kind, num_format, bold, indent)
        if key not in self._cache:
            props: dict[str, Any] = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "border": 1}
            if kind == "title":
                props = {"font_name": "黑体", "font_size": 14, "bold": True, "align": "center", "valign": "vcenter"}
            elif kind == "unit":
                props = {"font_name": "宋体", "font_size": 9, "font_color": "#595959"}
            elif kind == "header":
                props.update(bold=True, bg_color=HEADER_FILL, align="center", text_wrap=True)
            elif kind == "label":
                props.update(bold=bold, indent=indent, text_wrap=True)
            elif kind == "input":
                props.update(bg_color=INPUT_FILL, locked=False)
            elif kind == "input_text":
                props.update(bg_color=INPUT_FILL, locked=False, text_wrap=True, valign="top")
            elif kind == "computed":
                props.update(bg_color=COMPUTED_FILL, locked=True)
            elif kind == "plain":
                props = {"font_name": "宋体", "font_size": 10}
            if num_format:
                props["num_format"] = num_format
            self._cache[key] = self.workbook.add_format(props)
        return self._cache[key]


def keep_cached_values(workbook: xlsxwriter.Workbook) -> None:
    """Calculation settings as current Excel writes them: automatic, ``calcId`` 191029 and no
    ``fullCalcOnLoad`` (XlsxWriter's default), so opening the file does not recalculate it."""
    workbook.set_calc_mode("auto", calc_id=CALC_ID)
    workbook.calc_on_load = False


def cell_format(column: Column, value: object) -> str:
    """Number format of a cell: the column's, percent decimals as stated."""
    if column.fmt == "percent" and isinstance(value, Decimal):
        places = percent_decimals(value)
        return "0%" if places == 0 else "0." + "0" * places + "%"
    return FORMATS[column.fmt]


def excel_value(value: object) -> object:
    """A dataset value as XlsxWriter writes it."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)
    return value


class FormulaSheet(Worksheet):
    """XlsxWriter's worksheet, writing the add-in's formulas as Excel saves them."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        # The schema's formulas use Excel 2007 functions and the add-in's UDFs only, which XlsxWriter never
        # prefixes with _xlfn. (tests/test_build_writer.py): its ~60 substitutions cost 2.7 s a 100,000 formulas.
        return long_lists.formula_body(formula)

    def _xml_formula_element(self, formula: str, result: object, attributes: list[tuple[str, str]] = []) -> None:  # noqa: B006 - XlsxWriter's signature
        # An empty cached result typed as text, as Excel writes it; untyped, LibreOffice treats the
        # cell as not yet calculated and recalculates it without the add-in (#VALUE!).
        if result == "" and not any(key == "t" for key, _ in attributes):
            attributes = [*attributes, ("t", "str")]
        super()._xml_formula_element(formula, result, attributes)


def _write_head(sheet: Worksheet, table: Table, book: Book, styles: Styles) -> None:
    """Title, department line, unit, headers, column widths and page setup of a sheet."""
    n_cols = len(table.columns) + (1 if table.is_form else 0)
    last_col = n_cols - 1
    if last_col > 0:
        sheet.merge_range(TITLE_ROW - 1, 0, TITLE_ROW - 1, last_col, table.title, styles.get("title"))
    else:
        sheet.write(TITLE_ROW - 1, 0, table.title, styles.get("title"))
    sheet.set_row(TITLE_ROW - 1, 26)
    department = book.text("department", "short_name", "value") or book.text("department", "name", "value")
    year = book.text("department", "year", "value")
    sheet.write(UNIT_ROW - 1, 0, f"部门：{department}" + (f"　　年度：{year}" if year else ""), styles.get("unit"))
    if table.unit:
        sheet.write(UNIT_ROW - 1, last_col, f"单位：{table.unit}", styles.get("unit"))
    prior = comparator(book.data)
    headers = ([table.label_header] if table.is_form else []) + [c.header(prior) for c in table.columns]
    for index, header in enumerate(headers):
        sheet.write(HEADER_ROW - 1, index, header, styles.get("header"))
    sheet.set_row(HEADER_ROW - 1, 30)
    if table.is_form:
        sheet.set_column(0, 0, table.label_width)
    offset = 1 if table.is_form else 0
    for index, column in enumerate(table.columns):
        sheet.set_column(index + offset, index + offset, column.width)
    sheet.freeze_panes(FIRST_DATA_ROW - 1, 1 if table.is_form else 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as long as it takes
    sheet.repeat_rows(HEADER_ROW - 1)
    sheet.set_footer("&C第 &P 页，共 &N 页")


class _Cells(NamedTuple):
    """What every record of one column of a list table shares."""

    index: int  # 0-based sheet column
    column: Column
    template: str | None  # the formula template of a list table's column; None for an input column


class _Through:
    """Cells written cell by cell through XlsxWriter."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet

    def blank(self, row: int, col: int, fmt: Format) -> None:
        self.sheet.write_blank(row, col, None, fmt)

    def number(self, row: int, col: int, value: float, fmt: Format) -> None:
        self.sheet.write_number(row, col, value, fmt)

    def string(self, row: int, col: int, text: str, fmt: Format) -> None:
        self.sheet.write_string(row, col, text, fmt)

    def formula(self, row: int, col: int, text: str, cached: object, fmt: Format) -> None:
        self.sheet.write_formula(row, col, text, fmt, cached)

    def end_row(self, row: int) -> None:
        """Nothing to do: XlsxWriter keeps its cells by row."""


class _AsXml:
    """The cells of a long list as rows of sheet XML (:mod:`long_lists`), spliced in after XlsxWriter closes."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        self._cells: list[str] = []

    def blank(self, row: int, col: int, fmt: Format) -> None:
        self._cells.append(long_lists.blank(row, col, fmt))

    def number(self, row: int, col: int, value: float, fmt: Format) -> None:
        self._cells.append(long_lists.number(row, col, value, fmt))

    def string(self, row: int, col: int, text: str, fmt: Format) -> None:
        self._cells.append(long_lists.string(row, col, text, fmt))

    def formula(self, row: int, col: int, text: str, cached: object, fmt: Format) -> None:
        self._cells.append(long_lists.formula(row, col, text, cached, fmt))

    def end_row(self, row: int) -> None:
        if self._cells:
            self.rows.append(long_lists.row_xml(row, self._cells))
            self._cells = []


def spare_rows(records: int) -> int:
    """Empty rows left under a list table to type more records: half as many again, 10 to 500."""
    return min(max(10, records // 2), 500)


def _write_table(sheet: Worksheet, table: Table, book: Book, styles: Styles) -> list[str]:
    """Write one sheet; the rows of a list longer than ``LONG_LIST`` come back as XML to splice in."""
    _write_head(sheet, table, book, styles)
    layout = book.layout
    cells = [_Cells(layout.column_index(table, c.key) - 1, c,
                    None if table.is_form else formula_template(table, 0, c.key))
             for c in table.columns]
    records = len(book.rows(table.key))
    sink: _Through | _AsXml = _AsXml() if not table.is_form and records > long_lists.LONG_LIST else _Through(sheet)
    for row_key in book.rows(table.key):
        row_index = layout.row_index(table, row_key) - 1
        row_spec = table.row(row_key) if isinstance(row_key, str) else None
        if row_spec is not None:
            sheet.write(row_index, 0, row_spec.label,
                        styles.get("label", bold=row_spec.level == 0, indent=max(row_spec.level - 1, 0)))
        for col_index, column, template in cells:
            if row_spec is not None:
                template = formula_template(table, row_key, column.key)
            if template == "":
                sink.blank(row_index, col_index, styles.get("computed"))
            elif template is not None:
                formula = layout.resolve(template, table, row_spec if row_spec is not None else row_key)
                cached = _cached(book.value(table.key, row_key, column.key))
                sink.formula(row_index, col_index, formula, cached, styles.get("computed", FORMATS[column.fmt]))
            else:
                _write_input(sink, row_index, col_index, column, book.raw(table.key, row_key, column.key), styles)
        sink.end_row(row_index)
    if not table.is_form:  # leave room to type more records
        first = FIRST_DATA_ROW - 1 + records
        for row_index in range(first, first + spare_rows(records)):
            for col_index, column, _template in cells:
                if column.kind != "computed":
                    kind = "input" if column.numeric else "input_text"
                    sheet.write_blank(row_index, col_index, None, styles.get(kind, FORMATS[column.fmt]))
    if table.note:
        note_row = FIRST_DATA_ROW - 1 + layout.n_rows(table) + (0 if table.is_form else spare_rows(records)) + 1
        sheet.write(note_row, 0, f"注：{table.note}", styles.get("unit"))
    # No password (a user can lift it); formatting and notes stay allowed so 全面校验 can mark cells.
    sheet.protect("", {"format_cells": True, "format_columns": True, "format_rows": True, "insert_rows": True,
                       "objects": True, "sort": True, "autofilter": True})
    return sink.rows if isinstance(sink, _AsXml) else []


def _write_input(sink: _Through | _AsXml, row: int, col: int, column: Column, value: object, styles: Styles) -> None:
    """An input cell: a number, 一 (a dash), text or a styled blank."""
    if column.numeric:
        fmt = styles.get("input", cell_format(column, value))
        if value is None:
            sink.blank(row, col, fmt)
        elif value == DASH:
            sink.string(row, col, DASH, fmt)
        else:
            sink.number(row, col, excel_value(value), fmt)
    else:
        fmt = styles.get("input_text", "@")
        if value is None:
            sink.blank(row, col, fmt)
        else:
            sink.string(row, col, str(value), fmt)


def _formula(book: Book, table: Table, row_key: str | int, column: Column) -> str | None:
    """The A1 formula of a cell as written; None for an input cell, "" for a computed cell left blank."""
    template = formula_template(table, row_key, column.key)
    if not template:
        return template
    return book.layout.resolve(template, table, table.row(row_key) if isinstance(row_key, str) else row_key)


def _cached(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _write_config(sheet: Worksheet, styles: Styles) -> None:
    for index, (key, value) in enumerate(XLWINGS_CONF):
        sheet.write_string(index, 0, key, styles.get("plain"))
        sheet.write_string(index, 1, value, styles.get("plain"))
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 28)


def sheet_codenames() -> list[str]:
    """VBA code names of the sheets, in workbook order (input sheets, then xlwings.conf)."""
    return [f"Sheet{i}" for i in range(1, len(TABLES) + 2)]


def vba_modules(macros_dir: Path = MACROS_DIR) -> dict[str, str]:
    """The standard modules of the workbook: ``macros/*.bas`` (ribbon callbacks and the generated
    UDF wrappers, function help and texts) and xlwings' standalone module ``xlwings``, read from
    the installed xlwings package at build time."""
    modules = vba.read_macros(macros_dir)
    if vba.XLWINGS_MODULE in modules:
        raise ValueError(f"macros/ must not hold the module {vba.XLWINGS_MODULE!r}: it comes from the xlwings package")
    return {**modules, vba.XLWINGS_MODULE: vba.xlwings_standalone_module()}


def workbook_code(macros_dir: Path = MACROS_DIR) -> str:
    """Code of the ``ThisWorkbook`` module (``macros/ThisWorkbook.cls``), empty when absent."""
    path = macros_dir / WORKBOOK_CODE
    return path.read_text(encoding="utf-8-sig") if path.exists() else ""


def build_bytes(data: Dataset, macros_dir: Path = MACROS_DIR, progress: Callable[[str], None] | None = None) -> bytes:
    """The ``.xlsm`` package for a dataset, as bytes."""
    book = Book(data)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    workbook.set_properties(
        {
            "title": "部门预算公开",
            "author": "budget_addin",
            "created": BUILD_TIME,
            "comments": "由 budget-addin build 生成",
        }
    )
    keep_cached_values(workbook)
    workbook.set_vba_name("ThisWorkbook")
    styles = Styles(workbook)
    codenames = sheet_codenames()
    long_rows: dict[str, list[str]] = {}  # sheet part → the XML rows of a long list's records
    for index, table in enumerate(TABLES):
        if progress:
            progress(table.sheet)
        sheet = workbook.add_worksheet(table.sheet, worksheet_class=FormulaSheet)
        sheet.set_vba_name(codenames[index])
        if rows := _write_table(sheet, table, book, styles):
            long_rows[f"xl/worksheets/sheet{index + 1}.xml"] = rows
    config = workbook.add_worksheet(CONFIG_SHEET)
    config.set_vba_name(codenames[len(TABLES)])
    _write_config(config, styles)
    project = vba.compile_vba_project(vba_modules(macros_dir), codenames, workbook_code(macros_dir))
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    workbook.close()
    ribbon = (macros_dir / RIBBON_XML).read_text(encoding="utf-8")
    data = buffer.getvalue()
    spliced = {part: long_lists.splice(package.member(data, part), HEADER_ROW, rows)
               for part, rows in long_rows.items()}
    return package.add_ribbon(data, ribbon, spliced)


def build(data: Dataset, out: Path, macros_dir: Path = MACROS_DIR) -> Path:
    """Write the workbook atomically to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    package.atomic_write(out, build_bytes(data, macros_dir))
    return out


def formula_cells(data: Dataset) -> dict[str, tuple[str, object]]:
    """``sheet!A1`` → (formula, cached value) of every computed cell, as the builder writes them."""
    book = Book(data)
    result: dict[str, tuple[str, object]] = {}
    for table in TABLES:
        for row_key in book.rows(table.key):
            for column in table.columns:
                formula = _formula(book, table, row_key, column)
                if formula:
                    ref = (
                        f"{table.sheet}!{col_letter(book.layout.column_index(table, column.key))}"
                        f"{book.layout.row_index(table, row_key)}"
                    )
                    result[ref] = (formula, _cached(book.value(table.key, row_key, column.key)))
    return result


__all__ = ["build", "build_bytes", "formula_cells", "LABEL"]
