"""Published tables read from every form: each printed figure in its table, row and column; `budget-addin tables`.

The disclosures are the invented ones of :mod:`published_samples` in real table shapes (江苏 side-by-side
收支总表, 上海 codes over 类/款/项 in 元, a three-level 三公 header, a 决算 table), rendered to .xlsx (one sheet
per table and all stacked on one sheet), .html, .docx and .csv.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from published_samples import (
    SampleDocument,
    SampleTable,
    figures_of,
    final_accounts_2022,
    jiangsu_2021,
    shanghai_2024,
    to_csv,
    to_docx,
    to_html,
    to_xlsx,
)

from budget_addin.cli import main
from budget_addin.core.published import Table
from budget_addin.files.importer.sources import Cell, Grid
from budget_addin.files.published.document import printed, read_tables
from budget_addin.files.published.tables import scope_of, tables_of

DOCUMENTS = {"jiangsu": jiangsu_2021, "shanghai": shanghai_2024, "final": final_accounts_2022}
FORMS = ("xlsx", "xlsx-stacked", "html", "docx", "csv")
CODE_HEADERS = ("科目编码", "类", "款", "项")


def render(document: SampleDocument, form: str, folder: Path) -> list[Path]:
    """The document as files of one form (a .csv holds one table, so one file per table)."""
    folder.mkdir(parents=True, exist_ok=True)
    if form == "csv":
        return [to_csv(table, folder / f"表{i}.csv") for i, table in enumerate(document.tables, start=1)]
    if form == "html":
        return [to_html(document, folder / "公开.html")]
    if form == "docx":
        return [to_docx(document, folder / "公开.docx")]
    return [to_xlsx(document, folder / "公开.xlsx", one_sheet=form == "xlsx-stacked")]


def tables_json(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> list[dict]:
    found = []
    for path in paths:
        assert main(["tables", str(path), "--format", "json"]) == 0
        found += json.loads(capsys.readouterr().out)
    return found


@pytest.fixture(scope="module")
def jiangsu_html(tmp_path_factory: pytest.TempPathFactory) -> list[Table]:
    return read_tables(render(jiangsu_2021(), "html", tmp_path_factory.mktemp("jiangsu"))[0])


def one(tables: list[Table], title_part: str, part: str = "") -> Table:
    (table,) = [t for t in tables if title_part in t.title and t.part == part]
    return table


def row_of(table: Table, label: str):  # noqa: ANN201 - a Row
    (row,) = [r for r in table.rows if r.label == label]
    return row


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").rstrip("%"))


# -- every printed figure, where it stood ---------------------------------------------------------

def _code_columns(table: SampleTable) -> list[int]:
    """The 0-based columns of a sample table's codes (科目编码, or 类/款/项 under the bottom header row)."""
    columns: list[int] = []
    for level in table.header:
        col = 0
        for head in level:
            if head.text in CODE_HEADERS and head.cols == 1:
                columns.append(col)
            col += head.cols
    if len(table.header) > 1 and any(h.text == "类" for h in table.header[1]):
        return [0, 1, 2]
    return sorted(set(columns))


def _found(sample: SampleTable, candidates: list[dict], row: int, col: int, text: str) -> bool:
    """Whether a printed cell of the sample came out at its row and column (a code as the row's joined code)."""
    codes = _code_columns(sample)
    for table in candidates:
        for out in (r for r in table["rows"] if r["index"] == row + 1):
            if col in codes:
                if out["code"] == "".join(sample.body[row][c] for c in codes):
                    return True
                continue
            figure = out["figures"].get(str(col + 1))
            if figure is not None and figure["value"] is not None and Decimal(figure["value"]) == number(text):
                return True
    return False


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_printed_figure_comes_out_in_its_table_row_and_column(
        name: str, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = DOCUMENTS[name]()
    assert_every_figure_found(document, tables_json(render(document, form, tmp_path), capsys))


def test_every_printed_figure_of_an_xls_attachment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An .xls (as LibreOffice saves one) is read through python-calamine, figures where they stood."""
    import subprocess

    from published_samples import soffice

    document = jiangsu_2021()
    (source,) = render(document, "xlsx", tmp_path)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xls", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    assert_every_figure_found(document, tables_json([source.with_suffix(".xls")], capsys))


def assert_every_figure_found(document: SampleDocument, found: list[dict]) -> None:
    """Every printed figure of the document (``figures_of``) came out at its table, row and column."""
    expected = missing = 0
    for sample in document.tables:
        candidates = [t for t in found if t["title"] == sample.title]
        assert candidates, sample.title
        for i, row in enumerate(sample.body):
            for j, text in enumerate(row):
                if (sample.title, text) not in figures_of(SampleDocument("", [], [sample])):
                    continue
                expected += 1
                missing += not _found(sample, candidates, i, j, text)
    assert expected == len(list(figures_of(document))) > 0
    assert missing == 0, f"{missing} of {expected} printed figures not where they stood"
    assert all(t["problem"] is None for t in found)
    assert len({t["title"] for t in found}) == len(document.tables)


# -- the shapes -------------------------------------------------------------------------------------

def test_side_by_side_summary_is_split_into_income_and_expenditure_halves(jiangsu_html: list[Table]) -> None:
    halves = [t for t in jiangsu_html if "收支预算总表" in t.title]
    assert [t.part for t in halves] == ["收入", "支出", "支出用途"]
    assert len({t.number for t in halves}) == 1
    income, spending = one(halves, "收支", "收入"), one(halves, "收支", "支出")
    amount = income.columns[0].index
    assert row_of(income, "本年收入合计").figures[amount].value == Decimal("580.61")
    assert income.columns[0].path == ("收入", "金额")
    assert not [r for r in income.rows if "支出" in r.label]
    assert not [r for r in spending.rows for f in r.figures.values() if f.value == Decimal("580.61")]
    assert row_of(spending, "本年支出合计").figures[spending.columns[0].index].value == Decimal("600.61")
    assert {r.label for r in one(halves, "收支", "支出用途").rows} >= {"一、基本支出", "二、项目支出"}


def test_income_total_is_kept_as_printed_under_its_own_label(jiangsu_html: list[Table]) -> None:
    income = one(jiangsu_html, "收入预算总表")
    first = income.rows[0]
    assert first.label == "收入合计" and first.figures[2].value == Decimal("600.61")
    assert "本年收入合计" not in {r.label for r in income.rows}


def test_three_public_table_scope_and_header_paths(jiangsu_html: list[Table]) -> None:
    three = one(jiangsu_html, "三公")
    assert three.scope == "三公"
    assert ("公务用车购置及运行费", "公务用车购置费") in [c.path for c in three.columns]
    assert ("合计",) in [c.path for c in three.columns]
    (row,) = three.rows
    assert row.label == "" and len(row.figures) == 8


@pytest.mark.parametrize("form", ["xlsx", "html", "csv"])
def test_shanghai_codes_joined_and_amounts_in_yuan(form: str, tmp_path: Path) -> None:
    document = shanghai_2024()
    tables = [t for p in render(document, form, tmp_path) for t in read_tables(p)]
    functions = one(tables, "功能分类")
    assert functions.unit == "元" and functions.scope == "一般公共预算"
    sample = document.tables[0]
    assert [r.code for r in functions.rows] == ["".join(row[:3]) for row in sample.body]
    assert {len(r.code) for r in functions.rows} == {3, 5, 7}
    running = row_of(functions, "行政运行")
    assert running.code == "2070101"
    assert running.figures[5].value == number(next(r for r in sample.body if r[3] == "行政运行")[4])
    assert [c.path for c in functions.columns] == [("合计",), ("基本支出",), ("项目支出",)]
    three = one(tables, "三公")
    assert three.unit == "万元" and three.scope == "三公"
    assert ("2023年预算数", "公务用车购置及运行费", "购置费") in [c.path for c in three.columns]
    assert [c.path[0] for c in three.columns] == ["2023年预算数"] * 6 + ["2024年预算数"] * 6


def test_final_accounts_columns_and_rate_unit(tmp_path: Path) -> None:
    document = final_accounts_2022()
    (table,) = read_tables(render(document, "docx", tmp_path)[0])
    assert [c.leaf for c in table.columns] == ["年初预算数", "调整预算数", "决算数", "完成率"]
    assert [c.unit for c in table.columns] == [None, None, None, "%"]
    total = table.rows[0]
    assert total.label == "合计" and total.code == ""
    printed_rate = document.tables[0].body[0][5]
    assert total.figures[6].value == number(printed_rate) and total.figures[6].text == printed_rate


def test_procurement_totals_and_classes_stay_rows(jiangsu_html: list[Table]) -> None:
    procurement = one(jiangsu_html, "政府采购")
    assert procurement.scope == "政府采购"
    labels = [r.label for r in procurement.rows]
    assert labels[:2] == ["合计", "货物类"] and "服务类" in labels
    assert all(r.code == "" for r in procurement.rows)
    amount = next(c.index for c in procurement.columns if c.leaf == "金额")
    classes = sum(row_of(procurement, name).figures[amount].value for name in ("货物类", "服务类"))
    assert row_of(procurement, "合计").figures[amount].value == classes
    item = procurement.rows[2]  # 采购品目 beside the label: a text column, its cells text without value
    assert item.figures[2].value is None and item.figures[2].text == "台式计算机"


def test_absent_column_is_absent_and_blank_cell_is_none(jiangsu_html: list[Table]) -> None:
    general = one(jiangsu_html, "一般公共预算支出预算表")
    assert [c.leaf for c in general.columns] == ["合计", "基本支出", "项目支出"]
    assert not [r for r in general.rows if set(r.figures) - {3, 4, 5}]
    spending = one(jiangsu_html, "支出预算总表")
    (row,) = spending.rows
    reserve = next(c.index for c in spending.columns if c.leaf == "单位预留机动经费")
    assert row.figures[reserve].value is None and row.figures[reserve].text == ""
    basic = one(jiangsu_html, "基本支出预算表")
    wages = next(r for r in basic.rows if r.code == "301")
    public = next(c.index for c in basic.columns if c.leaf == "公用经费")
    assert wages.figures[public].value is None


# -- grids written here -------------------------------------------------------------------------

def grid(rows: list[list[str]], merged: list[tuple[int, int, int, int]] | None = None, sheet: str = "Sheet1") -> Grid:
    g = Grid("表.xlsx", sheet, merged=merged or [])
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value:
                g.cells[(r, c)] = Cell(value)
    return g


def test_a_figure_column_without_a_header_is_a_problem() -> None:
    (table,) = tables_of([grid([["某局2021年项目支出预算表"], ["单位：万元"], ["项目", "金额"],
                                ["合计", "10.00", "3.00"], ["甲项目", "10.00", "3.00"]])])
    assert table.problem and "第3列" in table.problem
    assert table.scope == "项目"


def test_columns_of_the_same_name_are_a_problem() -> None:
    (table,) = tables_of([grid([["某局收入预算表"], ["项目", "金额", "金额"], ["合计", "10.00", "3.00"]])])
    assert table.problem and "金额" in table.problem


def test_a_table_without_a_header_is_a_problem_and_a_readable_one_is_not() -> None:
    broken, fine = tables_of([grid([["甲表"], ["合计", "1.00", "2.00"]]),
                              grid([["乙表"], ["项目", "金额"], ["合计", "1.00"]])])
    assert broken.problem and "表头" in broken.problem
    assert fine.problem is None and fine.rows[0].figures[2].value == Decimal("1.00")


def test_figures_as_printed_full_width_dashes_text_and_units() -> None:
    (table,) = tables_of([grid([["某局2021年部门支出总表"], ["金额单位：元"],
                                ["项目", "金额", "增长率", "备注"],
                                ["合计", "１，２３４．５６", "12.39%", "详见附表"],
                                ["甲", "—", "-", ""], ["乙", "－", "", "无"]])])
    assert table.unit == "元" and table.scope == "部门"
    total, first, second = table.rows
    assert total.figures[2].value == Decimal("1234.56") and total.figures[2].text == "１，２３４．５６"
    assert total.figures[3].value == Decimal("12.39") and table.column(3).unit == "%"
    assert total.figures[4].value is None and total.figures[4].text == "详见附表"
    assert [first.figures[2].value, first.figures[3].value, second.figures[2].value] == [None, None, None]
    assert first.figures[2].text == "—"


def test_unit_from_a_header_and_code_in_front_of_a_label() -> None:
    (table,) = tables_of([grid([["某局财政拨款支出表"], ["科目", "金额（元）"], ["2070101 行政运行", "1,000"]])])
    assert table.unit == "元" and table.column(2).unit == "元"
    assert table.rows[0].code == "2070101" and table.rows[0].label == "2070101 行政运行"


def test_stacked_tables_separated_at_each_title_and_a_sheet_name_as_title() -> None:
    stacked = grid([["公开01表"], ["某局收支总表"], ["单位：万元"], ["项目", "金额"], ["合计", "1.00"], [],
                    ["某局一般公共预算支出表"], ["科目编码", "科目名称", "金额"], ["201", "一般公共服务支出", "1.00"]])
    first, second = tables_of([stacked, grid([["项目", "金额"], ["合计", "2.00"]], sheet="政府性基金预算支出表")])[:2]
    assert (first.title, first.number, [r.label for r in first.rows]) == ("某局收支总表", 1, ["合计"])
    assert (second.scope, second.rows[0].code, second.rows[0].label) == ("一般公共预算", "201", "一般公共服务支出")
    fund = tables_of([grid([["项目", "金额"], ["合计", "2.00"]], sheet="政府性基金预算支出表")])[0]
    assert fund.title == "政府性基金预算支出表" and fund.scope == "政府性基金"


@pytest.mark.parametrize(("title", "scope"), [
    ("某局2021年财政拨款收支总表", "财政拨款"), ("某局部门收支总表", "部门"), ("某局2021年收支预算总表", "部门"),
    ("某局一般公共预算支出表", "一般公共预算"), ("某局2021年“三公”经费、会议费、培训费支出预算表", "三公"),
    ("一般公共预算财政拨款基本支出表", "一般公共预算"), ("政府性基金预算支出表", "政府性基金"),
    ("国有资本经营预算支出表", "国有资本经营"), ("机关运行经费支出预算表", "机关运行经费"), ("某局工作计划", "其他"),
])
def test_scope_from_the_title(title: str, scope: str) -> None:
    assert scope_of(title) == scope


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    ("1234.5", "#,##0.00", "1,234.50"), ("0.1239", "0.00%", "12.39%"), ("0", '#,##0.00;-#,##0.00;"-"', "-"),
    ("1", "00", "01"), ("6", "General", "6"), ("-5", "#,##0.00;(#,##0.00)", "(5.00)"), ("2.005", "0.00", "2.01"),
    ("45292", "yyyy-mm-dd", "2024-01-01"), ("45292", 'yyyy"年"m"月"d"日"', "2024-01-01"),
])
def test_a_stored_number_as_its_format_prints_it(value: str, number_format: str, shown: str) -> None:
    assert printed(Decimal(value), number_format) == shown


# -- budget-addin tables ------------------------------------------------------------------------

def test_tables_text_names_title_place_unit_scope_header_and_rows(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = render(jiangsu_2021(), "docx", tmp_path)
    assert main(["tables", str(path)]) == 0
    out = capsys.readouterr().out
    assert "表1 青山县文化广电和旅游局2021年收支预算总表（收入）" in out
    assert "位置：表格1　单位：万元　范围：部门" in out
    assert "公务用车购置及运行费·公务用车购置费" in out
    assert "2070101 行政运行：3=312.45" in out


def test_tables_json_keeps_decimals_as_strings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = render(final_accounts_2022(), "html", tmp_path)
    out = tmp_path / "表.json"
    assert main(["tables", str(path), "--format", "json", "-o", str(out)]) == 0
    (table,) = json.loads(out.read_text(encoding="utf-8"))
    assert set(table) == {"number", "title", "page", "sheet", "unit", "scope", "part", "problem", "columns", "rows"}
    assert table["columns"][-1] == {"index": 6, "path": ["完成率"], "unit": "%"}
    running = next(r for r in table["rows"] if r["code"] == "2070101")
    assert running["figures"]["3"] == {"value": "312.45", "text": "312.45"}


def test_tables_xlsx_one_sheet_per_table_figures_as_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = render(jiangsu_2021(), "html", tmp_path)
    out = tmp_path / "表格.xlsx"
    assert main(["tables", str(path), "--format", "xlsx", "-o", str(out)]) == 0
    assert "已写入" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["表1-收入", "表1-支出", "表1-支出用途"] and len(book.sheetnames) == 9
    sheet = book["表4"]
    cells = {sheet.cell(r, 3).value: sheet.cell(r, 4) for r in range(1, sheet.max_row + 1)}
    assert cells["行政运行"].value == 312.45 and cells["行政运行"].number_format == "0.00"
    assert sheet.cell(1, 1).value.endswith("一般公共预算支出预算表")
    assert not list(tmp_path.glob(".*.tmp"))


def test_tables_refuses_an_output_onto_its_input_or_of_the_wrong_kind(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = render(jiangsu_2021(), "xlsx", tmp_path)
    before = path.read_bytes()
    assert main(["tables", str(path), "--format", "xlsx", "-o", str(path)]) == 2
    assert main(["tables", str(path), "--format", "xlsx", "-o", str(tmp_path / "表.json")]) == 2
    assert main(["tables", str(path), "--format", "xlsx"]) == 2
    assert path.read_bytes() == before
    assert "输出文件就是输入文件" in capsys.readouterr().err


def test_tables_exit_codes_for_unreadable_and_tableless_files(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    damaged = tmp_path / "坏.docx"
    damaged.write_bytes(b"PK\x03\x04 not a zip")
    assert main(["tables", str(damaged)]) == 2
    assert main(["tables", str(tmp_path / "无此文件.html")]) == 2
    text = tmp_path / "说明.txt"
    text.write_text("没有表格", encoding="utf-8")
    assert main(["tables", str(text)]) == 2
    page = tmp_path / "说明.html"
    page.write_text("<html><body><p>本页没有表格。</p></body></html>", encoding="utf-8")
    assert main(["tables", str(page)]) == 3
    err = capsys.readouterr().err
    assert "无法读取" in err and "没有找到表格" in err


# -- shapes of other provinces, written here --------------------------------------------------------

def test_title_beside_its_table_number_and_unit_on_one_row() -> None:
    rows = [["公开02表", "某局2024年部门收入预算表", "单位：元"], ["项目", "金额"], ["合计", "1,000.00"]]
    (table,) = tables_of([grid(rows)])
    assert (table.title, table.unit, table.scope) == ("某局2024年部门收入预算表", "元", "部门")
    assert table.rows[0].figures[2].value == Decimal("1000.00")


def test_years_over_columns_are_header_and_column_numbers_are_no_row() -> None:
    rows = [["某局一般公共预算支出表"], ["科目名称", "2023", "2024", "增减率"], ["栏次", "1", "2", "3"],
            ["合计", "100.00", "110.00", "10.00"]]
    (table,) = tables_of([grid(rows)])
    assert [c.path for c in table.columns] == [("2023",), ("2024",), ("增减率",)]
    assert table.column(4).unit == "%"
    assert [r.label for r in table.rows] == ["合计"]
    bare = [["某局支出表"], ["项目", "本年", "上年", "增减"], ["", "1", "2", "3"], ["合计", "3.00", "2.00", "1.00"]]
    assert [r.label for r in tables_of([grid(bare)])[0].rows] == ["合计"]


def test_halves_named_from_their_labels_when_the_header_does_not_say() -> None:
    rows = [
        ["某局财务收支预算总表"],
        ["项目", "预算数", "项目", "预算数"],
        ["一、财政拨款收入", "90.00", "一、一般公共服务支出", "80.00"],
        ["二、事业收入", "10.00", "二、教育支出", "20.00"],
        ["收入合计", "100.00", "支出合计", "100.00"],
    ]
    income, spending = tables_of([grid(rows)])
    assert (income.part, spending.part) == ("收入", "支出") and income.number == spending.number
    assert [r.label for r in spending.rows][-1] == "支出合计" and spending.columns[0].index == 4


def test_code_in_brackets_before_the_name() -> None:
    (table,) = tables_of([grid([["某局基本支出表"], ["项目", "金额"], ["[30101]基本工资", "1.00"]])])
    assert table.rows[0].code == "30101" and table.rows[0].label == "[30101]基本工资"


def test_a_header_repeated_on_the_next_page_is_no_row() -> None:
    rows = [["某局一般公共预算支出表"], ["科目编码", "科目名称", "金额"], ["201", "一般公共服务支出", "5.00"],
            ["科目编码", "科目名称", "金额"], ["20101", "人大事务", "5.00"]]
    (table,) = tables_of([grid(rows)])
    assert [r.code for r in table.rows] == ["201", "20101"]


def test_pdf_tables_numbered_in_order_on_their_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract with the PDF reader: ``read_pdf(path).tables`` items with ``.grid``, ``.page`` and ``.problem``
    (a table the page cut is listed with the reader's reason, never judged)."""
    import sys
    import types

    cut = "表格超出第6页的页边，部分栏目被截断（纸面上看不全），无法确定各栏"
    pages = [(3, grid([["某局收支总表"], ["项目", "金额"], ["合计", "1.00"], ["收入", "2.00"]]), None),
             (5, grid([["某局“三公”经费支出表"], ["合计", "公务接待费"], ["1.00", "1.00"]]), None),
             (6, grid([["某局支出总表"], ["项目", "金额"], ["合计", "3.00"]]), cut)]
    fake = types.ModuleType("budget_addin.files.published.pdf")
    fake.read_pdf = lambda path: types.SimpleNamespace(  # type: ignore[attr-defined]
        tables=[types.SimpleNamespace(grid=g, page=p, problem=problem) for p, g, problem in pages])
    monkeypatch.setitem(sys.modules, "budget_addin.files.published.pdf", fake)
    path = tmp_path / "公开.pdf"
    path.write_bytes(b"%PDF-1.4")
    summary, three, spending = read_tables(path)
    assert (summary.number, summary.page, [r.label for r in summary.rows]) == (1, 3, ["合计", "收入"])
    assert (three.number, three.page, three.scope, three.where) == (2, 5, "三公", "第5页 表2")
    assert (summary.problem, three.problem, spending.problem) == (None, None, cut)
    assert [r.label for r in spending.rows] == ["合计"]


def test_spreadsheet_figures_read_in_the_decimals_their_format_prints(tmp_path: Path) -> None:
    document = final_accounts_2022()
    path = render(document, "xlsx", tmp_path)[0]
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows(min_row=4):
        for cell in row[2:5]:
            cell.number_format = "#,##0.00"
        row[5].value = float(row[5].value.rstrip("%")) / 100 if isinstance(row[5].value, str) else row[5].value
        row[5].number_format = "0.00%"
    book.save(path)
    (table,) = read_tables(path)
    sample = document.tables[0]
    for printed_row, row in zip(sample.body, table.rows, strict=True):
        assert [row.figures[c].text for c in (3, 4, 5, 6)] == printed_row[2:6]
    assert table.column(6).unit == "%" and table.rows[0].figures[6].value == number(sample.body[0][5])


def test_a_label_merged_over_two_columns_is_one_label() -> None:
    rows = [["某局部门支出总表"], ["项目", "", "合计"], ["合计", "", "3.00"], ["甲", "", "1.00"], ["乙", "", "2.00"]]
    merged = [(r, 1, r, 2) for r in range(2, 6)]
    (table,) = tables_of([grid(rows, merged)])
    assert [c.path for c in table.columns] == [("合计",)] and table.problem is None
    assert [r.label for r in table.rows] == ["合计", "甲", "乙"]


def test_the_title_line_nearest_the_table_names_it() -> None:
    rows = [["某局2021年部门预算公开表"], ["某局2021年收支总表"], ["公开01表"], ["项目", "金额"], ["合计", "1.00"]]
    (table,) = tables_of([grid(rows)])
    assert table.title == "某局2021年收支总表"
    prose = [["某局2021年收支总表"], ["收支情况详见下表。"], ["项目", "金额"], ["合计", "1.00"]]
    (table,) = tables_of([grid(prose)])
    assert table.title == "某局2021年收支总表" and [c.path for c in table.columns] == [("金额",)]


def test_a_line_naming_department_date_and_unit_is_no_header() -> None:
    rows = [
        ["某局2021年部门支出总表"],
        ["编制单位：某局", "2021年1月", "单位：千元"],
        ["项目", "合计"],
        ["合计", "1.00"],
    ]
    (table,) = tables_of([grid(rows)])
    assert table.unit == "千元" and [c.path for c in table.columns] == [("合计",)]


def test_rows_are_numbered_as_printed_whatever_gaps_the_grid_has() -> None:
    rows = [["某局收入预算总表"], ["项目", "金额"], ["收入合计", "3.00"], [], ["其他收入", "3.00"]]
    (table,) = tables_of([grid(rows)])
    assert [(r.index, r.label) for r in table.rows] == [(1, "收入合计"), (2, "其他收入")]


def test_labels_in_two_levels_under_one_header_are_one_label_column() -> None:
    rows = [["某局2021年收入预算总表"], ["项目", "", "金额"], ["收入合计", "", "600.61"], ["财政拨款", "", "560.61"],
            ["", "一般公共预算拨款", "560.61"], ["上年结转", "", "20.00"]]
    (table,) = tables_of([grid(rows, [(2, 1, 2, 2)])])
    assert [c.path for c in table.columns] == [("金额",)] and table.problem is None
    assert [r.label for r in table.rows] == ["收入合计", "财政拨款", "一般公共预算拨款", "上年结转"]
    assert table.rows[2].figures[3].value == Decimal("560.61")


@pytest.mark.parametrize(
    ("header", "unit"), [("金额（元）", "元"), ("预算数（单位：千元）", "千元"), ("增减率(%)", "%"), ("公用经费", None)]
)
def test_a_unit_named_in_a_column_header(header: str, unit: str | None) -> None:
    (table,) = tables_of([grid([["某局支出预算表"], ["项目", header], ["合计", "1.00"]])])
    assert table.column(2).unit == unit
    assert table.unit == (unit if unit in ("元", "千元") else "万元")


def test_check_of_a_spreadsheet_of_published_tables_checks_them_as_printed(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A spreadsheet without the template's sheets is a disclosure's tables: checked as printed, not as a workbook."""
    from budget_addin.cli import main
    from budget_addin.exit_codes import EXIT_FINDINGS, EXIT_OK

    consistent = to_xlsx(jiangsu_2021(), tmp_path / "tables.xlsx")
    assert main(["check", str(consistent)]) == EXIT_OK
    assert "缺少工作表" not in capsys.readouterr().out
    planted = to_xlsx(jiangsu_2021(plant={("一般公共预算支出预算表", "207", 2): "482.53"}), tmp_path / "planted.xlsx")
    assert main(["check", str(planted)]) == EXIT_FINDINGS
    assert "207 文化旅游体育与传媒支出 · 合计 482.53 ≠ 各款之和 482.35" in capsys.readouterr().out
