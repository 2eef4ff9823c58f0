"""Differential tests: the per-book memos and whole-column reads of the rules (issue #15) give what the
cell-by-cell code they replaced gave. The replaced code lives here, as the reference."""

from __future__ import annotations

import copy
import dataclasses
import re
from decimal import Decimal as D
from typing import Any

import pytest
from other_department import other_department

from budget_addin.core import calc
from budget_addin.core.dataset import Dataset
from budget_addin.core.findings import Finding
from budget_addin.core.functions import REGISTRY, _num, cells, numbers
from budget_addin.core.model import (
    _LEX,
    _TEMPLATES,
    _TOKEN,
    _UNKNOWN,
    Book,
    RowKey,
    YearOnYear,
    _cell_value,
    _year_on_year,
    evaluate,
    formula_template,
    year_on_year,
)
from budget_addin.core.numbers import to_decimal
from budget_addin.core.schema import LABEL, TABLES, TABLES_BY_KEY, Table
from budget_addin.rules import indicators as ind
from budget_addin.rules import within

# -- the reference: Book.value, figure and evaluate as they were, a call per cell ------------------------


class OldBook(Book):
    """A Book whose values are made as before: no per-book cache of form cells or derived figures."""

    def value(self, table: str, row: RowKey, col: str) -> object:
        record = isinstance(row, int)
        template = _TEMPLATES.get((table, None if record else row, col), _UNKNOWN)
        if template is _UNKNOWN:
            template = formula_template(TABLES_BY_KEY[table], row, col)
        if template is None:
            if record:
                body = self.data.get(table)
                return body[row].get(col) if body is not None and 0 <= row < len(body) else None
            return self.raw(table, row, col)
        spec = TABLES_BY_KEY[table]
        if template == "":
            return None
        key = (table, row, col)
        if key not in self._computed:
            self._computed[key] = None
            self._computed[key] = old_evaluate(template, self, spec, row)
        return self._computed[key]

    def figure(self, table: str, row: RowKey, col: str) -> D | None:
        stated = self.number(table, row, col)
        if stated is not None or isinstance(row, int):
            return stated
        declared = TABLES_BY_KEY[table].row(row)
        if not declared.parts or declared.partial:
            return None
        return calc.total([self.figure(table, p, col) for p in declared.parts])


def _old_resolve(match: re.Match[str], book: Book, spec: Table, row: RowKey) -> Any:
    target = TABLES_BY_KEY[match["table"]] if match["table"] else spec
    col, rows = match["col"], match["rows"]
    if rows is None:
        return _cell_value(book, target.key, row, col)
    if rows == "*":
        if target.is_form:
            return [[_cell_value(book, target.key, k, col)] for k in book.rows(target.key)]
        return [[value] for value in book.column(target.key, col)]
    if ":" in rows:
        keys = [r.key for r in target.rows]
        first, last = rows.split(":")
        return [[_cell_value(book, target.key, k, col)] for k in keys[keys.index(first): keys.index(last) + 1]]
    return _cell_value(book, target.key, rows, col)


def old_evaluate(template: str, book: Book, spec: Table, row: RowKey) -> object:
    text = template[1:] if template.startswith("=") else template
    tokens = list(_LEX.finditer(text))
    position = 0

    def parse() -> Any:
        nonlocal position
        match = tokens[position]
        position += 1
        if match["token"]:
            return _old_resolve(_TOKEN.fullmatch(match["token"]), book, spec, row)  # type: ignore[arg-type]
        if match["num"]:
            return D(match["num"])
        if match["str"] is not None:
            return match["str"]
        if match["name"]:
            args: list[Any] = []
            while tokens[position]["sym"] != ")":
                args.append(parse())
                if tokens[position]["sym"] == ",":
                    position += 1
            position += 1
            return REGISTRY[match["name"]](*args)
        raise ValueError(f"bad formula template {template!r}")

    result = parse()
    return to_decimal(result) if isinstance(result, float) else result


def old_year_on_year(book: Book, table: str, row: RowKey) -> YearOnYear:
    current = book.figure(table, row, "amount")
    prior = book.number(table, row, "prior")
    change = book.number(table, row, "change")
    prior_stated, change_stated = prior is not None, change is not None
    if prior is None and current is not None and change is not None:
        prior = current - change
    if prior is None and not isinstance(row, int):
        declared = TABLES_BY_KEY[table].row(row)
        if declared.parts and not declared.partial:
            priors = [old_year_on_year(book, table, p).prior for p in declared.parts]
            if all(p is not None for p in priors):
                prior = calc.total(priors)
    if change is None and current is not None and prior is not None:
        change = current - prior
    return YearOnYear(current, prior, change, prior_stated, change_stated)


# -- the datasets compared --------------------------------------------------------------------------


def _odd(seed: Dataset) -> Dataset:
    """The seed with blanks, dashes, text in figure cells and derived subtotals left to be derived."""
    data = copy.deepcopy(seed)
    ie = data["income_expenditure"]
    for row in ("basic", "income_this_year", "fiscal_appropriation"):
        ie.get(row, {}).pop("amount", None)
    ie.setdefault("project", {})["prior"] = None
    ie.setdefault("expenditure_total", {})["change"] = "—"
    data["three_public"].setdefault("vehicles", {}).clear()
    data["assets"].setdefault("total", {})["amount"] = D(0)
    for i, record in enumerate(data["project_indicators"]):
        if i % 7 == 0:
            record["target"] = "—"
        if i % 11 == 0:
            record["no"] = "第三"
        if i % 13 == 0:
            record.pop("level1", None)
    for i, record in enumerate(data["details"]):
        if i % 3 == 0:
            record.pop("amount", None)
        if i % 4 == 0:
            record["change"] = D("-1.5")
    data["sub_goals"][0]["indicators"] = "培训次数≥4次；满意度达到90%以上；每年举办4次讲座；无数字"
    return data


@pytest.fixture(scope="module")
def datasets(seed_data: Dataset) -> list[Dataset]:
    return [seed_data, other_department(), _odd(seed_data), {}]


def _cells(table: Table, book: Book) -> list[tuple[RowKey, str]]:
    cols = [LABEL] + [c.key for c in table.columns] if table.is_form else [c.key for c in table.columns]
    return [(row, col) for row in book.rows(table.key) for col in cols]


# -- the tests ----------------------------------------------------------------------------------------


def test_every_cell_has_the_value_the_cell_by_cell_book_gives_in_any_order(datasets: list[Dataset]) -> None:
    for data in datasets:
        new, backwards, old = Book(data), Book(data), OldBook(data)
        for table in TABLES:
            every = _cells(table, new)
            for row, col in reversed(every):  # dependencies asked after the cells that read them
                backwards.value(table.key, row, col)
            for row, col in every:
                expected = old.value(table.key, row, col)
                assert new.value(table.key, row, col) == expected, (table.key, row, col)
                assert backwards.value(table.key, row, col) == expected, (table.key, row, col)
                assert new.number(table.key, row, col) == old.number(table.key, row, col)
                assert new.text(table.key, row, col) == old.text(table.key, row, col)


def test_derived_figures_and_year_on_year_are_those_made_afresh(datasets: list[Dataset]) -> None:
    for data in datasets:
        new, old = Book(data), OldBook(data)
        for table in TABLES:
            if not table.is_form:
                continue
            cols = [c.key for c in table.columns if c.numeric]
            for row in reversed(new.rows(table.key)):
                for col in cols:
                    assert new.figure(table.key, row, col) == old.figure(table.key, row, col), (table.key, row, col)
                    assert new.figure_cells(table.key, row, col) == old.figure_cells(table.key, row, col)
                if {"amount", "prior", "change"} <= set(cols):
                    assert year_on_year(new, table.key, row) == old_year_on_year(old, table.key, row)
                    assert year_on_year(new, table.key, row) is year_on_year(new, table.key, row)  # made once
        for index in Book(data).rows("details"):  # list records: made each time, the same
            assert year_on_year(new, "details", index) == _year_on_year(old, "details", index)


def test_lexed_templates_evaluate_as_the_lexer_did(datasets: list[Dataset]) -> None:
    for data in datasets:
        book = OldBook(data)
        for table in TABLES:
            for row, col in _cells(table, book):
                template = formula_template(table, row, col) if col != LABEL else None
                if template:
                    assert evaluate(template, book, table, row) == old_evaluate(template, book, table, row), (
                        table.key, row, col)


def _old_indicators(book: Book) -> list[ind.Indicator]:
    found: list[ind.Indicator] = []
    for row in book.rows("sub_goals"):
        text = book.text("sub_goals", row, "indicators")
        number = ind._int(book.value("sub_goals", row, "no"))
        name = book.text("sub_goals", row, "name")
        cell = book.ref("sub_goals", row, "indicators")
        for part, (segment, label, target) in enumerate(ind.split_indicators(text), start=1):
            found.append(ind.Indicator(ind.SUB_GOAL, number, name, "", "", "", label, segment, target, cell,
                                       "sub_goals", int(row), part))
    names = {(book.text("project_goals", row, "group"), ind._int(book.value("project_goals", row, "no"))):
             book.text("project_goals", row, "name") for row in book.rows("project_goals")}
    for row in book.rows("project_indicators"):
        group = book.text("project_indicators", row, "group")
        number = ind._int(book.value("project_indicators", row, "no"))
        level3 = book.text("project_indicators", row, "level3")
        found.append(
            ind.Indicator(
                source=group,
                table_no=number,
                table_name=names.get((group, number), ""),
                level1=book.text("project_indicators", row, "level1"),
                level2=book.text("project_indicators", row, "level2"),
                level3=level3,
                name=level3,
                description=book.text("project_indicators", row, "description"),
                target=ind.parse_target(book.text("project_indicators", row, "target")),
                cell=book.ref("project_indicators", row, "target"),
                table="project_indicators",
                row=int(row),
            )
        )
    return found


def test_indicators_read_from_whole_columns_are_those_read_cell_by_cell(datasets: list[Dataset],
                                                                        built: Any) -> None:
    from budget_addin.files.reader import read_workbook

    books = [Book(data) for data in datasets] + [read_workbook(built).book]  # schema addresses and the reader's
    for book in books:
        expected = _old_indicators(OldBook(book.data, book._refs))
        assert ind._indicators(book) == expected
        assert [i.cell for i in ind._indicators(book)] == [i.cell for i in expected]
        assert ind.project_names(book) == {(i.source, i.table_no): i.table_name for i in expected
                                           if i.table == "project_indicators" and i.table_name}


def _old_balanced_share(book: Book, table: str, part: str) -> bool:
    group = within._partition(book, table)
    if part not in group:
        return False
    shares = [book.number(table, p, "stated_share") for p in group]
    amounts = [book.number(table, p, "amount") for p in group]
    if any(s is None for s in shares) or any(a is None for a in amounts):
        return False
    places = max(within._places(s) for s in shares if s is not None)
    balanced = calc.largest_remainder([a for a in amounts if a is not None], places)
    stated = book.number(table, part, "stated_share")
    return stated is not None and balanced[group.index(part)] == stated * 100 and sum(balanced) == calc.HUNDRED


def test_balanced_shares_made_once_per_table_judge_each_part_as_before(datasets: list[Dataset]) -> None:
    variants = list(datasets)
    for shares in ((D("0.333"), D("0.333"), D("0.334")), (D("0.33"), None, D("0.34")), (D("0.5"), D("0.5"), D("0.1"))):
        data = copy.deepcopy(datasets[0])
        for key, share in zip(("goods", "works", "services"), shares, strict=True):
            data["procurement_summary"].setdefault(key, {})["stated_share"] = share
            data["procurement_summary"][key]["amount"] = D(1)
        variants.append(data)
    for data in variants:
        book = Book(data)
        for table, (_total, parts) in within.SHARE_TABLES.items():
            for part in parts:
                assert within._balanced_share(book, table, part) == _old_balanced_share(book, table, part), (
                    table,
                    part,
                )


def test_finding_json_is_what_asdict_gave() -> None:
    def old(finding: Finding) -> dict[str, Any]:
        data = dataclasses.asdict(finding)
        data["cells"] = list(finding.cells)
        if not data["spots"]:
            del data["spots"]  # a workbook's findings have none, and their JSON stays as it was
        for key in ("expected", "actual"):
            if isinstance(data[key], D):
                data[key] = float(data[key])
        return data

    values: list[Any] = [None, D("12.50"), D("-0.001"), "≥", "（空）", 1, 2.5, True, ["a", 1], ("x",), {"k": [1]}]
    for expected in values:
        for actual in values:
            finding = Finding("BN-001", "error", "表内", ("收入支出!B5", "收入支出!B6"), "说明", expected, actual)
            made = finding.as_json()
            assert made == old(finding)
            assert list(made) == list(old(finding))  # the same keys in the same order
            if isinstance(expected, list | dict):
                assert made["expected"] is not expected  # a copy, as asdict made: the report does not share it


def test_one_cell_arguments_read_as_the_range_walk_reads_them() -> None:
    for value in (None, D("1.5"), D("-0"), D("1E+3"), 2.5, -0.0, 1e300, "—", "", "12.5", "1,234", "3%", "abc", "#N/A",
                  float("nan")):
        try:
            expected: Any = [_num(raw, 1, r, c) for r, c, raw in cells(value)]
        except ValueError as exc:  # ArgError: the same argument, row, column and reason
            expected = (type(exc), exc.args, exc.arg, exc.row, exc.col, exc.raw)  # type: ignore[attr-defined]
        try:
            made: Any = numbers(value, 1)
        except ValueError as exc:
            made = (type(exc), exc.args, exc.arg, exc.row, exc.col, exc.raw)  # type: ignore[attr-defined]
        assert made == expected or (value != value and str(made) == str(expected)), value


def test_the_target_start_class_is_the_character_test_it_replaced() -> None:
    """Every code point: the regex class answers as ``in _TARGET_STARTS or isdecimal() or isspace()`` did."""
    match = ind._TARGET_START.match
    for code in range(0x110000):
        ch = chr(code)
        assert (match(ch) is not None) == (ch in ind._TARGET_STARTS or ch.isdecimal() or ch.isspace()), hex(code)


def _old_split_segment(segment: str) -> tuple[str, ind.Target]:
    for start in range(1, len(segment)):
        first = segment[start]
        if not (first in ind._TARGET_STARTS or first.isdecimal() or first.isspace()):
            continue
        target = ind.parse_target(segment[start:])
        if target.quantified:
            name = segment[:start].strip().rstrip("：:，,")
            if name:
                return name, target
    return ind._split_segment(segment)  # the rest of the function is unchanged


def test_segments_split_as_the_character_loop_split_them(seed_data: Dataset) -> None:
    segments = [s for record in seed_data["sub_goals"] for s in ind._SEPARATORS.split(record.get("indicators") or "")]
    segments += [
        "培训次数≥4次",
        "满意度达到90%以上",
        "每年举办4次讲座",
        "党务工作完成率\u3000≥ 90%",
        "经费２．６４万元",
        "率$\\geq 90\\%$",
        "完成率\u2003100%",
        "覆盖率＞95％",
        "x",
        "",
        "无数字",
        "人数：١٢ 人",
        "合格率 ≦ 5%",
    ]
    for segment in segments:
        assert ind._split_segment(segment) == _old_split_segment(segment), segment


def test_detail_targets_from_the_schema_rows_made_once_are_those_made_per_book(datasets: list[Dataset]) -> None:
    from budget_addin.core import details

    def old(book: Book, table: str) -> dict[str, list[tuple[str, RowKey]]]:
        found: dict[str, list[tuple[str, RowKey]]] = {}
        if table == "details":
            for name in details.PARENT_TABLES:
                for row in TABLES_BY_KEY[name].rows:
                    found.setdefault(details.normal_label(row.label), []).append((name, row.key))
        for i in book.rows(table):
            item = book.text(table, i, "item")
            if item:
                found.setdefault(details.normal_label(item), []).append((table, i))
        return found

    for data in datasets:
        for table in ("details", "staff"):
            made, expected = details._targets(Book(data), table), old(Book(data), table)
            assert made == expected
            assert [list(v) for v in made.values()] == [list(v) for v in expected.values()]  # the same order
            assert list(made) == list(expected)


def test_the_class_hierarchy_of_a_long_table_is_checked_in_linear_time() -> None:
    """BN-023 looked for each code's children among all codes: 100,000 imported rows took over ten minutes."""
    import time

    from budget_addin.core.dataset import blank_dataset
    from budget_addin.rules import run_rules

    data = blank_dataset("测试局", "999001", "2024")
    records: list[dict[str, Any]] = []
    for kind in ("201", "202"):  # two 类 of 100 款 of 99 项 each: 20,002 rows
        records.append({"code": kind, "name": f"类{kind}", "total": D(9900)})
        for k in range(100):
            records.append({"code": f"{kind}{k:02d}", "name": f"款{k}", "total": D(99)})
            records += [{"code": f"{kind}{k:02d}{j:02d}", "name": f"项{j}", "total": D(1)} for j in range(1, 100)]
    records[2]["total"] = D(2)  # 2010001: its 款 20100 now adds up to 100, not 99
    data["gp_expenditure_table"] = records
    started = time.process_time()
    findings = run_rules(Book(data), only={"BN-023"}).findings
    assert time.process_time() - started < 3  # ≈ 0.3 s; scanning every code for each took ≈ 16 s
    assert [f.message.split("应等于")[0] for f in findings] == ["科目 20100 合计 99 "]
    assert findings[0].expected == D(100) and findings[0].cells[0] == "一般公共预算支出表!C5"  # the 款, then its 项
