"""The typed model of a workbook: every value knows its ``sheet!cell``.

A :class:`Book` wraps a :data:`~budget_addin.core.dataset.Dataset` with the address
of each cell. Computed cells are evaluated from the schema's formula template
with the same worksheet-function bodies Excel calls, so a figure in Python is
the figure in the cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budget_addin.core import calc
from budget_addin.core.calc import total as calc_total
from budget_addin.core.dataset import DASH, Dataset, comparator, to_number
from budget_addin.core.functions import REGISTRY, SharedRange
from budget_addin.core.layout import Layout
from budget_addin.core.numbers import to_decimal
from budget_addin.core.schema import LABEL, TABLES, TABLES_BY_KEY, Table

RowKey = str | int
CellKey = tuple[str, RowKey, str]


@dataclass(frozen=True)
class Cell:
    """A value with its address."""

    table: str
    row: RowKey
    col: str
    value: object
    ref: str

    @property
    def number(self) -> Decimal | None:
        return to_number(self.value)


class Book:
    """A workbook's data, addresses and computed values."""

    def __init__(self, data: Dataset, refs: dict[CellKey, str] | None = None, source: str = "") -> None:
        self.data = data
        self.source = source
        self.layout = Layout({t.key: len(data.get(t.key) or []) for t in TABLES if not t.is_form})
        self._refs = refs or {}
        self._computed: dict[CellKey, object] = {}  # computed cells of list tables
        self._forms: dict[tuple[str, str, str], object] = {}  # every form cell asked for, input or computed
        self._figures: dict[tuple[str, RowKey, str], Decimal | None] = {}  # figure() of blank form cells
        self._yoy: dict[tuple[str, str], YearOnYear] = {}  # year_on_year() of each form row asked for
        self._memo: dict[str, Any] = {}
        self._columns: dict[tuple[str, str, str], list[Any]] = {}

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        """A derived view of the book (e.g. the parsed indicators), made once per book."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    # -- addresses -------------------------------------------------------------------------
    def ref(self, table: str, row: RowKey, col: str) -> str:
        """``sheet!A1`` of a cell (as found by the reader, else as laid out by the schema)."""
        try:
            return self._refs[(table, row, col)]  # one look-up: the reader's addresses are made when asked
        except KeyError:
            return self.layout.ref(TABLES_BY_KEY[table], row, col)

    def refs(self, table: str, rows: list[int], col: str) -> list[str]:
        """:meth:`ref` of one column in many records of a list table (a finding on a long list may name thousands)."""
        bulk = getattr(self._refs, "column_refs", None)
        found = bulk(table, col, rows) if bulk is not None else None
        return found if found is not None else [self.ref(table, row, col) for row in rows]

    # -- values ----------------------------------------------------------------------------
    def rows(self, table: str) -> list[RowKey]:
        """Row keys of a form table, record indexes of a list table."""
        spec = TABLES_BY_KEY[table]
        if spec.is_form:
            return [r.key for r in spec.rows]
        return list(range(len(self.data.get(table) or [])))

    def raw(self, table: str, row: RowKey, col: str) -> object:
        """The input value as stored (no evaluation)."""
        body = self.data.get(table)
        if body is None:
            return None
        if isinstance(row, int):
            return body[row].get(col) if row < len(body) else None
        if col == LABEL:
            return TABLES_BY_KEY[table].row(row).label
        return (body.get(row) or {}).get(col)

    def value(self, table: str, row: RowKey, col: str) -> object:
        """A cell's value; computed cells are evaluated from their formula."""
        if row.__class__ is str:  # a form cell: the rules ask for the same few hundred cells thousands of times
            key = (table, row, col)
            found = self._forms.get(key, _UNKNOWN)
            return self._form_value(key) if found is _UNKNOWN else found
        record = isinstance(row, int)
        template = _TEMPLATES.get((table, None if record else row, col), _UNKNOWN)
        if template is _UNKNOWN:
            template = formula_template(TABLES_BY_KEY[table], row, col)
        if template is None:
            if record:  # a list table's input cell: the hot path of long tables
                body = self.data.get(table)
                return body[row].get(col) if body is not None and 0 <= row < len(body) else None
            return self.raw(table, row, col)
        spec = TABLES_BY_KEY[table]
        if template == "":
            return None
        key = (table, row, col)
        if key not in self._computed:
            self._computed[key] = None  # guards against cycles
            self._computed[key] = evaluate(template, self, spec, row)
        return self._computed[key]

    def _form_value(self, key: tuple[str, str, str]) -> object:
        """:meth:`value` of a form cell, made once per book (the book's data is not changed once read)."""
        table, row, col = key
        spec = TABLES_BY_KEY[table]
        template = formula_template(spec, row, col)  # raises KeyError for a row or column the schema lacks, as before
        if template is None:
            found = self.raw(table, row, col)
        elif template == "":
            found = None
        else:
            self._forms[key] = None  # guards against cycles (and stays None if the evaluation raises)
            found = evaluate(template, self, spec, row)
        self._forms[key] = found
        return found

    def number(self, table: str, row: RowKey, col: str) -> Decimal | None:
        value = self.value(table, row, col)
        return value if value.__class__ is Decimal or value is None else to_number(value)

    # -- whole list columns (long tables: one pass per column, not a call per cell) -----------
    def column(self, table: str, col: str) -> list[object]:
        """:meth:`value` of one column for every record of a list table (computed cells evaluated), made once per book.

        The list is shared: do not change it.
        """
        found = self._columns.get(("value", table, col))
        if found is None:
            spec = TABLES_BY_KEY[table]
            if spec.is_form:
                raise ValueError(f"{table} is a form table: its rows are read one by one")
            body = self.data.get(table) or []
            if formula_template(spec, 0, col) is None:  # input cells: as stored
                found = [record.get(col) for record in body]
            else:
                found = [self.value(table, index, col) for index in range(len(body))]
            self._columns[("value", table, col)] = found
        return found

    def numbers(self, table: str, col: str) -> list[Decimal | None]:
        """:meth:`number` of one column for every record of a list table, made once per book."""
        found = self._columns.get(("number", table, col))
        if found is None:
            values = self.column(table, col)
            if all(type(v) is Decimal or v is None for v in values):  # the usual figure column: share the list
                found = values  # type: ignore[assignment]
            else:
                found = [v if v.__class__ is Decimal else to_number(v) for v in values]
            self._columns[("number", table, col)] = found
        return found

    def texts(self, table: str, col: str) -> list[str]:
        """:meth:`text` of one column for every record of a list table, made once per book."""
        found = self._columns.get(("text", table, col))
        if found is None:
            found = ["" if v is None or v == DASH else str(v) for v in self.column(table, col)]
            self._columns[("text", table, col)] = found
        return found

    def cell(self, table: str, row: RowKey, col: str) -> Cell:
        return Cell(table, row, col, self.value(table, row, col), self.ref(table, row, col))

    def has_table(self, table: str) -> bool:
        return table in self.data

    def is_empty(self, table: str) -> bool:
        """True when a table holds no figure or text at all (empty is not zero)."""
        body = self.data.get(table)
        if not body:
            return True
        values = body.values() if isinstance(body, dict) else body
        return not any(v not in (None, "", DASH) for record in values for v in record.values())

    def figure(self, table: str, row: RowKey, col: str) -> Decimal | None:
        """A row's figure: as stated, or (when blank) the sum of its declared full breakdown.

        Derived, not demanded: 公务用车购置及运行费 left blank with both of its parts stated is
        their sum. None only when neither the figure nor any of its parts is stated.
        """
        stated = self.number(table, row, col)
        if stated is not None or isinstance(row, int):
            return stated
        key = (table, row, col)
        found = self._figures.get(key, _UNKNOWN)
        if found is _UNKNOWN:  # a derived subtotal: several rules ask for it, so it is summed once per book
            declared = TABLES_BY_KEY[table].row(row)
            if not declared.parts or declared.partial:
                found = None
            else:
                found = calc_total([self.figure(table, p, col) for p in declared.parts])
            self._figures[key] = found
        return found  # type: ignore[return-value]

    def figure_cells(self, table: str, row: RowKey, col: str) -> list[str]:
        """The cells :meth:`figure` reads: the stated cell, or the stated cells of the parts it sums."""
        if self.number(table, row, col) is not None or isinstance(row, int):
            return [self.ref(table, row, col)]
        declared = TABLES_BY_KEY[table].row(row)
        if not declared.parts or declared.partial:
            return [self.ref(table, row, col)]
        return [ref for p in declared.parts if self.figure(table, p, col) is not None
                for ref in self.figure_cells(table, p, col)]

    @property
    def comparator(self) -> str:
        """上年预算数 or 上年执行数: what this workbook's prior-year figures are."""
        return comparator(self.data)

    def records(self, table: str) -> Iterator[dict[str, Cell]]:
        """Each record of a list table as cells."""
        spec = TABLES_BY_KEY[table]
        for index in self.rows(table):
            yield {c.key: self.cell(table, index, c.key) for c in spec.columns}

    def text(self, table: str, row: RowKey, col: str) -> str:
        value = self.value(table, row, col)
        if value.__class__ is str:  # the usual case: str(value) is value itself
            return "" if value == DASH else value  # type: ignore[return-value]
        return "" if value is None or value == DASH else str(value)


@dataclass(frozen=True)
class YearOnYear:
    """A row's figures against the prior year: stated, or derived from the other two."""

    current: Decimal | None
    prior: Decimal | None
    change: Decimal | None
    prior_stated: bool
    change_stated: bool


def year_on_year(book: Book, table: str, row: RowKey) -> YearOnYear:
    """本年、上年、增减额 of a row: each as stated, else derived (上年 = 本年 − 增减额 and back, or the sum of
    the prior-year figures of a full breakdown). Made once per row and book (the result is frozen)."""
    if row.__class__ is not str:  # a list record (a list may be long): not kept
        return _year_on_year(book, table, row)
    found = book._yoy.get((table, row))
    if found is None:
        found = book._yoy[(table, row)] = _year_on_year(book, table, row)
    return found


def _year_on_year(book: Book, table: str, row: RowKey) -> YearOnYear:
    current = book.figure(table, row, "amount")
    prior = book.number(table, row, "prior")
    change = book.number(table, row, "change")
    prior_stated, change_stated = prior is not None, change is not None
    if prior is None and current is not None and change is not None:
        prior = current - change
    if prior is None and not isinstance(row, int):
        declared = TABLES_BY_KEY[table].row(row)
        if declared.parts and not declared.partial:
            priors = [year_on_year(book, table, p).prior for p in declared.parts]
            if all(p is not None for p in priors):
                prior = calc.total(priors)
    if change is None and current is not None and prior is not None:
        change = current - prior
    return YearOnYear(current, prior, change, prior_stated, change_stated)


_TEMPLATES: dict[tuple[str, RowKey | None, str], str | None] = {}  # schema-derived, filled once per process
_UNKNOWN = object()


def formula_template(spec: Table, row: RowKey, col: str) -> str | None:
    """The schema's formula template of a cell: None for an input cell, "" for a cell left blank."""
    key = (spec.key, None if isinstance(row, int) else row, col)  # every record of a list table shares its columns
    if key in _TEMPLATES:
        return _TEMPLATES[key]
    if col == LABEL:
        template = None
    else:
        column = spec.column(col)
        if isinstance(row, int):
            template = column.formula if column.kind == "computed" else None
        else:
            template = spec.formula(spec.row(row), column)
    if spec is TABLES_BY_KEY.get(spec.key):  # only the schema's own tables are remembered
        _TEMPLATES[key] = template
    return template


# -- template evaluation ----------------------------------------------------------------------

_TOKEN = re.compile(r"\{(?:(?P<table>[a-z_]+)!)?(?P<col>[a-z_0-9]+)(?:@(?P<rows>[a-z_0-9*]+(?::[a-z_0-9]+)?))?\}")
_LEX = re.compile(
    r'\s*(?:(?P<token>\{[^}]*\})|(?P<name>[A-Z_][A-Z_0-9]*)\(|(?P<num>-?\d+(?:\.\d+)?)|"(?P<str>[^"]*)"|(?P<sym>[(),]))'
)


def _resolve(reference: tuple[str | None, str, str | None], book: Book, spec: Table, row: RowKey) -> Any:
    """The value(s) a ``{table!col@rows}`` reference of a template names, for the cell in ``row``."""
    table, col, rows = reference
    target = TABLES_BY_KEY[table] if table else spec
    if rows is None:
        return _cell_value(book, target.key, row, col)
    if rows == "*":  # a whole list column: the same for every formula that reads it, so made once per book
        if target.is_form:  # the schema writes @* for list tables only
            return [[_cell_value(book, target.key, k, col)] for k in book.rows(target.key)]
        return book.memo(
            f"column:{target.key}:{col}", lambda: SharedRange([value] for value in book.column(target.key, col))
        )
    if ":" in rows:
        keys = [r.key for r in target.rows]
        first, last = rows.split(":")
        return [[_cell_value(book, target.key, k, col)] for k in keys[keys.index(first): keys.index(last) + 1]]
    return _cell_value(book, target.key, rows, col)


def _cell_value(book: Book, table: str, row: RowKey, col: str) -> Any:
    value = book.value(table, row, col)
    if col == LABEL and not isinstance(row, int):
        return TABLES_BY_KEY[table].row(row).label
    return value


Lexeme = tuple[str | None, Any, str | None]  # (kind, payload, symbol) of one piece of a template
_LEXED: dict[str, list[Lexeme]] = {}  # template text → its pieces: the schema's few hundred templates, lexed once


def _lexemes(text: str) -> list[Lexeme]:
    """A template's pieces: a ``{cell}`` reference (its match), a number, a string, a function name, or a symbol."""
    found = _LEXED.get(text)
    if found is None:
        found = []
        for match in _LEX.finditer(text):
            if match["token"]:
                reference = _TOKEN.fullmatch(match["token"])
                found.append(
                    (
                        "token",
                        None if reference is None else (reference["table"], reference["col"], reference["rows"]),
                        match["sym"],
                    )
                )
            elif match["num"]:
                found.append(("num", Decimal(match["num"]), match["sym"]))  # a Decimal is immutable: shared
            elif match["str"] is not None:
                found.append(("str", match["str"], match["sym"]))
            elif match["name"]:
                found.append(("name", match["name"], match["sym"]))
            else:
                found.append((None, None, match["sym"]))
        if len(_LEXED) < 4096:
            _LEXED[text] = found
    return found


class _Template:
    """One reading of a lexed template (a class, not a recursive closure: a closure that calls
    itself is a reference cycle, which kept each book alive until the cycle collector ran)."""

    __slots__ = ("template", "tokens", "position", "book", "spec", "row")

    def __init__(self, template: str, tokens: list[Lexeme], book: Book, spec: Table, row: RowKey) -> None:
        self.template, self.tokens, self.position = template, tokens, 0
        self.book, self.spec, self.row = book, spec, row

    def parse(self) -> Any:
        tokens = self.tokens
        kind, payload, _sym = tokens[self.position]
        self.position += 1
        if kind == "token":
            if payload is None:  # a {…} the reference grammar does not read
                raise ValueError(f"bad cell reference in formula template {self.template!r}")
            return _resolve(payload, self.book, self.spec, self.row)
        if kind == "num" or kind == "str":
            return payload
        if kind == "name":
            args: list[Any] = []
            while tokens[self.position][2] != ")":
                args.append(self.parse())
                if tokens[self.position][2] == ",":
                    self.position += 1
            self.position += 1
            return REGISTRY[payload](*args)
        raise ValueError(f"bad formula template {self.template!r}")


def evaluate(template: str, book: Book, spec: Table, row: RowKey) -> object:
    """Evaluate a formula template for one cell with the worksheet-function bodies."""
    text = template[1:] if template.startswith("=") else template
    result = _Template(template, _lexemes(text), book, spec, row).parse()
    if isinstance(result, float):
        return to_decimal(result)
    return result
