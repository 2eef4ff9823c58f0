"""The records of a long list table as rows of sheet XML, spliced into the sheet XlsxWriter wrote.

XlsxWriter costs about 10 µs a cell (a tuple per cell, then a shared string and an XML element each
when the file is closed): a CSV of 100,000 rows imports into 1.8 million cells (the list and its
数据来源), 25 s of writing. Records of a list longer than :data:`LONG_LIST` are written here instead,
with XlsxWriter's own escaping and the same cell types, formats and cached values, as inline strings;
``tests/test_build_writer.py`` reads both writers' output back and finds every cell alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_rowcol_to_cell_fast
from xlsxwriter.xmlwriter import XMLwriter

#: Records from which a list table is written as XML rows rather than cell by cell through XlsxWriter.
LONG_LIST = 2000
_STRING_MAX = 32767  # Excel's longest cell text, as XlsxWriter truncates it
_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
_escape = XMLwriter()._escape_data  # XlsxWriter's escaping, so both writers escape alike
_control = XMLwriter._escape_control_characters
_CONTROL = re.compile("_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")  # what _control changes


def _ref(row: int, col: int, fmt: Format) -> str:
    # _get_xf_index registers the format in the workbook's styles, as XlsxWriter does for each cell it writes
    return f'r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"'


def blank(row: int, col: int, fmt: Format) -> str:
    return f"<c {_ref(row, col, fmt)}/>"


def number(row: int, col: int, value: float, fmt: Format) -> str:
    return f"<c {_ref(row, col, fmt)}><v>{value:.16G}</v></c>"


def string(row: int, col: int, text: str, fmt: Format) -> str:
    if len(text) > _STRING_MAX // 2 and _utf16_len(text) > _STRING_MAX:
        text = _utf16_truncate(text, _STRING_MAX)
    if _CONTROL.search(text):  # one search instead of _control's three passes over every text (2 s a million)
        text = _control(text)
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f'<c {_ref(row, col, fmt)} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def formula_body(text: str) -> str:
    """A formula as a sheet stores it: without its ``=``."""
    return text[1:] if text.startswith("=") else text


def formula(row: int, col: int, text: str, cached: object, fmt: Format) -> str:
    """A formula with its cached result typed as XlsxWriter and Excel type it."""
    kind = ""
    if isinstance(cached, bool):
        kind, cached = ' t="b"', int(cached)
    elif isinstance(cached, str):
        kind = ' t="e"' if cached in _ERRORS else ' t="str"'  # an empty text too (FormulaSheet)
    return f"<c {_ref(row, col, fmt)}{kind}><f>{_escape(formula_body(text))}</f><v>{_escape(str(cached))}</v></c>"


def row_xml(row: int, cells: Iterable[str]) -> str:
    return f'<row r="{row + 1}">{"".join(cells)}</row>'


_ROW_END = re.compile(rb"</row>")


def splice(sheet: bytes, after_row: int, rows: Sequence[str]) -> bytes:
    """The sheet's XML with ``rows`` placed after its row ``after_row`` (1-based; the header row)."""
    start = sheet.index(f'<row r="{after_row}"'.encode())
    end = _ROW_END.search(sheet, start)
    assert end is not None, "XlsxWriter closes every row it opens"
    return sheet[: end.end()] + "".join(rows).encode("utf-8") + sheet[end.end():]
