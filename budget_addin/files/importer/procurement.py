"""Lines of a 政府采购 table that are no purchase: 合计, 大类 (货物类 …) and 专项 lines over their items.

Read as items they would count each purchase two or three times (the list would sum to a multiple
of its total); they are listed with the reason instead.
"""

from __future__ import annotations

from decimal import Decimal

from budget_addin.core.numbers import NumberError
from budget_addin.core.schema import Table
from budget_addin.files.importer import aliases
from budget_addin.files.importer.columns import Role, cell_text, convert
from budget_addin.files.importer.locate import FoundTable, is_figure

# Lines of a procurement table above its items: totals and categories (合计, 货物类 …), not purchases.
GROUP_LABELS = frozenset({"合计", "总计", "小计", "货物", "工程", "服务", "货物类", "工程类", "服务类", "货物合计",
                          "工程合计", "服务合计"})


def group_lines(found: FoundTable, table: Table, roles: dict[int, Role | None]) -> dict[int, str]:
    """The rows of a 政府采购 table that total others (合计, 大类, a 专项 over its items), with the reason.

    A row is a total by its label, or, having no 采购品目, by its amount: the sum of the first lines
    with an item right under it. Read as items they would count each purchase two or three times.
    """
    def column(key: str) -> int | None:
        return next((c for c, r in roles.items() if r is not None and r.kind == "cell" and r.col == key), None)

    labels = [c for c in (column("project"), column("item")) if c is not None]
    item_col, amount_col = column("item"), column("amount")
    rows = found.rows

    def amount(index: int) -> Decimal | None:
        cell = rows[index].cells.get(amount_col) if amount_col else None
        if cell is None or not is_figure(cell):
            return None
        try:
            value = convert(cell, table.column("amount"), found.unit, None)
        except NumberError:
            return None
        return value if isinstance(value, Decimal) else None

    groups: dict[int, str] = {}
    for index, source_row in enumerate(rows):
        texts = [aliases.bare_label(cell_text(source_row.cells.get(c))) for c in labels]
        label = next((t for t in texts if t), "")
        if label in GROUP_LABELS or label.endswith(("合计", "小计")):
            groups[source_row.row] = f"“{label}”是合计或大类行，不是采购项目"
            continue
        if item_col is None or cell_text(source_row.cells.get(item_col)) or (total := amount(index)) is None:
            continue
        running, count = Decimal(0), 0
        for later in range(index + 1, len(rows)):  # the items under it, up to the next line without an item
            value = amount(later)
            if not cell_text(rows[later].cells.get(item_col)) or value is None:
                break
            running, count = running + value, count + 1
            if running == total:
                groups[source_row.row] = (
                    f"“{label or '（无名称）'}”是其下 {count} 个采购品目之和（小计行），不是采购项目"
                )
                break
    return groups
