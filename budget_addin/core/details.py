"""Detail lists (明细, 人员情况): rows a user adds, each naming the total it belongs to.

A detail row names its total by label (基本支出, 机关运行经费, or another detail row's item); the rows
of one total are its whole breakdown (构成) or some of it (其中). A name that matches no total, or
more than one, is never guessed: the group then has no target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from budget_addin.core.model import Book, RowKey
from budget_addin.core.schema import TABLES_BY_KEY

# Tables whose row labels a detail row may name as its 所属项目.
PARENT_TABLES = ("income_expenditure", "office_costs", "three_public", "procurement_summary")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|\d+[、.．)]|[①-⑳])\s*"
)


def normal_label(text: str) -> str:
    """A label compared loosely: no numbering, no 其中/新增 prefix, no blanks."""
    text = re.sub(r"\s+", "", str(text or ""))
    text = _NUMBERING.sub("", text)
    for prefix in ("其中：", "其中:", "其中", "新增：", "新增:"):
        text = text.removeprefix(prefix)
    return text


@dataclass(frozen=True)
class DetailGroup:
    """The detail rows that name one total, with the cell that total stands in."""

    table: str  # the detail list: details (明细) or staff (人员情况)
    parent: str
    kind: str  # 构成 (the rows are the whole breakdown) or 其中 (some of it)
    rows: tuple[int, ...]
    target: tuple[str, RowKey] | None  # (table, row) of the total; None when the name matches nothing


@lru_cache(maxsize=1)
def _parent_rows() -> tuple[tuple[str, tuple[str, RowKey]], ...]:
    """(loose label, (table, row)) of every row a detail may name, in schema order (schema data: made once)."""
    return tuple(
        (normal_label(row.label), (name, row.key)) for name in PARENT_TABLES for row in TABLES_BY_KEY[name].rows
    )


def _targets(book: Book, table: str) -> dict[str, list[tuple[str, RowKey]]]:
    found: dict[str, list[tuple[str, RowKey]]] = {}
    if table == "details":
        for label, target in _parent_rows():
            found.setdefault(label, []).append(target)
    for i in book.rows(table):
        item = book.text(table, i, "item")
        if item:
            found.setdefault(normal_label(item), []).append((table, i))
    return found


def detail_groups(book: Book, table: str = "details") -> list[DetailGroup]:
    """The rows of a detail list grouped by the total they name (in the order first named; made once per book).

    A name that matches no total, or more than one, leaves the group without a target: it is
    never guessed.
    """
    return book.memo(f"detail_groups:{table}", lambda: _groups(book, table))


def _groups(book: Book, table: str) -> list[DetailGroup]:
    targets = _targets(book, table)
    groups: dict[tuple[str, str], list[int]] = {}
    for i in book.rows(table):
        parent = book.text(table, i, "parent").strip()
        if not parent:
            continue
        kind = "其中" if "其中" in book.text(table, i, "kind") else "构成"
        groups.setdefault((parent, kind), []).append(int(i))
    result = []
    for (parent, kind), rows in groups.items():
        matches = targets.get(normal_label(parent), [])
        result.append(DetailGroup(table, parent, kind, tuple(rows), matches[0] if len(matches) == 1 else None))
    return result


