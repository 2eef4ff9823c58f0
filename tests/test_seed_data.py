"""The seed data file says only what the published disclosure says, and says all of it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from budget_addin.core.dataset import DASH, SEED_TEXT, load_seed
from budget_addin.core.schema import TABLES_BY_KEY

SEED_LINES = SEED_TEXT.read_text(encoding="utf-8").splitlines()
NUMBER = re.compile(r"\d+(?:\.\d+)?")
SEED = load_seed()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("**", "")


def _cited(key: tuple) -> str:
    return "".join(SEED_LINES[n - 1] for n in SEED.lines[key])


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(m) for m in NUMBER.findall(text.replace(",", ""))}


def _cells():
    for table, body in SEED.data.items():
        rows = body.items() if isinstance(body, dict) else enumerate(body)
        for row, values in rows:
            for col, value in values.items():
                yield table, row, col, value


def test_every_value_cites_a_line() -> None:
    for table, row, col, _ in _cells():
        assert SEED.lines.get((table, row, col)), (table, row, col)


def test_every_number_stands_on_its_cited_line() -> None:
    checked = 0
    for table, row, col, value in _cells():
        key = (table, row, col)
        column = TABLES_BY_KEY[table].column(col)
        if not column.numeric or value in (None, DASH) or col == "no":  # "no" is a sequence number
            continue
        line = _cited(key)
        if key in SEED.phrases:
            assert _squash(SEED.phrases[key]) in _squash(line), key
            continue
        wanted = abs(value * 100 if column.fmt == "percent" else value)
        assert wanted in _numbers(line), f"{key}: {value} not on seed line(s) {SEED.lines[key]}"
        checked += 1
    assert checked >= 140


def test_every_text_is_verbatim_from_its_cited_lines() -> None:
    checked = 0
    for table, row, col, value in _cells():
        column = TABLES_BY_KEY[table].column(col)
        structural = col in {"group", "kind", "parent", "section", "unit", "level1"} or value == "合计"
        if column.numeric or not isinstance(value, str) or structural:
            continue
        assert _squash(value) in _squash(_cited((table, row, col))), (table, row, col)
        checked += 1
    assert checked > 400


def test_counts_of_the_seed() -> None:
    data = SEED.data
    assert len(data["sub_goals"]) == 26
    assert len(data["safeguards"]) == 7
    assert len(data["project_goals"]) == 22
    assert len(data["project_indicators"]) == 95
    assert len(data["duties"]) == 10
    assert len(data["glossary"]) == 10
    assert len(data["institutions"]) == 2
    assert len(data["procurement"]) == 8
    assert sum(1 for g in data["project_goals"] if g["group"] == "专项资金") == 1


@pytest.mark.parametrize(("first", "last"), [(61, 91), (603, 649)])
def test_every_stated_figure_of_the_money_sections_is_in_the_data(first: int, last: int) -> None:
    """Each amount, percentage and count in sections 二–四 and 六–七 is held somewhere in the data."""
    held: set[Decimal] = set()
    for table, _row, col, value in _cells():
        if isinstance(value, Decimal):
            held.add(abs(value * 100) if TABLES_BY_KEY[table].column(col).fmt == "percent" else abs(value))
    unit = re.compile(r"(\d+(?:\.\d+)?)\s*(?:万|%|人|名)")
    missing = []
    for number in range(first, last + 1):
        for match in unit.finditer(SEED_LINES[number - 1]):
            if Decimal(match.group(1)) not in held:
                missing.append((number, match.group(0)))
    assert not missing


def test_procurement_table_is_transcribed_row_for_row() -> None:
    """Lines 617–624: every numeric cell of the published table is in the same record."""
    for record, number in zip(SEED.data["procurement"], range(617, 625), strict=True):
        published = _numbers(SEED_LINES[number - 1])
        for key, value in record.items():
            if isinstance(value, Decimal):
                assert value in published, (number, key, value)
