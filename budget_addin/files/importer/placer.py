"""The dataset being filled by an import: every value with its source, what was left and why.

:meth:`Placer.put` places one value; an equal value (or the same figure at a coarser rounding)
confirms it, a different one is a conflict: the first is kept and both are reported, nothing is
overwritten. :meth:`Placer.leave` lists a figure that found no cell, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budget_addin.core.dataset import Dataset
from budget_addin.core.numbers import decimals_of
from budget_addin.core.schema import TABLES_BY_KEY
from budget_addin.files.importer import aliases
from budget_addin.files.importer.locate import FoundTable

CellKey = tuple[str, str | int, str]


@dataclass
class TableReport:
    """What became of one found table."""

    name: str
    where: str
    rows_read: int = 0
    figures: int = 0
    placed: int = 0
    not_placed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Unplaced:
    """A figure (or row) that found no cell: where it is, what it says and why it was left."""

    where: str
    item: str
    value: object
    reason: str


@dataclass
class Placer:
    """The dataset being filled, the source of every figure in it, and what could not be placed."""

    data: Dataset
    sources: dict[CellKey, str] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    conflicts: list[Unplaced] = field(default_factory=list)
    reports: list[TableReport] = field(default_factory=list)
    _class_index: dict[str, tuple[dict[str, int], dict[str, list[int]]]] = field(default_factory=dict)

    # -- cells -----------------------------------------------------------------------------

    def put(self, report: TableReport, table: str, row: str | int, col: str, value: object, where: str,
            item: str, figure: bool = True) -> None:
        """Place one value; an equal value confirms, a different one is a conflict (kept out, reported).

        ``figure``: counted among the report's placed figures (a name or catalogue text is not).
        """
        store = self.data.setdefault(table, {})
        record = store.setdefault(row, {}) if isinstance(store, dict) else store[row]
        old = record.get(col)
        if table == "department" and old is not None and (table, row, col) not in self.sources:
            if not same(old, value):  # given on the command line: the argument stands
                report.notes.append(f"{where} 写“{shown_value(value)}”，按命令行参数“{shown_value(old)}”")
            return
        if old is None:
            record[col] = value
            self.sources[(table, row, col)] = where
            report.placed += figure
            return
        if same(old, value):
            report.placed += figure
            return
        spec = TABLES_BY_KEY[table]
        reason = (f"与 {self.sources.get((table, row, col), '已有数值')} 所列 {shown_value(old)} 不同，保留前者"
                  f"（{spec.sheet}·{item}·{spec.column(col).label}）")
        self.conflicts.append(Unplaced(where, item, value, reason))
        report.conflicts.append(f"{where} {item} {shown_value(value)}：{reason}")

    def leave(self, report: TableReport, where: str, item: str, value: object, reason: str) -> None:
        self.unplaced.append(Unplaced(where, item, value, reason))
        report.not_placed.append(
            f"{where} {item}" + (f" {shown_value(value)}" if value is not None else "") + f"：{reason}"
        )

    def class_row(self, table: str, code: str | None, name: str) -> int | None:
        """The index of a function-/economic-class row, appended when new; None when the name is not unique.

        A row is found by its code; a row stated without a code (收支总表 lists 类 by name) by its
        name, and a coded row later joins the uncoded row of the same name.
        """
        records = self.data.setdefault(table, [])
        by_code, by_name = self._class_index.setdefault(table, ({}, {}))
        key = aliases.normal(name)
        if code and f"#{code}" in by_code:
            index = by_code[f"#{code}"]
        else:
            named = by_name.get(key, []) if key else []
            uncoded = [i for i in named if not records[i].get("code")]
            if code and len(uncoded) == 1:
                index = uncoded[0]
            elif not code and len(named) == 1:
                index = named[0]
            elif not code and len(named) > 1:
                return None
            else:
                records.append({"name": name} if name else {})
                index = len(records) - 1
                if key:
                    by_name.setdefault(key, []).append(index)
        record = records[index]
        if code and not record.get("code"):
            record["code"] = code
            by_code[f"#{code}"] = index
        if name and not record.get("name"):
            record["name"] = name
        return index

    # -- tables ----------------------------------------------------------------------------

    def report_for(self, found: FoundTable) -> TableReport:
        """A new report entry for a found table."""
        report = TableReport(
            found.name, f"{found.where}（第 {found.title_row} 行起）" if found.title_row else found.where
        )
        self.reports.append(report)
        return report


def same(a: object, b: object) -> bool:
    """Two statements of one figure agree: equal, or equal at the precision of the coarser one
    (1234.5678 from a table in 元 and 1234.57 from one in 万元)."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        if a == b:
            return True
        coarse = min(decimals_of(a), decimals_of(b))
        return coarse < max(decimals_of(a), decimals_of(b)) and abs(a - b) <= Decimal(5).scaleb(-coarse - 1)
    return str(a).strip() == str(b).strip()


def shown_value(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.normalize() else f"{value:f}"
    return str(value)
