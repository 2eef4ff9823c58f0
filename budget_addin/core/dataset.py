"""The data of a workbook as plain values, keyed by the schema.

A :data:`Dataset` maps each table key to either ``{row_key: {col_key: value}}``
(form tables) or ``[{col_key: value}, …]`` (list tables). Values are
``Decimal`` for numeric columns (percentages as fractions, keeping the shown
decimals in the exponent: ``"7%"`` → ``Decimal("0.07")``), ``str`` for text,
and the dash ``"—"`` where a table prints one instead of a figure.

The seed data files (``data/changjiang2020/*.yaml``) load into a Dataset; the
reader turns a workbook back into one; the builder writes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budget_addin.core.calc import percent_decimals
from budget_addin.core.numbers import EMPTY_MARKS, NumberError, parse_figure, to_decimal
from budget_addin.core.schema import PRIOR_HEADERS, TABLES_BY_KEY, Column, Table

__all__ = ["percent_decimals"]  # re-exported: callers read a dataset's percentages through it

Dataset = dict[str, Any]
DASH = "—"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SEED_DIR = DATA_DIR / "changjiang2020"
SEED_TEXT = DATA_DIR / "source" / "changjiang2020_disclosure.txt"
META_KEYS = frozenset({"line", "lines", "phrase", "level1_filled", "goal_label_missing"})
# Keys of the text files that are rows of the 部门基本信息 form rather than tables.
DEPARTMENT_TEXT_ROWS = {"title": "title", "duties_intro": "duties_intro"}


@dataclass
class Seed:
    """A dataset with the source line of every value."""

    data: Dataset
    lines: dict[tuple[str, str | int, str], list[int]] = field(default_factory=dict)
    phrases: dict[tuple[str, str | int, str], str] = field(default_factory=dict)


def normalise(column: Column, raw: object) -> object:
    """A value as the dataset holds it for this column (see module docstring)."""
    if raw is None:
        return None
    if not column.numeric:
        return str(raw)
    if isinstance(raw, str) and raw.strip() in EMPTY_MARKS - {""}:
        return DASH
    figure = parse_figure(raw)
    if figure is None:
        return None
    if column.fmt == "percent":
        return figure.value.scaleb(-2) if figure.unit == "%" else figure.value
    if column.fmt == "amount":
        return figure.in_wanyuan.normalize() if figure.unit == "元" else figure.value
    return figure.value


def _put(seed: Seed, table: Table, row: str | int, record: dict[str, Any]) -> dict[str, object]:
    values: dict[str, object] = {}
    lines = record.get("lines") or [record["line"]]
    for key, raw in record.items():
        if key in META_KEYS:
            continue
        column = table.column(key)
        try:
            values[key] = normalise(column, raw)
        except NumberError as exc:
            raise ValueError(f"{table.key}.{row}.{key}: {exc}") from exc
        seed.lines[(table.key, row, key)] = list(lines)
        if "phrase" in record:
            seed.phrases[(table.key, row, key)] = record["phrase"]
    return values


def load_seed(folder: Path = SEED_DIR) -> Seed:
    """Load every ``*.yaml`` of a seed folder into one dataset."""
    import yaml  # only the seed data files need it, not checking a workbook

    seed = Seed(data={})
    for path in sorted(folder.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, body in content.items():
            if key in DEPARTMENT_TEXT_ROWS:
                form = seed.data.setdefault("department", {})
                record = {"value": body["text"], "line": body["line"]}
                form[DEPARTMENT_TEXT_ROWS[key]] = _put(seed, TABLES_BY_KEY["department"], key, record)
                continue
            table = TABLES_BY_KEY[key]
            if table.is_form:
                form = seed.data.setdefault(key, {})
                if key == "overall_goal":
                    body = {"text": {"text": body["text"], "line": body["line"]}}
                for row_key, record in body.items():
                    table.row(row_key)  # unknown rows fail loudly
                    form[row_key] = _put(seed, table, row_key, record)
            else:
                seed.data[key] = [_put(seed, table, index, record) for index, record in enumerate(body)]
    complete(seed.data)
    return seed


def complete(data: Dataset) -> Dataset:
    """Give every table of the schema a key (empty form or list), as a read workbook has."""
    from budget_addin.core.schema import TABLES

    for table in TABLES:
        data.setdefault(table.key, {} if table.is_form else [])
    return data


def load_seed_data() -> Dataset:
    """The 2020 长江街道 dataset."""
    return load_seed().data


def blank_dataset(name: str, code: str, year: str, comparator: str | None = None) -> Dataset:
    """A dataset with only the department's identity (and its prior-year comparator), for a new workbook."""
    department: dict[str, dict[str, object]] = {
        "name": {"value": name},
        "code": {"value": code},
        "year": {"value": year},
    }
    if comparator:
        department["comparator"] = {"value": comparator}
    return complete({"department": department})


def comparator(data: Dataset) -> str:
    """The prior year this workbook compares with: 上年预算数 (default) or 上年执行数."""
    stated = str(((data.get("department") or {}).get("comparator") or {}).get("value") or "").strip()
    return next((name for name in PRIOR_HEADERS if name in stated or stated == name[:4]), PRIOR_HEADERS[0])


def to_number(value: object) -> Decimal | None:
    """A dataset value as a Decimal (None for empty, dash or text)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_decimal(value)
    return None
