"""How much an input may hold before it is refused: workbooks (zip bombs, giant sheets), Word files,
web pages, CSV, .xls and PDF.

Every limit is a setting with a default far above a real disclosure (the seed
workbook unpacks to 0.26 MB in 40 parts, compression ratio at most 11). A setting can be raised for one
run through an environment variable, e.g. ``BUDGET_ADDIN_MAX_PART_MB=500``:

=============================  ==========  =================================================
environment variable           default     what it bounds
=============================  ==========  =================================================
BUDGET_ADDIN_MAX_FILE_MB       200         size of the file on disk
BUDGET_ADDIN_MAX_PART_MB       256         uncompressed size of one part (e.g. one sheet)
BUDGET_ADDIN_MAX_TOTAL_MB      512         uncompressed size of the whole package
BUDGET_ADDIN_MAX_RATIO         200         compression ratio of a part larger than 1 MB
BUDGET_ADDIN_MAX_PARTS         5000        number of parts in the package
BUDGET_ADDIN_MAX_ROWS          1048576     row number of a cell (Excel's own limit)
BUDGET_ADDIN_MAX_COLUMNS       16384       column number of a cell (Excel's own limit, XFD)
BUDGET_ADDIN_MAX_CELLS         5000000     filled cells (and shared strings) read from a workbook
BUDGET_ADDIN_MAX_FIELD_KB      1024        one CSV field
BUDGET_ADDIN_MAX_ELEMENTS      2000000     elements of a web page
BUDGET_ADDIN_MAX_DEPTH         20000       nesting depth of a web page
BUDGET_ADDIN_MAX_SPAN          1000        rowspan/colspan of an HTML cell, gridSpan of a Word cell
BUDGET_ADDIN_MAX_PDF_PAGES     2000        pages of a PDF
BUDGET_ADDIN_MAX_PDF_CHARS     2000000     characters of a PDF's text layer (read at about 7 µs a character)
BUDGET_ADDIN_MAX_TEXT_CHARS    2000000     characters of a document's prose (.txt/.docx/.html/.pdf)
=============================  ==========  =================================================

File size, part size, total, ratio and parts bound every zip package (.xlsx/.xlsm/.docx); file
size bounds every other file (.xls, .csv, .txt, .html, .pdf); rows and cells bound CSV and .xls
tables as they do workbooks; a document's prose is bounded before any check reads it (the checks take
about 5 µs a character, so the default stays under 15 s and 300 MB). A refusal is a :class:`LimitExceeded` whose
Chinese message names the limit and its environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

MB = 1024 * 1024
RATIO_FLOOR = MB  # parts smaller than this are never judged by their compression ratio


@dataclass(frozen=True)
class Limits:
    """Bounds on reading one workbook; see the module docstring for the settings."""

    max_file_mb: int = 200
    max_part_mb: int = 256
    max_total_mb: int = 512
    max_ratio: int = 200
    max_parts: int = 5000
    max_rows: int = 1_048_576
    max_columns: int = 16_384
    max_cells: int = 5_000_000
    max_field_kb: int = 1024
    max_elements: int = 2_000_000
    max_depth: int = 20_000
    max_span: int = 1000
    max_pdf_pages: int = 2000
    max_pdf_chars: int = 2_000_000
    max_text_chars: int = 2_000_000


LIMIT_NAMES = {
    "max_file_mb": "文件大小上限 {} MB",
    "max_part_mb": "单个部件解压后大小上限 {} MB",
    "max_total_mb": "整个文件解压后大小上限 {} MB",
    "max_ratio": "压缩比上限 {} 倍",
    "max_parts": "部件数量上限 {} 个",
    "max_rows": "行号上限 {}",
    "max_columns": "列号上限 {}",
    "max_cells": "单元格数量上限 {} 个",
    "max_field_kb": "单个 CSV 字段大小上限 {} KB",
    "max_elements": "网页元素数量上限 {} 个",
    "max_depth": "网页嵌套层数上限 {} 层",
    "max_span": "单元格合并跨度上限 {}",
    "max_pdf_pages": "PDF 页数上限 {} 页",
    "max_pdf_chars": "PDF 文字数量上限 {} 字",
    "max_text_chars": "文档文字数量上限 {} 字",
}


class LimitExceeded(ValueError):  # noqa: N818 - reads as a verdict
    """An input past a limit; the message is Chinese and names the limit and its setting.

    Readers turn it into their own ``ReadError`` (the files layer's, exit 2) with the file's name.
    """


def env_name(field_name: str) -> str:
    """``max_part_mb`` → ``BUDGET_ADDIN_MAX_PART_MB``."""
    return "BUDGET_ADDIN_" + field_name.upper()


def current() -> Limits:
    """The limits in force: defaults, each overridable by its environment variable (a positive integer)."""
    values: dict[str, int] = {}
    for item in fields(Limits):
        raw = os.environ.get(env_name(item.name), "").strip()
        if raw.isdigit() and int(raw) > 0:
            values[item.name] = int(raw)
    return Limits(**values)


def describe(name: str, limits: Limits) -> str:
    """A limit in Chinese with its value and how to raise it."""
    return f"{LIMIT_NAMES[name].format(getattr(limits, name))}（可用环境变量 {env_name(name)} 调整）"


def refuse(what: str, name: str, limits: Limits) -> LimitExceeded:
    """The refusal of ``what`` (e.g. ``文件 20 MB``) past the limit ``name``."""
    return LimitExceeded(f"{what}，超过{describe(name, limits)}")


def check_file_size(size: int, limits: Limits | None = None) -> None:
    """Refuse a file larger than ``max_file_mb`` before any of it is read."""
    limits = limits or current()
    if size > limits.max_file_mb * MB:
        raise refuse(f"文件过大（{size / MB:.0f} MB）", "max_file_mb", limits)


def check_pdf(pages: int, chars: int, limits: Limits | None = None) -> None:
    """Refuse a PDF of more pages, or more characters in its text layer, than the limits allow.

    A reader calls it with the page count before reading any page (``chars`` 0), and again with
    the characters read so far when it wants to stop early.
    """
    limits = limits or current()
    if pages > limits.max_pdf_pages:
        raise refuse(f"PDF 共 {pages} 页", "max_pdf_pages", limits)
    if chars > limits.max_pdf_chars:
        raise refuse(f"PDF 文字层超过 {chars} 字", "max_pdf_chars", limits)


__all__ = ["Limits", "LIMIT_NAMES", "LimitExceeded", "MB", "RATIO_FLOOR", "check_file_size", "check_pdf", "current",
           "describe", "env_name", "refuse"]


def check_text(chars: int, limits: Limits | None = None) -> None:
    """Refuse a document whose prose holds more characters than ``max_text_chars``."""
    limits = limits or current()
    if chars > limits.max_text_chars:
        raise refuse(f"文档文字超过 {chars} 字", "max_text_chars", limits)
