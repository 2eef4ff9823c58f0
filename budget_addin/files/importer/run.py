"""``budget-addin import``: tables, texts and workbooks into one dataset, with a Chinese report.

Sources are read in the order given. A workbook made by this tool (its sheets carry the
template's names and titles, as built or as published) is read sheet by sheet through the
reader; last year's workbook (its 预算年度 before ``--year``) starts the new year instead (see
:mod:`rollover`); any other table file is searched for the standard tables; a document goes to
the 情况说明 sheet. Every placed value keeps its source in :data:`Placer.sources`, written to the
数据来源 sheet; what could not be placed is listed there too and in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budget_addin.core.dataset import Dataset, blank_dataset, complete
from budget_addin.core.layout import col_letter
from budget_addin.core.model import Book
from budget_addin.core.schema import TABLES, TABLES_BY_KEY, TABLES_BY_SHEET, Table
from budget_addin.files.grid import ReadError, Sheet, read_grid
from budget_addin.files.guards import shown_name
from budget_addin.files.importer import aliases, locate, rollover, text
from budget_addin.files.importer.lists import CLASS_TABLES
from budget_addin.files.importer.place import place_table
from budget_addin.files.importer.placer import Placer, TableReport, Unplaced, shown_value
from budget_addin.files.importer.sources import Grid, docx_grids, grids_of, html_grids, read_grids
from budget_addin.files.reader import read_table

EXIT_OK, EXIT_NOT_PLACED, EXIT_UNREADABLE = 0, 1, 2
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class ImportResult:
    """The imported dataset and everything the report says."""

    data: Dataset
    placer: Placer
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status(self) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        if self.placer.unplaced or self.placer.conflicts:
            return EXIT_NOT_PLACED
        return EXIT_OK


def is_template_sheet(name: str, sheet: Sheet) -> bool:
    """A sheet of a workbook built by this tool: the template's sheet name and its title in A1."""
    table = TABLES_BY_SHEET.get(name)
    cell = sheet.get(1, 1)
    return table is not None and cell is not None and aliases.normal(cell.value) == aliases.normal(table.title)


def import_sources(paths: list[Path], name: str | None = None, code: str | None = None, year: str | None = None,
                   comparator: str | None = None) -> ImportResult:
    """Read every source into one dataset (the department's identity from the arguments first)."""
    data = blank_dataset(name or "", code or "", year or "", comparator)
    data["department"] = {k: v for k, v in data["department"].items() if v.get("value")}
    placer = Placer(data)
    result = ImportResult(data, placer)
    identities: list[tuple[str, str, str]] = []
    for path in paths:
        path = Path(path)
        try:
            _import_one(placer, path, year, identities)
        except ReadError as exc:
            result.unreadable.append((str(path), str(exc)))
        except FileNotFoundError:
            result.unreadable.append((str(path), f"找不到文件：{path}"))
    _identity(placer, identities)
    complete(data)
    data["sources"] = source_rows(data, placer)
    return result


def _pdf_grids(path: Path) -> list[Grid]:
    """The tables of a PDF, each with its title and unit lines above it (as a Word file's come)."""
    from budget_addin.files.published.pdf import pdf_grids

    return pdf_grids(path)


def _import_one(placer: Placer, path: Path, year: str | None, identities: list[tuple[str, str, str]]) -> None:
    suffix = path.suffix.lower()
    if text.is_document(path):
        text.place_document(placer, path)
        # the standard tables a 情况说明 carries, each under its title paragraph
        document_grids = docx_grids(path) if suffix == ".docx" else html_grids(path) if suffix in (".html", ".htm") \
            else _pdf_grids(path) if suffix == ".pdf" else []
        for grid in document_grids:
            for table in locate.find_tables(grid):
                place_table(placer, table)
        return
    if suffix in WORKBOOK_SUFFIXES:
        sheets = read_grid(path)
        template = {n: s for n, s in sheets.items() if is_template_sheet(n, s)}
        if TABLES_BY_KEY["department"].sheet not in template:  # a tool's workbook always has 部门基本信息
            template = {}
        if template:
            _place_template(placer, path, template, year)
        grids = grids_of(shown_name(path), {n: s for n, s in sheets.items() if n not in template})
    elif suffix in (".xls", ".csv"):
        grids = read_grids(path)
    else:
        raise ReadError(
            f"不支持的文件类型：{shown_name(path)}（表格请用 .xlsx/.xlsm/.xls/.csv，文字请用 .docx/.txt/.html/.pdf）"
        )
    for grid in grids:
        found = locate.find_tables(grid)
        if not found:
            figures = sum(1 for c in grid.cells.values() if isinstance(c.value, Decimal))
            if figures:
                report = TableReport("（未识别的表）", f"{grid.file} › {grid.sheet}" if grid.sheet else grid.file)
                report.figures = figures
                placer.reports.append(report)
                placer.leave(report, report.where, grid.sheet or grid.file, None,
                             f"没有找到标准表的标题（如 部门收支总表），其中 {figures} 个数字未读取")
            continue
        for table in found:
            if table.department:
                identities.append(("name", *table.department))
            # a 决算 table's year is another
            if not table.problem and (year := locate.year_of(table.title)) is not None:
                identities.append(("year", year, grid.where(table.title_row, 1) if table.title_row else table.where))
            place_table(placer, table)


def _identity(placer: Placer, found: list[tuple[str, str, str]]) -> None:
    """The department's name (unit lines) and year (titles) when not given and every table agrees."""
    department = placer.data.setdefault("department", {})
    report = TableReport("部门基本信息", "由各表的标题和单位行读取")
    for row in ("name", "year"):
        values = {value for key, value, _where in found if key == row}
        if row in department or not values:
            continue
        label = TABLES_BY_KEY["department"].row(row).label
        if len(values) == 1:
            where = next(w for key, _v, w in found if key == row)
            value = values.pop()
            placer.put(report, "department", row, "value", value, where, label, figure=False)
            report.notes.append(f"{label}：{value}（{where}）")
        else:
            report.notes.append(f"各表所写的{label}不一致（{'、'.join(sorted(values))}），未填，请在部门基本信息中填写")
    if report.notes:
        placer.reports.append(report)


def _place_template(placer: Placer, path: Path, sheets: dict[str, Sheet], year: str | None) -> None:
    """A workbook of this tool: every input sheet through the reader, cell for cell."""
    data: Dataset = {}
    refs: dict[tuple[str, str | int, str], str] = {}
    issues: list[str] = []
    for name, sheet in sheets.items():
        table = TABLES_BY_SHEET[name]
        if table.key != "sources":
            read_table(sheet, table, data, refs, issues)
    last_year = str(((data.get("department") or {}).get("year") or {}).get("value") or "").strip()
    if year and last_year.isdigit() and str(year).strip().isdigit() and int(last_year) < int(year):
        rollover.place_last_year(placer, shown_name(path), data, refs)
        return
    for table in TABLES:
        if table.key not in data or table.key == "sources":
            continue
        report = TableReport(table.sheet, f"{shown_name(path)} › {table.sheet}")
        placer.reports.append(report)
        body = data[table.key]
        if table.is_form:
            report.rows_read = len(body)
            for row_key, values in body.items():
                for col, value in values.items():
                    report.figures += _counts(table, col)
                    placer.put(
                        report,
                        table.key,
                        row_key,
                        col,
                        value,
                        f"{shown_name(path)} › {refs[(table.key, row_key, col)]}",
                        table.row(row_key).label,
                        _counts(table, col),
                    )
            continue
        report.rows_read = len(body)
        for index, record in enumerate(body):
            found = placer.class_row(table.key, record.get("code") or None, str(record.get("name") or "")) \
                if table.key in CLASS_TABLES else None
            if found is not None:
                target = found
            else:
                placer.data.setdefault(table.key, []).append({})
                target = len(placer.data[table.key]) - 1
            item = " ".join(str(record[k]) for k in ("code", "name") if record.get(k)) or f"第 {index + 1} 行"
            for col, value in record.items():
                report.figures += _counts(table, col)
                placer.put(
                    report,
                    table.key,
                    target,
                    col,
                    value,
                    f"{shown_name(path)} › {refs[(table.key, index, col)]}",
                    item,
                    _counts(table, col),
                )
    _unreadable_cells(placer, path, issues)


# Reader notices that lose no figure: a published copy's values in place of formulas, a row deleted.
_HARMLESS = ("计算单元格的公式已被", "找不到“")


def _unreadable_cells(placer: Placer, path: Path, issues: list[str]) -> None:
    """Cells of a tool's workbook the reader could not take (text in a number cell …): not placed."""
    lost = [i for i in issues if not any(mark in i for mark in _HARMLESS)]
    if lost:
        report = TableReport("无法读取的单元格", shown_name(path))
        placer.reports.append(report)
        for issue in lost:
            where, _, why = issue.partition("：")
            report.figures += 1
            placer.leave(report, f"{shown_name(path)} › {where}", "", None, why or issue)


def _counts(table: Table, col: str) -> bool:
    return table.column(col).numeric


# -- the 数据来源 sheet ---------------------------------------------------------------------------

def shown(table: Table, col: str, value: object) -> str:
    """A value as the 数据来源 sheet lists it (rates as percentages)."""
    if isinstance(value, Decimal) and table.column(col).fmt == "percent":
        return f"{value.scaleb(2).normalize():f}%"
    return shown_value(value)


def source_rows(data: Dataset, placer: Placer) -> list[dict[str, object]]:
    """One row per placed value (target cell → source), then every value not placed and why."""
    book = Book(data)
    rows: list[dict[str, object]] = []
    order = {t.key: i for i, t in enumerate(TABLES)}
    columns = {t.key: {c.key: i for i, c in enumerate(t.columns)} for t in TABLES}
    letters = {(t.key, c.key): col_letter(book.layout.column_index(t, c.key)) for t in TABLES for c in t.columns}
    keys = sorted(
        placer.sources, key=lambda k: (order[k[0]], _row_order(TABLES_BY_KEY[k[0]], k[1]), columns[k[0]][k[2]])
    )
    items: dict[tuple[str, str | int], str] = {}
    for table_key, row, col in keys:
        table = TABLES_BY_KEY[table_key]
        value = _value(data, table, row, col)
        if value is None:
            continue
        if (table_key, row) not in items:
            items[(table_key, row)] = _item(data, table, row)
        ref = f"{table.sheet}!{letters[(table_key, col)]}{book.layout.row_index(table, row)}"
        rows.append({"cell": ref, "item": f"{items[(table_key, row)]}·{table.column(col).label}",
                     "value": shown(table, col, value), "source": placer.sources[(table_key, row, col)]})
    for kind, entries in (("未放入", placer.unplaced), ("冲突，未采用", placer.conflicts)):
        rows.extend(_listed(kind, e) for e in entries)
    return rows


def _listed(kind: str, entry: Unplaced) -> dict[str, object]:
    record: dict[str, object] = {"item": entry.item, "source": entry.where, "note": f"{kind}：{entry.reason}"}
    if entry.value is not None:
        record["value"] = shown_value(entry.value)
    return record


def _row_order(table: Table, row: str | int) -> int:
    if isinstance(row, int):
        return row
    return [r.key for r in table.rows].index(row)


def _value(data: Dataset, table: Table, row: str | int, col: str) -> object:
    body = data.get(table.key)
    if isinstance(body, dict):
        return (body.get(row) or {}).get(col)
    if isinstance(body, list) and isinstance(row, int) and row < len(body):
        return body[row].get(col)
    return None


def _item(data: Dataset, table: Table, row: str | int) -> str:
    if isinstance(row, str):
        return f"{table.sheet}·{aliases.bare_label(table.row(row).label)}"
    record = data[table.key][row]
    name = " ".join(str(record[k]) for k in ("code", "name", "project", "item", "parent") if record.get(k))
    return f"{table.sheet}·{name or f'第 {row + 1} 行'}"


# -- the report -----------------------------------------------------------------------------------

def render(result: ImportResult, out: Path | None = None) -> str:
    """The Chinese import report: per table, rows read, figures placed, not placed and why; conflicts."""
    placer = result.placer
    lines = ["导入报告" + (f"：{out}" if out else "")]
    placed = sum(r.placed for r in placer.reports)
    figures = sum(r.figures for r in placer.reports)
    lines.append(
        f"共读取 {figures} 个数字，放入 {placed} 个；未放入 {len(placer.unplaced)} 项，冲突 "
        f"{len(placer.conflicts)} 项；"
        f"无法读取的文件 {len(result.unreadable)} 个。"
    )
    for report in placer.reports:
        lines.append("")
        lines.append(f"【{report.name}】{report.where}")
        if report.rows_read or report.figures:
            lines.append(f"  读取 {report.rows_read} 行、{report.figures} 个数字，放入 {report.placed} 个")
        lines.extend(f"  说明：{n}" for n in report.notes)
        if report.not_placed:
            lines.append(f"  未放入 {len(report.not_placed)} 项：")
            lines.extend(f"    {n}" for n in report.not_placed)
        if report.conflicts:
            lines.append(f"  冲突 {len(report.conflicts)} 项（保留先读到的数，未覆盖）：")
            lines.extend(f"    {n}" for n in report.conflicts)
    for path, why in result.unreadable:
        lines.append("")
        lines.append(f"【无法读取】{path}：{why}")
    lines.append("")
    lines.append("每个数字的来源见工作簿的“数据来源”表。")
    return "\n".join(lines)
