"""Turn a workbook (as built, or as edited in Excel, WPS or LibreOffice) into a Book.

Rows of form tables are found by their label in column A and columns by their
header, so inserted rows or moved columns do not break the rules. What cannot
be read is reported with the cell (``收入支出!C6：无法识别的数值 "三千八百"``)
and the rest is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budget_addin.core.dataset import DASH, Dataset, normalise
from budget_addin.core.layout import col_letter
from budget_addin.core.model import Book, CellKey
from budget_addin.core.numbers import NumberError, stored_number, visible
from budget_addin.core.schema import HEADER_ROW, TABLES, Column, Table
from budget_addin.files.grid import RawCell, Sheet, read_grid

_SPACE = re.compile(r"\s+")
_PERCENT_PLACES = re.compile(r"0\.(0+)%")


@dataclass
class ReadResult:
    """The book read from a workbook and what could not be read."""

    book: Book
    issues: list[str] = field(default_factory=list)
    missing_sheets: list[str] = field(default_factory=list)


def _key(text: object) -> str:
    return _SPACE.sub("", str(text or "")).replace("：", ":")


def cell_text(cell: RawCell | None) -> str | None:
    if cell is None or cell.value is None:
        return None
    return cell.value


def _number_value(cell: RawCell, column: Column) -> object:
    """A stored number as a Decimal, keeping the decimals its percent format shows."""
    value = stored_number(cell.value)
    if column.fmt == "percent":
        match = _PERCENT_PLACES.search(cell.num_format)
        places = len(match.group(1)) if match else 0
        return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-(places + 2)))
    # Excel and XlsxWriter store up to 17 significant digits (562.1799999999999); the shortest
    # repr of that double is the decimal that was typed (562.18).
    typed = Decimal(repr(float(value)))
    return typed.quantize(Decimal(1)) if typed == typed.to_integral_value() else typed


def _value(sheet: Sheet, row: int, col: int, column: Column, issues: list[str]) -> object:
    cell = sheet.get(row, col)
    where = f"{sheet.name}!{col_letter(col)}{row}"
    anchor = sheet.merge_anchor(row, col)
    if anchor is not None:
        if column.numeric:
            issues.append(f"{where}：位于合并单元格中，已忽略（数值请填在合并区域左上角的单元格）")
            return None
        cell = sheet.get(*anchor)
    if cell is None or cell.value is None:
        return None
    if cell.kind == "e":
        issues.append(f"{where}：单元格为错误值 {cell.value}")
        return None
    if not column.numeric:
        return cell.value
    if cell.kind == "n":
        try:
            return _number_value(cell, column)
        except NumberError as exc:
            issues.append(f"{where}：{exc}，按空值处理")
            return None
    if cell.kind == "b":
        issues.append(f'{where}：应为数值，此处为逻辑值 "{cell.value}"')
        return None
    try:
        value = normalise(column, cell.value)
        if column.fmt == "amount" and cell.value.strip().endswith("元") and not cell.value.strip().endswith("万元"):
            issues.append(f"{where}：“{cell.value}”以元填列，已换算为 {value} 万元，请确认单位")
        return value
    except NumberError as exc:
        issues.append(f'{where}：{exc.reason} "{visible(cell.value)}"')
        return None


def _find_header(sheet: Sheet, table: Table) -> dict[str, int]:
    """Column key → sheet column, by header label (falls back to the schema position)."""
    wanted = {_key(c.label): c.key for c in table.columns}
    offset = 2 if table.is_form else 1
    found: dict[str, int] = {}
    for row in range(1, min(sheet.max_row, 10) + 1):
        hits = {}
        for (r, c), cell in sheet.cells.items():
            if r == row and cell.kind == "s" and _key(cell.value) in wanted:
                hits[wanted[_key(cell.value)]] = c
        if len(hits) > len(found):
            found = hits
    for index, column in enumerate(table.columns):
        found.setdefault(column.key, index + offset)
    return found


def _header_row(sheet: Sheet, table: Table) -> int:
    labels = {_key(c.label) for c in table.columns}
    for row in range(1, min(sheet.max_row, 10) + 1):
        if sum(1 for (r, _c), cell in sheet.cells.items() if r == row and _key(cell.value) in labels) >= max(1, len(labels) // 2):
            return row
    return HEADER_ROW


def read_table(sheet: Sheet, table: Table, data: Dataset, refs: dict[CellKey, str], issues: list[str]) -> None:
    columns = _find_header(sheet, table)
    header = _header_row(sheet, table)
    inputs = [c for c in table.columns if c.kind != "computed"]
    constants: list[str] = []  # computed cells holding a typed value instead of their formula
    if table.is_form:
        labels = {_key(r.label): r for r in table.rows}
        form: dict[str, dict[str, object]] = {}
        for row in range(header + 1, sheet.max_row + 1):
            label = cell_text(sheet.get(row, 1))
            spec = labels.get(_key(label)) if label else None
            if spec is None:
                continue
            values: dict[str, object] = {}
            for column in table.columns:
                col = columns[column.key]
                refs[(table.key, spec.key, column.key)] = f"{sheet.name}!{col_letter(col)}{row}"
                if table.formula(spec, column) is not None:
                    _note_constant(sheet, row, col, constants)
                    continue
                value = _value(sheet, row, col, column, issues)
                if value is not None:
                    values[column.key] = value
            form[spec.key] = values
        for spec in table.rows:
            if spec.key not in form:
                issues.append(f"{sheet.name}：找不到“{spec.label}”行")
        _report_constants(sheet, constants, issues)
        data[table.key] = {k: v for k, v in form.items() if v}
        return
    records: list[dict[str, object]] = []
    for row in range(header + 1, sheet.max_row + 1):
        first = cell_text(sheet.get(row, 1))
        if first and first.startswith("注："):
            break
        values = {}
        for column in inputs:
            value = _value(sheet, row, columns[column.key], column, issues)
            if value is not None:
                values[column.key] = value
        if not values or all(v == DASH for v in values.values()):
            continue
        index = len(records)
        for column in table.columns:
            refs[(table.key, index, column.key)] = f"{sheet.name}!{col_letter(columns[column.key])}{row}"
            if column.kind == "computed":
                _note_constant(sheet, row, columns[column.key], constants)
        records.append(values)
    data[table.key] = records
    _report_constants(sheet, constants, issues)


def _note_constant(sheet: Sheet, row: int, col: int, constants: list[str]) -> None:
    cell = sheet.get(row, col)
    if sheet.formulas_known and cell is not None and cell.formula is None and cell.value not in (None, "", "—"):
        constants.append(f"{col_letter(col)}{row}")


def _report_constants(sheet: Sheet, constants: list[str], issues: list[str]) -> None:
    """Computed cells whose formula was replaced by a typed value: the checks use the computed figure."""
    if constants:
        shown = "、".join(constants[:5]) + (f" 等 {len(constants)} 个" if len(constants) > 5 else "")
        issues.append(f"{sheet.name}!{shown}：计算单元格的公式已被数值或文字替换（发布版或手工改写），校验按公式重新计算")


def read_workbook(path: Path | str) -> ReadResult:
    """Read every input sheet of a workbook; raises ``ReadError`` only if the file cannot be opened."""
    path = Path(path)
    return read_sheets(read_grid(path, {t.sheet for t in TABLES}), str(path))


def read_sheets(sheets: dict[str, Sheet], source: str) -> ReadResult:
    """Read the input sheets from a grid (headless or from xlwings)."""
    data: Dataset = {}
    refs: dict[CellKey, str] = {}
    issues: list[str] = []
    missing: list[str] = []
    for table in TABLES:
        sheet = sheets.get(table.sheet)
        if sheet is None:
            missing.append(table.sheet)
            issues.append(f"缺少工作表“{table.sheet}”：相关校验无法进行")
            continue
        read_table(sheet, table, data, refs, issues)
    return ReadResult(Book(data, refs, source=source), issues, missing)
