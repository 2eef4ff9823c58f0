"""Where each schema cell sits on its sheet, and formula templates made concrete.

Form tables: column A holds row labels, schema columns follow from B. List
tables: schema columns from A, one record per row from ``FIRST_DATA_ROW``.
The number of records of a list table is part of the layout (``counts``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from budget_addin.core.schema import FIRST_DATA_ROW, LABEL, TABLES_BY_KEY, Row, Table

_TOKEN = re.compile(r"\{(?:(?P<table>[a-z_]+)!)?(?P<col>[a-z_0-9]+)(?:@(?P<rows>[a-z_0-9*]+(?::[a-z_0-9]+)?))?\}")


_REF = re.compile(r"([A-Z]+)(\d+)")


def split_ref(ref: str) -> tuple[int, int]:
    """``C5`` → (5, 3)."""
    match = _REF.fullmatch(ref)
    if not match:
        raise ValueError(ref)
    letters, digits = match.groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col


@lru_cache(maxsize=4096)
def col_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_sheet(name: str) -> str:
    """A sheet name as formulas write it."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class Layout:
    """Positions of every table's cells given the record counts of list tables."""

    counts: Mapping[str, int]

    def column_index(self, table: Table, col_key: str) -> int:
        """1-based column of a schema column (form tables: label is column 1)."""
        if table.is_form:
            if col_key == LABEL:
                return 1
            return 2 + [c.key for c in table.columns].index(col_key)
        return 1 + [c.key for c in table.columns].index(col_key)

    def row_index(self, table: Table, row_key: str | int) -> int:
        """1-based sheet row of a form row key, or of a list record number (0-based)."""
        if isinstance(row_key, int):
            return FIRST_DATA_ROW + row_key
        return FIRST_DATA_ROW + [r.key for r in table.rows].index(row_key)

    def n_rows(self, table: Table) -> int:
        return len(table.rows) if table.is_form else self.counts.get(table.key, 0)

    def address(self, table: Table, row_key: str | int, col_key: str) -> str:
        """``C5`` of a cell."""
        return f"{col_letter(self.column_index(table, col_key))}{self.row_index(table, row_key)}"

    def ref(self, table: Table, row_key: str | int, col_key: str) -> str:
        """``收入支出!C5``: how findings name a cell."""
        return f"{table.sheet}!{self.address(table, row_key, col_key)}"

    def resolve(self, template: str, table: Table, row: Row | int) -> str:
        """Turn a formula template into an A1 formula for the cell in ``row``."""

        def replace(match: re.Match[str]) -> str:
            target = TABLES_BY_KEY[match["table"]] if match["table"] else table
            col = match["col"]
            rows = match["rows"]
            prefix = quote_sheet(target.sheet) + "!" if target is not table else ""
            column = col_letter(self.column_index(target, col))
            if rows is None:
                here = row.key if isinstance(row, Row) else row
                return f"{prefix}{column}{self.row_index(target, here)}"
            if rows == "*":
                first = FIRST_DATA_ROW
                last = FIRST_DATA_ROW + max(self.n_rows(target), 1) - 1
                return f"{prefix}{column}{first}:{column}{last}"
            if ":" in rows:
                a, b = rows.split(":")
                return f"{prefix}{column}{self.row_index(target, a)}:{column}{self.row_index(target, b)}"
            return f"{prefix}{column}{self.row_index(target, rows)}"

        return _TOKEN.sub(replace, template)
