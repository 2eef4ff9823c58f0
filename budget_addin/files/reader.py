"""Turn a workbook (as built, or as edited in Excel, WPS or LibreOffice) into a Book.

Rows of form tables are found by their label in column A and columns by their
header, so inserted rows or moved columns do not break the rules. What cannot
be read is reported with the cell (``收入支出!C6：无法识别的数值 "三千八百"``)
and the rest is still read.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from pathlib import Path

from budget_addin.core import calc
from budget_addin.core.dataset import DASH, Dataset, normalise
from budget_addin.core.findings import Finding, Report
from budget_addin.core.layout import col_letter
from budget_addin.core.model import Book, CellKey
from budget_addin.core.numbers import NumberError, stored_number, visible
from budget_addin.core.schema import HEADER_ROW, TABLES, Column, Row, Table
from budget_addin.files.grid import RawCell, Sheet, no_gc, read_grid

_SPACE = re.compile(r"\s+")


@dataclass
class ReadResult:
    """The book read from a workbook and what could not be read."""

    book: Book
    issues: list[str] = field(default_factory=list)
    missing_sheets: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # one per missing input sheet

    def attach(self, report: Report) -> Report:
        """Put what reading found into a report: the read issues, and the missing sheets as findings first."""
        report.read_issues = list(self.issues)
        report.findings[:0] = self.findings
        return report


NOTHING_TO_CHECK = "工作簿中没有填写任何数字，没有可校验的内容"
MISSING_SHEET_RULE = "BK-SHEET"  # not a rule of the catalogue: a finding of the reader


def _folded(name: str) -> str:
    """A sheet name without what the eye does not see: width variants, spaces, invisible characters, case."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in {"Cf", "Cc"}).lower()


def similar_sheet(wanted: str, names: list[str]) -> tuple[str, str] | None:
    """The existing sheet most likely meant for ``wanted``, and how it differs (Chinese), if any."""
    if not names:
        return None
    for name in names:
        if _folded(name) == _folded(wanted):
            if name.strip() != name:
                why = "名称首尾多了空格"
            elif any(unicodedata.category(ch) in {"Cf", "Cc"} for ch in name):
                why = "名称中含有不可见字符"
            elif any(ch.isspace() for ch in name):
                why = "名称中多了空格"
            else:
                why = "名称中有全角/半角或大小写不同的字符"
            return name, why
    close = difflib.get_close_matches(_folded(wanted), [_folded(n) for n in names], n=1, cutoff=0.6)
    if close:
        name = next(n for n in names if _folded(n) == close[0])
        return name, "名称不同"
    return None


def missing_sheet_finding(sheet: str, names: list[str]) -> Finding:
    """One finding for an input sheet that is not in the workbook, naming the sheet probably meant."""
    message = f"缺少工作表“{sheet}”：依赖它的校验均未运行（缺数）"
    cells: tuple[str, ...] = ()
    guess = similar_sheet(sheet, names)
    if guess is not None:
        name, why = guess
        message += f"。工作簿中有一张“{visible(name)}”，{why}，是否就是它？请改名为“{sheet}”"
        cells = (f"{visible(name)}!A1",)
    return Finding(MISSING_SHEET_RULE, "error", "表内", cells, message)


class Refs(Mapping[CellKey, str]):
    """``sheet!A1`` of every cell read, made when asked: a table keeps its sheet rows and columns, not a string per
    cell.

    Two hundred thousand records of fifteen columns would otherwise hold three million strings, and a
    batch of a thousand seed workbooks would format half a million addresses that no finding names.
    """

    def __init__(self) -> None:
        self._cells: dict[CellKey, str] = {}
        self._lists: dict[str, tuple[str, list[int], dict[str, int]]] = {}
        self._forms: dict[str, tuple[str, dict[str, int], dict[str, int]]] = {}

    def __setitem__(self, key: CellKey, ref: str) -> None:
        self._cells[key] = ref

    def add_list(self, table: str, sheet: str, rows: list[int], columns: dict[str, int]) -> None:
        self._lists[table] = (sheet, rows, columns)

    def add_form(self, table: str, sheet: str, rows: dict[str, int], columns: dict[str, int]) -> None:
        """A form table: row key → sheet row, column key → sheet column."""
        self._forms[table] = (sheet, rows, columns)

    def __getitem__(self, key: CellKey) -> str:
        table, row, col = key
        if isinstance(row, int):
            found = self._lists.get(table)
            if found is not None:
                sheet, rows, columns = found
                if 0 <= row < len(rows) and col in columns:
                    return f"{sheet}!{col_letter(columns[col])}{rows[row]}"
                raise KeyError(key)
        else:
            form = self._forms.get(table)
            if form is not None:
                sheet, keys, columns = form
                at = keys.get(row)
                if at is not None and col in columns:
                    return f"{sheet}!{col_letter(columns[col])}{at}"
        return self._cells[key]

    def column_refs(self, table: str, col: str, indexes: list[int]) -> list[str] | None:
        """``sheet!A1`` of one column in many records of a list table; None when some are not all known here."""
        found = self._lists.get(table)
        if found is None or not indexes:
            return None
        sheet, rows, columns = found
        if col not in columns or min(indexes) < 0 or max(indexes) >= len(rows):
            return None
        prefix = f"{sheet}!{col_letter(columns[col])}"
        return [f"{prefix}{rows[index]}" for index in indexes]

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except (KeyError, TypeError, ValueError):
            return False
        return True

    def __iter__(self) -> Iterator[CellKey]:
        yield from self._cells
        for table, (_sheet, keys, columns) in self._forms.items():
            for key in keys:
                for col in columns:
                    yield (table, key, col)
        for table, (_sheet, rows, columns) in self._lists.items():
            for index in range(len(rows)):
                for col in columns:
                    yield (table, index, col)

    def __len__(self) -> int:
        return (len(self._cells) + sum(len(keys) * len(columns) for _s, keys, columns in self._forms.values())
                + sum(len(rows) * len(columns) for _s, rows, columns in self._lists.values()))


_KEYS: dict[str | None, str] = {}  # labels and headers recur in every workbook of a batch


def _key(text: str | None) -> str:
    found = _KEYS.get(text)
    if found is None:
        found = _SPACE.sub("", str(text or "")).replace("：", ":")
        if len(_KEYS) < 8192:
            _KEYS[text] = found
    return found


def cell_text(cell: RawCell | None) -> str | None:
    if cell is None or cell.value is None:
        return None
    return cell.value


def _number_value(cell: RawCell, column: Column) -> object:
    """A stored number as a Decimal; a percentage as it is shown (四舍五入 to its format's decimals).

    A cell holding 0.125 formatted ``0%`` shows 13% and is read as 13%; 0.0785 as ``0.0%`` reads 7.9%.
    Non-finite and absurdly large stored numbers are read issues (:func:`stored_number`).
    """
    value = stored_number(cell.value)
    # Excel and XlsxWriter store up to 17 significant digits (562.1799999999999); the shortest
    # repr of that double is the decimal that was typed (562.18).
    typed = Decimal(repr(float(value)))
    if column.fmt == "percent":
        return calc.round_half_up(typed, calc.percent_decimals(typed, cell.num_format) + 2)
    return typed.quantize(Decimal(1)) if typed == typed.to_integral_value() else typed


_NUMBERS: dict[tuple[str, str, str], Decimal] = {}  # (stored text, column format, number format) → figure


def _where(sheet: Sheet, row: int, col: int) -> str:
    return f"{sheet.name}!{col_letter(col)}{row}"


def _value(sheet: Sheet, row: int, col: int, column: Column, issues: list[str]) -> object:
    cell = sheet.cells.get((row, col))
    anchor = sheet.merge_anchor(row, col) if sheet.merged else None
    if anchor is not None:
        if column.numeric:
            issues.append(f"{_where(sheet, row, col)}：位于合并单元格中，已忽略（数值请填在合并区域左上角的单元格）")
            return None
        cell = sheet.get(*anchor)
    if cell is None or cell.value is None:
        return None
    kind = cell.kind
    if kind == "n" and column.numeric:  # the common case of long tables: a stored number, parsed once per text
        key = (cell.value, column.fmt, cell.num_format)
        figure = _NUMBERS.get(key)
        if figure is None:
            try:
                figure = _number_value(cell, column)
            except NumberError as exc:
                issues.append(f"{_where(sheet, row, col)}：{exc}，按空值处理")
                return None
            if len(_NUMBERS) < 100_000:
                _NUMBERS[key] = figure
        return figure
    if kind == "e":
        issues.append(f"{_where(sheet, row, col)}：单元格为错误值 {cell.value}")
        return None
    if not column.numeric:
        return cell.value
    where = _where(sheet, row, col)
    if kind == "b":
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


Top = list[tuple[int, list[tuple[int, RawCell]]]]  # rows 1–10: (row, [(col, cell), …]), both ascending


def _top_rows(sheet: Sheet, rows: dict[int, list[int]]) -> Top:
    """The filled cells of rows 1–10, row by row (where the header is looked for)."""
    return [(row, [(col, sheet.cells[(row, col)]) for col in rows[row]]) for row in range(1, 11) if row in rows]


_LABELS: dict[int, tuple[Table, dict[str, str], int]] = {}


def _header_labels(table: Table) -> tuple[dict[str, str], int]:
    """Header key → column key, and how many headers make a header row (made once per table)."""
    known = _LABELS.get(id(table))
    if known is not None and known[0] is table:
        return known[1], known[2]
    wanted = {_key(h): c.key for c in table.columns for h in c.headers}
    need = max(1, len(wanted) // 2)
    if len(_LABELS) < 1024:
        _LABELS[id(table)] = (table, wanted, need)
    return wanted, need


def _header(table: Table, top: Top) -> tuple[dict[str, int], int]:
    """Column key → sheet column, by header label (falls back to the schema position); and the header row.

    The columns come from the top row naming most headers (as text); the header row is the first
    row naming at least half of them (in any cell).
    """
    wanted, need = _header_labels(table)
    found: dict[str, int] = {}
    header: int | None = None
    keys_get = _KEYS.get  # _key's own first look-up, inline: rows 1–10 of thirty tables are a thousand cells
    for row, cells in top:
        hits = {}
        count = 0
        for c, cell in cells:
            key = keys_get(cell.value)
            if key is None:
                key = _key(cell.value)
            if key in wanted:
                count += 1
                if cell.kind == "s":
                    hits[wanted[key]] = c
        if len(hits) > len(found):
            found = hits
        if header is None and count >= need:
            header = row
    offset = 2 if table.is_form else 1
    for index, column in enumerate(table.columns):
        found.setdefault(column.key, index + offset)
    return found, HEADER_ROW if header is None else header


def read_table(sheet: Sheet, table: Table, data: Dataset, refs: dict[CellKey, str] | Refs, issues: list[str]) -> None:
    constants: list[str] = []  # computed cells holding a typed value instead of their formula
    if not table.is_form:
        read = _read_list_in_order(sheet, table, issues, constants)
        if read is not None:
            columns, records, rows_of_records = read
            _store_list(sheet, table, columns, records, rows_of_records, data, refs)
            _report_constants(sheet, constants, issues)
            return
    rows = sheet.rows()  # only filled rows are visited: a lone cell in row 1,000,000 costs one row, not a million
    columns, header = _header(table, _top_rows(sheet, rows))
    below = [row for row in rows if row > header]
    if table.is_form:
        _read_form(sheet, table, columns, below, data, refs, issues, constants)
    else:
        _read_list(sheet, table, columns, below, data, refs, issues, constants)
    _report_constants(sheet, constants, issues)


def _read_form(sheet: Sheet, table: Table, columns: dict[str, int], below: list[int], data: Dataset,
               refs: dict[CellKey, str] | Refs, issues: list[str], constants: list[str]) -> None:
    """The labelled rows of a form table; a row's computed cells are only checked for typed constants."""
    labels, plans = _form_plan(table)
    form: dict[str, dict[str, object]] = {}
    found: dict[str, int] = {}  # row key → sheet row (the last row of a label wins, as its values do)
    merged = _merged_rows(sheet) if sheet.merged else set()
    get = sheet.cells.get
    for row in below:
        label = cell_text(get((row, 1)))
        spec = labels.get(_key(label)) if label else None
        if spec is None:
            continue
        found[spec.key] = row
        values: dict[str, object] = {}
        plain = row not in merged  # no merged range crosses the row: a plain cell is read here, as _value reads it
        for key, column, computed, numeric, fmt in plans[spec.key]:
            col = columns[key]
            if computed:
                _note_constant(sheet, row, col, constants)
                continue
            if plain:
                cell = get((row, col))
                if cell is None or cell.value is None:
                    continue
                kind = cell.kind
                if kind == "n" and numeric:
                    value = _NUMBERS.get((cell.value, fmt, cell.num_format))
                    if value is None:
                        value = _value(sheet, row, col, column, issues)
                elif kind == "s" and not numeric:
                    value = cell.value
                else:
                    value = _value(sheet, row, col, column, issues)
            else:
                value = _value(sheet, row, col, column, issues)
            if value is not None:
                values[key] = value
        form[spec.key] = values
    if isinstance(refs, Refs):
        refs.add_form(table.key, sheet.name, found, {c.key: columns[c.key] for c in table.columns})
    else:
        for key, row in found.items():
            for column in table.columns:
                refs[(table.key, key, column.key)] = f"{sheet.name}!{col_letter(columns[column.key])}{row}"
    for spec in table.rows:
        if spec.key not in form:
            issues.append(f"{sheet.name}：找不到“{spec.label}”行")
    data[table.key] = {k: v for k, v in form.items() if v}


FormPlan = dict[str, list[tuple[str, Column, bool, bool, str]]]
_PLANS: dict[int, tuple[Table, dict[str, Row], FormPlan]] = {}


def _form_plan(table: Table) -> tuple[dict[str, Row], FormPlan]:
    """Rows by label key, and each row's columns: key, column, computed here, numeric, format (made once per table)."""
    known = _PLANS.get(id(table))
    if known is not None and known[0] is table:
        return known[1], known[2]
    labels = {_key(r.label): r for r in table.rows}
    plans = {
        r.key: [(c.key, c, table.formula(r, c) is not None, c.numeric, c.fmt) for c in table.columns]
        for r in table.rows
    }
    if len(_PLANS) < 1024:
        _PLANS[id(table)] = (table, labels, plans)
    return labels, plans


def _merged_rows(sheet: Sheet) -> set[int]:
    """Rows in which :meth:`Sheet.merge_anchor` may answer (merged ranges clipped to the filled rows, as it clips)."""
    return {row for r1, _c1, r2, _c2 in sheet.merged for row in range(r1, min(r2, sheet.max_row) + 1)}


def _read_list(sheet: Sheet, table: Table, columns: dict[str, int], below: list[int], data: Dataset,
               refs: dict[CellKey, str] | Refs, issues: list[str], constants: list[str]) -> None:
    """One record per filled row below the header, up to a 注： line, asking for each cell by address.

    The reading of a grid whose cells are not stored row by row (:func:`_read_list_in_order` reads
    the others, with the same result). Column positions are resolved once, and a cell is read inline
    when it is plain — a stored number already seen, or text, in a row no merged range crosses.
    Everything else (merged cells, errors, typed text in a number column, a number not yet parsed)
    goes through :func:`_value`, which reports it; issues keep the cell order.
    """
    inputs = [(c.key, columns[c.key], c, c.numeric, c.fmt) for c in table.columns if c.kind != "computed"]
    computed = [columns[c.key] for c in table.columns if c.kind == "computed"]
    merged = _merged_rows(sheet) if sheet.merged else set()
    get = sheet.cells.get
    numbers_get = _NUMBERS.get
    formulas_known = sheet.formulas_known
    records: list[dict[str, object]] = []
    rows_of_records: list[int] = []  # the sheet row of each record
    for row in below:
        first = get((row, 1))
        if first is not None and first.value and first.value.startswith("注："):
            break
        values: dict[str, object] = {}
        if row in merged:
            for key, col, column, _numeric, _fmt in inputs:
                value = _value(sheet, row, col, column, issues)
                if value is not None:
                    values[key] = value
        else:
            for key, col, column, numeric, fmt in inputs:
                cell = get((row, col))
                if cell is None or cell.value is None:
                    continue
                kind = cell.kind
                if numeric:
                    value = numbers_get((cell.value, fmt, cell.num_format)) if kind == "n" else None
                    if value is None:
                        value = _value(sheet, row, col, column, issues)
                elif kind == "e":
                    value = _value(sheet, row, col, column, issues)
                else:
                    value = cell.value
                if value is not None:
                    values[key] = value
        if not values or all(v == DASH for v in values.values()):
            continue
        for col in computed:
            cell = get((row, col))
            if formulas_known and cell is not None and cell.formula is None and cell.value not in (None, "", "—"):
                constants.append(f"{col_letter(col)}{row}")
        records.append(values)
        rows_of_records.append(row)
    _store_list(sheet, table, columns, records, rows_of_records, data, refs)


def _store_list(sheet: Sheet, table: Table, columns: dict[str, int], records: list[dict[str, object]],
                rows_of_records: list[int], data: Dataset, refs: dict[CellKey, str] | Refs) -> None:
    data[table.key] = records
    if isinstance(refs, Refs):
        refs.add_list(table.key, sheet.name, rows_of_records, {c.key: columns[c.key] for c in table.columns})
    else:
        for index, row in enumerate(rows_of_records):
            for column in table.columns:
                refs[(table.key, index, column.key)] = f"{sheet.name}!{col_letter(columns[column.key])}{row}"


ListRead = tuple[dict[str, int], list[dict[str, object]], list[int]]


def _read_list_in_order(sheet: Sheet, table: Table, issues: list[str], constants: list[str]) -> ListRead | None:
    """A list table read in one walk over the cells, when they are stored row by row, left to right.

    That is how the grid reader stores them, and walking ``cells.items()`` costs a fifth of asking
    for 200,000 × 15 cells by address. The result is :func:`_read_list`'s exactly: the header is
    found in the first cells, a cell is read as there (plain cells inline, the rest through
    :func:`_value`), and a row that a merged range crosses is read cell by cell as there. Answers None
    — having added no issue — when the cells are in another order (an xlwings grid, a test's) or the
    table's columns are not left to right on the sheet; :func:`_read_list` then reads the table.
    """
    cells = sheet.cells
    columns, header = _header(table, _top_in_order(cells))
    positions = [columns[c.key] for c in table.columns]
    if any(a >= b for a, b in zip(positions, positions[1:], strict=False)):
        return None
    texts, figures, by_col, inputs, computed = _column_kinds(table, columns)
    merged = _merged_rows(sheet) if sheet.merged else set()
    numbers_get, formulas_known = _NUMBERS.get, sheet.formulas_known
    issued, noted = len(issues), len(constants)
    records: list[dict[str, object]] = []
    rows_of_records: list[int] = []
    current, last_col = 0, 0
    values: dict[str, object] = {}
    pending: list[int] = []  # computed cells of the current row holding a typed constant
    slow = True  # the current row is read cell by cell (merged, or at or above the header)
    items = iter(cells.items())
    # One step per cell: this loop is the reader's cost on long tables, so it is written flat.
    # The sentinel after the last cell closes the last row like any other.
    for (row, col), cell in chain(items, _END):
        if row != current:
            if row < current:
                break  # not row by row: give up below
            if current > header:  # close the row before
                if slow:
                    values, pending = _read_row(sheet, current, inputs, columns, computed, issues)
                if values:
                    for value in values.values():
                        if value != DASH:  # a row of dashes only is no record
                            if pending:
                                constants.extend(f"{col_letter(c)}{current}" for c in pending)
                            records.append(values)
                            rows_of_records.append(current)
                            break
            if cell is None:
                return columns, records, rows_of_records
            current, last_col = row, 0
            values, pending = {}, []
            slow = row <= header or row in merged
            if col == 1 and row > header and cell.value and cell.value.startswith("注："):
                return _rest_in_order(items, (row, col), issues, issued, constants, noted,
                                      (columns, records, rows_of_records))
        if col <= last_col:
            break  # columns out of order
        last_col = col
        if slow:
            continue
        key = texts.get(col)
        if key is not None:  # a text column: the cell as stored (an error value is reported)
            if cell.kind == "e":
                _value(sheet, row, col, by_col[col], issues)
            elif cell.value is not None:
                values[key] = cell.value
            continue
        figure = figures.get(col)
        if figure is not None:  # a figure: parsed once per stored text and format
            if cell.value is None:
                continue
            value = numbers_get((cell.value, figure[1], cell.num_format)) if cell.kind == "n" else None
            if value is None:
                value = _value(sheet, row, col, by_col[col], issues)
            if value is not None:
                values[figure[0]] = value
        elif (col in by_col  # a computed column: its formula replaced by a typed value?
              and formulas_known and cell.formula is None and cell.value not in (None, "", "—")):
            pending.append(col)
    del issues[issued:], constants[noted:]
    return None


def _top_in_order(cells: dict[tuple[int, int], RawCell]) -> Top:
    """What :func:`_top_rows` gives, from cells stored row by row: one walk over rows 1–10, no lookup."""
    top: dict[int, list[tuple[int, RawCell]]] = {}
    for (row, col), cell in cells.items():
        if row > 10:
            break
        top.setdefault(row, []).append((col, cell))
    return [(row, top[row]) for row in range(1, 11) if row in top]


def _column_kinds(table: Table, columns: dict[str, int]) -> tuple[dict[int, str], dict[int, tuple[str, str]],
                                                                  dict[int, Column], list[Column], list[int]]:
    """Sheet column → key of a text column, → (key, format) of a figure, → its column; the input columns; the
    sheet columns of the computed ones."""
    inputs = [c for c in table.columns if c.kind != "computed"]
    return ({columns[c.key]: c.key for c in inputs if not c.numeric},
            {columns[c.key]: (c.key, c.fmt) for c in inputs if c.numeric},
            {columns[c.key]: c for c in table.columns}, inputs,
            [columns[c.key] for c in table.columns if c.kind == "computed"])


_END = (((1 << 62, 0), None),)  # a cell after every other


def _rest_in_order(items: Iterator[tuple[tuple[int, int], RawCell]], last: tuple[int, int], issues: list[str],
                   issued: int, constants: list[str], noted: int, read: ListRead) -> ListRead | None:
    """``read`` when the cells after a 注： line are still in order (else nothing, and no issue added)."""
    for key, _cell in items:
        if key <= last:
            del issues[issued:], constants[noted:]
            return None
        last = key
    return read


def _read_row(sheet: Sheet, row: int, inputs: list[Column], columns: dict[str, int], computed: list[int],
              issues: list[str]) -> tuple[dict[str, object], list[int]]:
    """One record's values read cell by cell (a row a merged range crosses), and its computed cells holding
    constants."""
    values: dict[str, object] = {}
    for column in inputs:
        value = _value(sheet, row, columns[column.key], column, issues)
        if value is not None:
            values[column.key] = value
    pending = []
    for col in computed:
        cell = sheet.get(row, col)
        if sheet.formulas_known and cell is not None and cell.formula is None and cell.value not in (None, "", "—"):
            pending.append(col)
    return values, pending


def _note_constant(sheet: Sheet, row: int, col: int, constants: list[str]) -> None:
    cell = sheet.get(row, col)
    if sheet.formulas_known and cell is not None and cell.formula is None and cell.value not in (None, "", "—"):
        constants.append(f"{col_letter(col)}{row}")


def _report_constants(sheet: Sheet, constants: list[str], issues: list[str]) -> None:
    """Computed cells whose formula was replaced by a typed value: the checks use the computed figure."""
    if constants:
        shown = "、".join(constants[:5]) + (f" 等 {len(constants)} 个" if len(constants) > 5 else "")
        issues.append(f"{sheet.name}!{shown}：计算单元格的公式已被数值或文字替换（发布版或手工改写），校验按公式重新计算")


def _has_figures(data: Dataset) -> bool:
    """Whether any table holds a figure (a blank template holds only the department's identity)."""
    for body in data.values():
        rows = body.values() if isinstance(body, dict) else body
        if any(isinstance(v, Decimal) for row in rows for v in row.values()):
            return True
    return False


def read_workbook(path: Path | str) -> ReadResult:
    """Read every input sheet of a workbook; raises ``ReadError`` only if the file cannot be opened."""
    path = Path(path)
    return read_sheets(read_grid(path, {t.sheet for t in TABLES}), str(path))


def read_sheets(sheets: dict[str, Sheet], source: str) -> ReadResult:
    """Read the input sheets from a grid (headless or from xlwings)."""
    with no_gc():
        return _read_sheets(sheets, source)


def _read_sheets(sheets: dict[str, Sheet], source: str) -> ReadResult:
    data: Dataset = {}
    refs = Refs()
    issues: list[str] = []
    missing: list[str] = []
    names: list[str] = list(getattr(sheets, "names", sheets))
    input_sheets = {t.sheet for t in TABLES}
    unused = [n for n in names if n not in input_sheets]
    seen: set[str] = set()
    for table in TABLES:
        sheet = sheets.get(table.sheet)
        if sheet is None:
            if table.sheet not in missing:
                missing.append(table.sheet)
            continue
        if table.sheet not in seen:
            seen.add(table.sheet)
            issues.extend(sheet.issues)
        read_table(sheet, table, data, refs, issues)
    findings = [missing_sheet_finding(name, unused) for name in missing]
    if not _has_figures(data):
        issues.append(NOTHING_TO_CHECK)
    return ReadResult(Book(data, refs, source=source), issues, missing, findings)
