"""The publication copy (导出发布版): every formula replaced by its value, no macros, no ribbon.

For reviewers and WPS users without the add-in. Done at zip level rather than
with openpyxl, so cell formats, column widths, merged cells and the summary
charts all survive: each ``<f>`` is dropped and the cached value kept (a
formula text result becomes an inline string); ``xl/vbaProject.bin``, the
ribbon part and the calculation chain are removed; the workbook's content type
becomes that of an ``.xlsx``.

The input is read as a workbook first (so a renamed Word file, a PDF or a part
with a DOCTYPE is refused, not copied). A formula saved without a cached value
(files written by a program that does not calculate) gets the value the check
engine computes for that cell; a value that is not a finite number, or text
with characters XML forbids, is never copied. Each of these is said in a note.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from budget_addin.core.numbers import NumberError, stored_number
from budget_addin.files.grid import ReadError, read_grid, refuse_doctypes, split_cell_ref
from budget_addin.files.guards import output
from budget_addin.files.package import RIBBON_REL_TYPE, atomic_write, rewrite
from budget_addin.files.parts import rels_name, resolve
from budget_addin.files.xlsx.base import MAIN, PKG_REL, TYPES, xml_bytes
from budget_addin.files.xlsx.workbook import read_members, sheet_names_by_part

if TYPE_CHECKING:
    from budget_addin.core.model import Book

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_C, _F, _V, _IS, _T = (f"{{{MAIN}}}{tag}" for tag in ("c", "f", "v", "is", "t"))
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

Computed = dict[tuple[int, int], object]  # (row, col) → the engine's value of a formula cell


class Tally:
    """What publishing had to do beyond copying, counted per kind for the notes."""

    def __init__(self) -> None:
        self.computed = self.blank = self.non_finite = self.numbers = 0


_TEXT_KINDS = frozenset({"s", "inlineStr", "str"})
_ROW, _COL, _COLS = (f"{{{MAIN}}}{tag}" for tag in ("row", "col", "cols"))


HEADER_ROW = 3  # the title and the department/unit line above it are kept whole


def _drop_columns(root: etree._Element, columns: frozenset[int]) -> bool:
    """Remove the cells of these (1-based) columns from the header row down, and hide the columns that hold
    nothing else (the 单位：万元 of row 2 may sit in one); True when something changed."""
    changed = False
    kept: set[int] = set()
    for row in root.iter(_ROW):
        for cell in list(row):
            position = split_cell_ref(cell.get("r") or "") if cell.tag == _C else None
            if position is None or position[1] not in columns:
                continue
            if position[0] < HEADER_ROW:
                kept.add(position[1])
            else:
                row.remove(cell)
                changed = True
    columns = columns - kept
    cols = root.find(_COLS)
    if cols is not None:
        for col in list(cols):
            first, last = int(col.get("min", "0")), int(col.get("max", "0"))
            inside = [c for c in range(first, last + 1) if c in columns]
            if not inside:
                continue
            cols.remove(col)  # split the range: the dropped columns hidden, the others as they were
            for start, end, hidden in _runs(first, last, columns):
                piece = etree.SubElement(cols, _COL, dict(col.attrib))
                piece.set("min", str(start))
                piece.set("max", str(end))
                if hidden:
                    piece.set("hidden", "1")
            changed = True
        cols[:] = sorted(cols, key=lambda c: int(c.get("min", "0")))
    return changed


def _runs(first: int, last: int, columns: frozenset[int]) -> list[tuple[int, int, bool]]:
    """``first..last`` cut into runs of columns that are all dropped or all kept."""
    runs: list[tuple[int, int, bool]] = []
    for c in range(first, last + 1):
        hidden = c in columns
        if runs and runs[-1][2] == hidden:
            runs[-1] = (runs[-1][0], c, hidden)
        else:
            runs.append((c, c, hidden))
    return runs


def _fill(cell: etree._Element, value: object) -> bool:
    """Write an engine value into a cell that had no cached value; False when there is none to write."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            return False
        cell.attrib.pop("t", None)
        etree.SubElement(cell, _V).text = (
            format(number.normalize(), "f") if number == number.to_integral_value() else str(number)
        )
        return True
    text = _XML_FORBIDDEN.sub("", str(value))
    if not text:
        return False
    cell.set("t", "inlineStr")
    etree.SubElement(etree.SubElement(cell, _IS), _T).text = text
    return True


_BOOL = {"0", "1"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?")
_KINDS = {"n", "s", "b", "e", "str", "inlineStr", "d"}


def _sound_value(kind: str, text: str, strings: int | None) -> bool:
    """Whether a stored value is what its cell type says (what Excel and openpyxl will accept)."""
    if kind == "n":
        try:
            stored_number(text)
        except NumberError:
            return False
        return True
    if kind == "s":
        return text.isascii() and text.isdigit() and (strings is None or int(text) < strings)
    if kind == "b":
        return text in _BOOL
    if kind == "d":
        return bool(_ISO_DATE.fullmatch(text))
    return True


def _sound_cell(cell: etree._Element, strings: int | None, styles: int | None, tally: Tally) -> bool:
    """Make one cell safe to publish: a valid reference, a known type, a style that exists, a sound value.

    Returns whether anything was changed (each dropped value is counted in ``tally``).
    """
    changed = False
    position = split_cell_ref(cell.get("r") or "")
    if cell.get("r") is not None:
        if position is None:
            del cell.attrib["r"]
        else:
            from budget_addin.core.layout import col_letter

            canonical = f"{col_letter(position[1])}{position[0]}"
            if canonical != cell.get("r"):
                cell.set("r", canonical)
                changed = True
    style = cell.get("s")
    if style is not None and not (style.isascii() and style.isdigit() and (styles is None or int(style) < styles)):
        del cell.attrib["s"]
        changed = True
    kind = cell.get("t", "n")
    if kind not in _KINDS:
        cell.set("t", "n")
        kind, changed = "n", True
    value = cell.find(_V)
    if value is not None and value.text is not None and not _sound_value(kind, value.text, strings):
        cell.remove(value)
        if kind != "str":
            cell.attrib.pop("t", None)
        tally.non_finite += 1
        changed = True
    return changed


def values_only(sheet_xml: bytes, computed: Computed | None = None, tally: Tally | None = None,
                strings: int | None = None, styles: int | None = None, numbers: Computed | None = None,
                dropped: frozenset[int] = frozenset()) -> bytes | None:
    """A worksheet part with every formula replaced by its cached value (None when nothing changed).

    A formula without a cached value takes its value from ``computed`` when the engine knows it,
    else the cell is left empty; a stored value its cell type does not allow (a number that is not
    finite, a shared-string index past ``strings``) is dropped, as is a style past ``styles``.
    A figure typed as text (``'1,800.00``) that ``numbers`` holds becomes that number; the cells of the
    ``dropped`` columns (1-based: the check columns) are removed and those columns hidden.
    """
    root = etree.fromstring(sheet_xml, _PARSER)
    computed = computed or {}
    numbers = numbers or {}
    tally = tally or Tally()
    changed = _drop_columns(root, dropped) if dropped else False
    for cell in root.iter(_C):
        changed = _sound_cell(cell, strings, styles, tally) or changed
        if numbers and cell.get("t") in _TEXT_KINDS and cell.find(_F) is None:
            position = split_cell_ref(cell.get("r") or "")
            number = numbers.get(position) if position is not None else None
            if isinstance(number, Decimal) and number.is_finite():
                for child in list(cell):
                    cell.remove(child)
                del cell.attrib["t"]
                etree.SubElement(cell, _V).text = format(number, "f")
                tally.numbers += 1
                changed = True
                continue
        formula = cell.find(_F)
        if formula is None:
            continue
        cell.remove(formula)
        changed = True
        value = cell.find(_V)
        if cell.get("t") == "str" and value is not None and value.text:  # a text result: kept as an inline string
            text = value.text
            cell.remove(value)
            cell.set("t", "inlineStr")
            etree.SubElement(etree.SubElement(cell, _IS), _T).text = text
        elif cell.get("t") == "str" and value is not None:  # a cached empty text
            cell.remove(value)
            del cell.attrib["t"]
        elif value is None or value.text is None:  # no cached result: the engine's, if it has one
            cell.attrib.pop("t", None)
            if value is not None:
                cell.remove(value)
            position = split_cell_ref(cell.get("r") or "")
            if position is not None and _fill(cell, computed.get(position)):
                tally.computed += 1
            else:
                tally.blank += 1
    return xml_bytes(root) if changed else None


CHECK_COLUMNS = ("check", "yoy_check")  # the verdict columns (✓ / ✗ 差 …): the preparer's, not the public's


def check_columns() -> dict[str, frozenset[int]]:
    """Sheet name → the 1-based columns of its check cells (校验, 同比校验)."""
    from budget_addin.core.layout import Layout
    from budget_addin.core.schema import TABLES

    layout = Layout({})
    found: dict[str, frozenset[int]] = {}
    for table in TABLES:
        keys = [c.key for c in table.columns if c.key in CHECK_COLUMNS]
        if keys:
            found[table.sheet] = frozenset(layout.column_index(table, k) for k in keys)
    return found


def typed_numbers(book: Book) -> dict[str, Computed]:
    """Sheet name → every figure of a numeric input column, by cell (to write a text-typed figure as a number)."""
    from budget_addin.core.schema import TABLES_BY_KEY

    found: dict[str, Computed] = {}
    for (table, row, col), ref in book._refs.items():
        spec = TABLES_BY_KEY[table]
        column = next((c for c in spec.columns if c.key == col), None)
        if column is None or column.kind != "input" or not column.numeric:
            continue
        number = book.number(table, row, col)
        sheet, _, address = ref.rpartition("!")
        position = split_cell_ref(address)
        if number is not None and position is not None:
            found.setdefault(sheet, {})[position] = number
    return found


def engine_values(src: Path) -> dict[str, Computed]:
    """Sheet name → the engine's value of every computed cell of the input tables (reads ``src``)."""
    from budget_addin.files.summarize import engine_values as values

    return values(src)


def publication_bytes(package: bytes, computed: dict[str, Computed] | None = None, tally: Tally | None = None,
                      numbers: dict[str, Computed] | None = None, dropped: dict[str, frozenset[int]] | None = None,
                      without: frozenset[str] = frozenset()) -> bytes:
    """The values-only, macro-free ``.xlsx`` package of an ``.xlsm``/``.xlsx`` package.

    ``numbers`` (sheet → cell → figure) turns figures typed as text into numbers, ``dropped`` (sheet →
    columns) removes the check columns, and the sheets named in ``without`` (xlwings.conf) are left out.
    """
    refuse_doctypes(package)
    members = read_members(package)
    computed = computed or {}
    numbers = numbers or {}
    dropped = dropped or {}
    names = sheet_names_by_part(members)
    counts = _string_and_style_counts(members)
    changes: dict[str, bytes | None] = {}
    root_rels = etree.fromstring(members["_rels/.rels"])
    workbook = "xl/workbook.xml"
    for rel in list(root_rels.iter(f"{{{PKG_REL}}}Relationship")):
        if rel.get("Type") == RIBBON_REL_TYPE:
            changes[resolve("", rel.get("Target", ""))] = None
            root_rels.remove(rel)
        elif rel.get("Type") == REL_OFFICE_DOCUMENT:
            workbook = resolve("", rel.get("Target", ""))
    for name in members:  # the ribbon's images and their relationships
        if name.startswith("customUI/"):
            changes[name] = None
    changes["_rels/.rels"] = xml_bytes(root_rels)

    workbook_rels = etree.fromstring(members[rels_name(workbook)])
    for rel in list(workbook_rels.iter(f"{{{PKG_REL}}}Relationship")):
        target = resolve(workbook, rel.get("Target", ""))
        if rel.get("Type") in {REL_VBA, REL_CALC_CHAIN}:
            changes[target] = None
            workbook_rels.remove(rel)
        elif rel.get("Type") == REL_WORKSHEET and names.get(target) in without:
            changes[target] = None
            if rels_name(target) in members:
                changes[rels_name(target)] = None
            workbook_rels.remove(rel)
            _remove_sheet(members, workbook, rel.get("Id", ""), changes)
        elif rel.get("Type") == REL_WORKSHEET and target in members:
            name = names.get(target, "")
            cleaned = values_only(members[target], computed.get(name, {}), tally, *counts, numbers=numbers.get(name),
                                  dropped=dropped.get(name, frozenset()))
            if cleaned is not None:
                changes[target] = cleaned
    changes[rels_name(workbook)] = xml_bytes(workbook_rels)

    types = etree.fromstring(members["[Content_Types].xml"])
    removed = {"/" + name for name, data in changes.items() if data is None}
    left_bins = [n for n in members if n.endswith(".bin") and changes.get(n, b"") is not None]
    for node in list(types):
        if node.tag == f"{{{TYPES}}}Override" and node.get("PartName") in removed:
            types.remove(node)
        elif node.tag == f"{{{TYPES}}}Override" and node.get("PartName") == "/" + workbook:
            node.set("ContentType", XLSX_MAIN)
        elif (node.tag == f"{{{TYPES}}}Default" and node.get("ContentType") == VBA_CONTENT_TYPE
              and not left_bins):
            types.remove(node)
    changes["[Content_Types].xml"] = xml_bytes(types)
    return rewrite(package, changes)


def _remove_sheet(members: dict[str, bytes], workbook: str, rel_id: str, changes: dict[str, bytes | None]) -> None:
    """Take a sheet out of the workbook part: its entry, its local defined names (later ones renumbered)."""
    root = etree.fromstring(changes.get(workbook) or members[workbook], _PARSER)
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    sheets = root.find(f"{{{MAIN}}}sheets")
    if sheets is None:
        return
    entries = list(sheets)
    index = next((i for i, s in enumerate(entries) if s.get(r_id) == rel_id), None)
    if index is None:
        return
    sheets.remove(entries[index])
    names = root.find(f"{{{MAIN}}}definedNames")
    for defined in list(names) if names is not None else []:
        local = defined.get("localSheetId")
        if local is not None and local.isdigit():
            if int(local) == index:
                names.remove(defined)  # type: ignore[union-attr]
            elif int(local) > index:
                defined.set("localSheetId", str(int(local) - 1))
    if names is not None and len(names) == 0:
        root.remove(names)
    for view in root.iter(f"{{{MAIN}}}workbookView"):
        for key in ("activeTab", "firstSheet"):
            if view.get(key, "0").isdigit() and int(view.get(key, "0")) >= len(sheets):
                view.set(key, "0")
    changes[workbook] = xml_bytes(root)


def _string_and_style_counts(members: dict[str, bytes]) -> tuple[int, int]:
    """How many shared strings and cell formats the package holds (none when the part is missing)."""
    main = f"{{{MAIN}}}"
    found = {"sharedStrings": "xl/sharedStrings.xml", "styles": "xl/styles.xml"}
    rels = members.get("xl/_rels/workbook.xml.rels")
    if rels is not None:
        for rel in etree.fromstring(rels, _PARSER).iter(f"{{{PKG_REL}}}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in found:
                found[kind] = resolve("xl/workbook.xml", rel.get("Target", ""))
    strings, styles = members.get(found["sharedStrings"]), members.get(found["styles"])
    n_strings = sum(1 for _ in etree.fromstring(strings, _PARSER).iter(main + "si")) if strings else 0
    n_styles = 0
    if styles:
        xfs = etree.fromstring(styles, _PARSER).find(main + "cellXfs")
        n_styles = len(xfs) if xfs is not None else 0
    return n_strings, n_styles


def publish(src: Path, out: Path, notes: list[str] | None = None) -> Path:
    """Write the publication copy of ``src`` to ``out`` (an ``.xlsx``), atomically.

    Raises :class:`~budget_addin.files.guards.Refused` (a ``ValueError``) for an output that is
    the input or not an ``.xlsx``, and ``ReadError`` for an input that is not a readable workbook.
    ``notes`` receives one Chinese sentence per thing done beyond copying.
    """
    src, out = Path(src), Path(out)
    output(out, "xlsx", [src])
    read_grid(src)  # the whole package, within the limits: refuses what is not a sound workbook
    tally = Tally()
    from budget_addin.core.schema import CONFIG_SHEET
    from budget_addin.files.reader import read_sheets
    from budget_addin.files.summarize import book_values, read_all

    book = read_sheets(read_all(src), str(src)).book
    try:
        data = publication_bytes(src.read_bytes(), book_values(book), tally, typed_numbers(book), check_columns(),
                                 frozenset({CONFIG_SHEET}))
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise ReadError(f"工作簿结构损坏，无法导出发布版：{src}") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, data)
    if notes is not None:
        if tally.computed:
            notes.append(
                f"{tally.computed} 个公式单元格没有保存计算结果（文件由不计算公式的程序保存），已填入本程序计算的值"
            )
        if tally.blank:
            notes.append(
                f"{tally.blank} 个公式单元格没有保存计算结果，本程序也无法计算，已留空：请在 Excel/WPS "
                "中打开、重算并保存后再导出"
            )
        if tally.numbers:
            notes.append(f"{tally.numbers} 个以文本形式输入的数字已按数值写入发布版")
        notes.append("发布版不含校验列（校验、同比校验）和 xlwings.conf 设置表")
        if tally.non_finite:
            notes.append(f"{tally.non_finite} 个单元格的值无效（非有限数、过大，或与单元格类型不符），未写入发布版")
    return out


__all__ = ["publish", "publication_bytes", "values_only", "engine_values", "check_columns", "typed_numbers", "Tally"]
