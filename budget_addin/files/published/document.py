"""One published file of any form read into its tables, numbered in document order.

``.pdf`` through :mod:`budget_addin.files.published.pdf` (its tables' grids, each from the page it starts on,
a table continued over pages joined there),
``.docx`` and ``.html`` through the importer's document grids (each table with the lines above it),
``.xlsx``/``.xlsm`` with every number as its cell's format prints it (``#,##0.00`` → ``1,234.50``),
``.xls`` and ``.csv`` as the importer reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from budget_addin.core.published import Table
from budget_addin.files.grid import ReadError, read_grid
from budget_addin.files.importer.sources import Cell, Grid, docx_grids, grids_of, html_grids, read_grids
from budget_addin.files.published.tables import tables_of
from budget_addin.narrative.paragraphs import Paragraph

if TYPE_CHECKING:
    from budget_addin.files.published.pdf import PdfPages

SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".xlsx", ".xlsm", ".xls", ".csv")


def read_tables(path: Path) -> list[Table]:
    """Every table of a published file, numbered from 1 in document order (raises ReadError, Chinese reason)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(f"无法读取 {path.name} 中的表格：文件类型应为 {' '.join(SUFFIXES)}")
    if not path.is_file():
        raise ReadError(f"找不到文件：{path}")
    if suffix == ".pdf":
        return _pdf_tables(path)
    if suffix == ".docx":
        grids = docx_grids(path)
    elif suffix in (".html", ".htm"):
        grids = html_grids(path)
    elif suffix in (".xlsx", ".xlsm"):
        grids = printed_grids(path)
    else:
        grids = read_grids(path)
    return tables_of(grids)


def _pdf_tables(path: Path) -> list[Table]:
    from budget_addin.files.published.pdf import read_pdf  # the PDF reader, imported only for a PDF

    return _tables_of_pages(read_pdf(path))


def _tables_of_pages(pages: PdfPages) -> list[Table]:
    tables: list[Table] = []
    for item in pages.tables:  # a table continued over pages comes as one grid
        offset = tables[-1].number if tables else 0
        for table in tables_of([item.grid]):
            table.number += offset
            table.page = item.page or table.page
            table.problem = item.problem or table.problem  # the page's reading comes first: a cut table is not judged
            tables.append(table)
    return tables


@dataclass
class PublishedDocument:
    """A published disclosure read whole: its prose, its tables and, for a PDF, its page model (every
    character's and cell's box, for an annotated copy)."""

    paragraphs: list[Paragraph]
    tables: list[Table]
    pages: PdfPages | None = None


def read_document(path: Path) -> PublishedDocument:
    """The prose and the tables of a .txt/.docx/.html/.pdf, each file read once (raises ReadError, Chinese).

    A document of tables only (a PDF of the 公开表 alone) has no paragraphs; one with neither is refused."""
    from budget_addin.files.documents import DocumentError, read_paragraphs

    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from budget_addin.files.published.pdf import read_pdf

        pages = read_pdf(path)
        document = PublishedDocument(pages.paragraphs, _tables_of_pages(pages), pages)
    else:
        tables = read_tables(path) if path.suffix.lower() in SUFFIXES else []
        try:
            paragraphs = read_paragraphs(path)
        except DocumentError:
            if not tables:
                raise
            paragraphs = []
        document = PublishedDocument(paragraphs, tables)
    if not document.paragraphs and not document.tables:
        raise DocumentError(f"{path.name} 中没有文字")
    return document


def printed_grids(path: Path) -> list[Grid]:
    """The sheets of a workbook with each stored number replaced by its text as the cell's format shows it."""
    sheets = read_grid(path)
    grids = grids_of(path.name, sheets)
    for grid in grids:
        raw_cells = sheets[grid.sheet].cells
        for position, cell in list(grid.cells.items()):
            if isinstance(cell.value, Decimal):
                raw = raw_cells.get(position)
                grid.cells[position] = Cell(printed(cell.value, raw.num_format if raw is not None else "General"))
        grid._rows = None  # the cells changed: index the rows anew
    return grids


_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')


def printed(value: Decimal, number_format: str) -> str:
    """A stored number as a number format shows it (``0.00%`` → ``12.39%``; a zero section ``"-"`` → ``-``)."""
    sections = number_format.split(";")
    section = sections[0]
    if value == 0 and len(sections) >= 3:
        section = sections[2]
        if "0" not in _QUOTED.sub("", section):  # ``"-"`` or an accounting ``"-"??``: a mark, no digits
            return re.sub(r'[_*\\].|["\[\]?#]', "", section).strip() or "0"
    elif value < 0 and len(sections) >= 2:
        section = sections[1]
    if section.strip().lower() in ("general", "@", ""):
        return _plain(value)
    body = _QUOTED.sub("", section)
    if re.search(r"[ymdhs]", body, re.IGNORECASE) and not re.search(r"[0#?]", body):
        return _date(value)
    percent = "%" in body
    shown = value.scaleb(2) if percent else value
    decimals = len(m.group(1)) if (m := re.search(r"\.([0#?]+)", body)) else 0
    grouped = "," in body.split(".")[0]
    rounded = shown.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}" if grouped else f"{abs(rounded):.{decimals}f}"
    width = len(re.sub(r"[^0]", "", body.split(".")[0]))  # 款 01 under format 00
    if not grouped and width > 1 and decimals == 0:
        text = text.zfill(width)
    text += "%" if percent else ""
    if rounded < 0 and len(sections) >= 2 and "(" in body:
        return f"({text})"
    return f"-{text}" if rounded < 0 and (len(sections) < 2 or "-" in body) else text


def _date(value: Decimal) -> str:
    """A date cell as a date (Excel's day count from 1899-12-30), never a figure."""
    from datetime import datetime, timedelta

    try:
        return (datetime(1899, 12, 30) + timedelta(days=float(value))).strftime("%Y-%m-%d")
    except (OverflowError, ValueError):
        return _plain(value)


def _plain(value: Decimal) -> str:
    """A number under the General format: as stored, without an exponent."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# -- the tables as a reviewer takes them: text, JSON, a workbook ------------------------------------

def as_json(tables: list[Table]) -> list[dict[str, object]]:
    """The tables as plain JSON data; figures as strings, so their decimals stay exact."""
    return [{
        "number": t.number, "title": t.title, "page": t.page, "sheet": t.sheet, "unit": t.unit, "scope": t.scope,
        "part": t.part, "problem": t.problem,
        "columns": [{"index": c.index, "path": list(c.path), "unit": c.unit} for c in t.columns],
        "rows": [{"index": r.index, "label": r.label, "code": r.code,
                  "figures": {str(i): {"value": None if f.value is None else str(f.value), "text": f.text}
                              for i, f in sorted(r.figures.items())}} for r in t.rows],
    } for t in tables]


def _heading(table: Table) -> str:
    return f"表{table.number} {table.title}" + (f"（{table.part}）" if table.part else "")


def _place(table: Table) -> str:
    return f"第{table.page}页" if table.page else (table.sheet or "—")


def render_text(tables: list[Table], source: str = "") -> str:
    """Each table: title, place, unit, scope, header paths, then its rows (label, code, figures by column)."""
    lines = [f"{source}：共读出 {len({t.number for t in tables})} 张表" if source else ""]
    for table in tables:
        lines += ["", _heading(table), f"  位置：{_place(table)}　单位：{table.unit}　范围：{table.scope}"]
        if table.problem:
            lines.append(f"  问题：{table.problem}（其数字不作判断）")
        lines.append("  栏目：" + ("；".join(f"{c.index} {c.name}" + (f"（{c.unit}）" if c.unit else "")
                                          for c in table.columns) or "（无）"))
        for row in table.rows:
            cells = "；".join(f"{i}={f.text or '空'}" for i, f in sorted(row.figures.items()))
            name = " ".join(part for part in (row.code, row.label) if part) or "（无标签）"
            lines.append(f"  {row.index:>3} {name}：{cells}")
    return "\n".join(lines).strip("\n")


_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def xlsx_bytes(tables: list[Table]) -> bytes:
    """A workbook of the tables, one sheet each: title, place, header rows, then rows with figures as numbers."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    formats: dict[str, object] = {}
    used: set[str] = set()
    for table in tables:
        name = _SHEET_NAME.sub("", f"表{table.number}" + (f"-{table.part}" if table.part else ""))[:31]
        while name.lower() in used:
            name = f"{name[:28]}-{len(used)}"
        used.add(name.lower())
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, table.title, bold)
        sheet.write(1, 0, f"位置：{_place(table)}　单位：{table.unit}　范围：{table.scope}"
                    + (f"　问题：{table.problem}" if table.problem else ""))
        depth = max((len(c.path) for c in table.columns), default=1)
        for level in range(depth):
            sheet.write_row(2 + level, 0, ["行", "编码", "项目"] if level == depth - 1 else ["", "", ""], bold)
            for j, column in enumerate(table.columns):
                if level < len(column.path):
                    sheet.write(2 + level, 3 + j, column.path[level], bold)
        top = 2 + depth
        for i, row in enumerate(table.rows):
            sheet.write_row(top + i, 0, [row.index, row.code, row.label])
            for j, column in enumerate(table.columns):
                figure = row.figures.get(column.index)
                if figure is None or (figure.value is None and not figure.text):
                    continue
                if figure.value is None:
                    sheet.write_string(top + i, 3 + j, figure.text)
                    continue
                percent = column.unit == "%" or figure.text.endswith(("%", "％"))
                pattern = ("#,##0" if "," in figure.text else "0") + (
                    "." + "0" * figure.decimals if figure.decimals else ""
                )
                pattern += "%" if percent else ""
                if pattern not in formats:
                    formats[pattern] = book.add_format({"num_format": pattern})
                number = figure.value.scaleb(-2) if percent else figure.value
                sheet.write_number(top + i, 3 + j, float(number), formats[pattern])
        sheet.set_column(2, 2, 28)
        sheet.set_column(3, 3 + max(len(table.columns) - 1, 0), 14)
    book.close()
    return buffer.getvalue()
