"""Tables of a PDF continued over pages, and tables printed wider than the page: joined when certain, else listed
with their reason and never judged (a cut table's 合计 against the rows on its first page is a false error).

The disclosures are invented: a table in 元 with thousands separators, in portrait A4, rendered from a web page by
LibreOffice (it wraps long figures inside their cells, splits rows over the page break, and prints a table too
wide for the page past its edge).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import published_samples as ps
import pytest

from budget_addin.batch import check_document
from budget_addin.core.findings import Report
from budget_addin.files.published.document import read_tables
from budget_addin.files.published.pdf_page import Line, Rule, read_pages
from budget_addin.files.published.pdf_tables import (
    FoundTable,
    TableCell,
    _merge_collinear,
    join_continued,
    ruled_tables,
)

ITEMS = [("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
         ("2010302", "一般行政管理事务"), ("2010350", "事业运行"), ("205", "教育支出"), ("20502", "普通教育"),
         ("2050201", "学前教育"), ("2050202", "小学教育"), ("2050203", "初中教育"), ("2050204", "高中教育"),
         ("207", "文化旅游体育与传媒支出"), ("20701", "文化和旅游"), ("2070101", "行政运行"), ("2070109", "群众文化"),
         ("2070199", "其他文化和旅游支出"), ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
         ("2080505", "机关事业单位基本养老保险缴费支出"), ("2080506", "机关事业单位职业年金缴费支出"),
         ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗"),
         ("2101102", "事业单位医疗"), ("2101199", "其他行政事业单位医疗支出"), ("221", "住房保障支出"),
         ("22102", "住房改革支出"), ("2210201", "住房公积金"), ("2210203", "购房补贴")]
SOURCES = ["一般公共预算拨款收入", "事业收入", "其他收入", "上年结转", "政府性基金预算拨款收入",
           "国有资本经营预算拨款收入"]


def _income_table(sources: int, planted: str | None = None) -> str:
    """表2 部门收入预算总表 in 元: 合计, then 类/款/项 rows whose sums hold (a 项 of ``planted`` 10 元 off)."""
    leaves = {code: [(int(code) * (7 + i) % 9_000_000 + 100_000) * 100 for i in range(sources)]
              for code, _ in ITEMS if len(code) == 7}
    rows = {}
    for code, _ in ITEMS:
        parts = [sum(v[i] for k, v in leaves.items() if k.startswith(code)) for i in range(sources)]
        rows[code] = [sum(parts), *parts]
    total = [sum(rows[code][i] for code, _ in ITEMS if len(code) == 3) for i in range(sources + 1)]
    if planted:
        rows[planted][0] += 1000

    def money(cents: int) -> str:
        return f"{cents / 100:,.2f}"

    head = "".join(f"<th>{h}</th>" for h in ["科目编码", "科目名称", "合计", *SOURCES[:sources]])
    body = [f"<tr><td></td><td>合计</td>{''.join(f'<td>{money(v)}</td>' for v in total)}</tr>"]
    body += [f"<tr><td>{code}</td><td>{label}</td>{''.join(f'<td>{money(v)}</td>' for v in rows[code])}</tr>"
             for code, label in ITEMS]
    return ("<p style='text-align:center'><b>表2 部门收入预算总表</b></p><p style='text-align:right'>单位：元</p>"
            "<table border='1' cellspacing='0' cellpadding='1' width='100%' style='font-size:8pt'>"
            f"<tr>{head}</tr>{''.join(body)}</table>")


def _page(sources: int, planted: str | None = None, lines: int = 8) -> str:
    prose = "<p>某县文化馆2024年部门预算公开，以下为部门收入预算总表。</p>" * lines  # the table starts mid-page
    return (f"<html><head><meta charset='utf-8'><style>table{{border-collapse:collapse}} td,th{{border:1px solid #000;"
            f"padding:2px 4px}}</style></head><body>{prose}{_income_table(sources, planted)}</body></html>")


VARIANTS = {"fits": (3, None, 8), "fits_planted": (3, "2050202", 8), "wide": (5, None, 8),
            "wide_planted": (5, "2050202", 8),
            "split_label": (3, None, 5), "split_label_later": (3, None, 10)}  # a label wrapped over the page break


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("continued")
    sources = []
    for name, (sources_count, planted, lines) in VARIANTS.items():
        path = folder / f"{name}.html"
        path.write_text(_page(sources_count, planted, lines), encoding="utf-8")
        sources.append(path)
    subprocess.run([ps.soffice(), f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), *map(str, sources)], check=True, capture_output=True, timeout=300)
    return {name: folder / f"{name}.pdf" for name in VARIANTS}


def _table_findings(report: Report) -> list[str]:
    return [f"{f.rule} {f.message}" for f in report.findings if f.rule.startswith("BG-00")]


def test_a_table_in_yuan_over_three_pages_is_one_table_every_row_whole(pdfs: dict[str, Path]) -> None:
    [table] = read_tables(pdfs["fits"])
    assert table.problem is None and table.unit == "元"
    assert [(row.code, row.label) for row in table.rows] == [("", "合计"), *ITEMS]  # no row split by a page break
    assert table.rows[0].figures[3].value is not None and table.rows[0].figures[3].text.endswith(".00")
    assert _table_findings(check_document(pdfs["fits"])) == []


@pytest.mark.parametrize("name", ["split_label", "split_label_later"])
def test_a_row_whose_label_the_page_break_splits_is_read_whole(name: str, pdfs: dict[str, Path]) -> None:
    overleaf = [piece.row_texts(0) for page in read_pages(pdfs[name]) for piece in ruled_tables(page)[0]
                if piece.row_texts(0)[0] != "科目编码"]
    assert any(not first[0] and first[1] for first in overleaf), overleaf  # a page starts with the rest of a label
    [table] = read_tables(pdfs[name])
    assert table.problem is None and [(row.code, row.label) for row in table.rows] == [("", "合计"), *ITEMS]
    assert _table_findings(check_document(pdfs[name])) == []


def test_a_planted_difference_in_a_continued_table_is_found(pdfs: dict[str, Path]) -> None:
    found = _table_findings(check_document(pdfs["fits_planted"]))
    assert any(f.startswith("BG-001") and "20502 普通教育 · 合计" in f and "差 10.00" in f for f in found), found
    assert any(f.startswith("BG-004") and "2050202 小学教育 · 合计" in f for f in found), found
    assert len(found) == 2, found


@pytest.mark.parametrize("name", ["wide", "wide_planted"])
def test_a_table_printed_past_the_page_edge_is_listed_with_its_reason_not_judged(name: str,
                                                                                 pdfs: dict[str, Path]) -> None:
    tables = read_tables(pdfs[name])
    assert len(tables) == 1  # its pieces on three pages still one table
    assert tables[0].problem is not None and "页边" in tables[0].problem
    assert _table_findings(check_document(pdfs[name])) == []


# -- the pieces --------------------------------------------------------------------------------------------


def test_rules_of_two_tables_a_point_apart_stay_two() -> None:
    upper, lower = Rule(False, 448.3, 312.0, 634.8), Rule(False, 449.7, 42.1, 250.7)
    merged = _merge_collinear([upper, lower])
    assert sorted((r.at, r.start, r.end) for r in merged) == [(448.3, 312.0, 634.8), (449.7, 42.1, 250.7)]
    pieces = [Rule(True, 100.0, 50.0, 120.0), Rule(True, 100.4, 120.0, 200.0), Rule(True, 99.8, 199.0, 300.0)]
    assert [(r.start, r.end) for r in _merge_collinear(pieces)] == [(50.0, 300.0)]  # one border drawn cell by cell


def _piece(page: int, rows: list[list[str]], columns: list[float] | None = None) -> FoundTable:
    columns = columns or [50.0, 100.0, 250.0, 350.0]
    table = FoundTable(page, columns, 700.0, 100.0, row_pages=[page] * len(rows), last_page=page)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cells[(r, c)] = TableCell(text, (page, columns[c], 600.0 - 20 * r, columns[c + 1], 620.0 - 20 * r))
    return table


def _joined(first: list[list[str]], second: list[list[str]]) -> list[FoundTable]:
    a, b = _piece(1, first), _piece(2, second)
    tables, _titles = join_continued([a, b], [[Line(1, [], "表2部门收入预算总表")], []], [[a], [b]])
    return tables


@pytest.mark.parametrize(("rest", "whole"), [
    (["", "业支出", ""], ["208", "社会保障和就业支出", "1,280,800.00"]),  # a label wrapped over the break
    (["", "", "0"], ["208", "社会保障和就", "1,280,800.00"]),  # a figure wrapped over it
])
def test_the_rest_of_a_row_split_by_a_page_break_joins_that_row(rest: list[str], whole: list[str]) -> None:
    head = [["科目编码", "科目名称", "合计"], ["207", "文化旅游体育与传媒支出", "3,912,500.00"]]
    [table] = _joined([*head, ["208", "社会保障和就", "1,280,800.0"]],
                      [rest, ["20805", "行政事业单位养老支出", "1,280,800.00"]])
    expected = [*head, whole, ["20805", "行政事业单位养老支出", "1,280,800.00"]]
    if rest[2] == "":
        expected[2][2] = "1,280,800.0"
    assert [table.row_texts(r) for r in range(table.rows)] == expected
    assert table.row_pages == [1, 1, 1, 2]


@pytest.mark.parametrize("first", [["20805", "行政事业单位养老支出", "1,280,800.00"],  # a row of its own
                                   ["", "", "1,280,800.00"],  # a whole figure under a figure
                                   ["", "其中：", "12.00"],  # a figure under a label's row: its own
                                   ["2080506", "机关事业单位职业年金缴费支出", ""]])  # a code under a code
def test_a_row_of_its_own_overleaf_is_not_joined_to_the_row_before(first: list[str]) -> None:
    [table] = _joined([["科目编码", "科目名称", "合计"], ["208", "社会保障和就业支出", "1,280,800.00"]], [first])
    assert table.rows == 3 and table.row_texts(2) == first


def test_an_untitled_table_overleaf_with_other_columns_leaves_both_unjudged() -> None:
    a = _piece(1, [["科目编码", "科目名称", "合计"], ["208", "社会保障和就业支出", "1,280,800.00"]])
    b = _piece(2, [["20805", "行政事业单位养老支出", "1,280,800.00"]], [50.0, 120.0, 250.0, 350.0])
    tables, _titles = join_continued([a, b], [[Line(1, [], "表2部门收入预算总表")], []], [[a], [b]])
    assert len(tables) == 2
    assert "可能不全" in (tables[0].problem or "") and "续表" in (tables[1].problem or "")
    a = _piece(1, [["科目编码", "科目名称", "合计"], ["208", "社会保障和就业支出", "1,280,800.00"]])
    c = _piece(2, [["项目", "金额"]], [50.0, 120.0, 250.0])  # a table with its own title overleaf: both whole
    tables, _titles = join_continued([a, c], [[Line(1, [], "表2")], [Line(2, [], "表3部门支出预算总表")]], [[a], [c]])
    assert [t.problem for t in tables] == [None, None]


def test_a_header_cut_after_its_first_row_goes_on_over_the_finer_columns_overleaf() -> None:
    """A page that ends after a header's first row (功能分类科目编码 over 类 | 款 | 项, cut inside its texts): the
    rows overleaf have more columns; the first row's cells span them, and its texts are joined with their rest."""
    head = _piece(5, [["功能分类科目编", "科目名称", "2024年预"]], [50.0, 200.0, 300.0, 400.0])
    more = _piece(6, [["码", "", "", "", "算数"], ["类", "款", "项", "", ""],
                      ["207", "01", "01", "行政运行", "310.00"]], [50.0, 100.0, 150.0, 200.0, 300.0, 400.0])
    more.merged = [(0, 0, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4)]  # 编码 over three columns; the others over two rows
    tables, _titles = join_continued([head, more], [[Line(5, [], "表4一般公共预算支出表")], []], [[head], [more]])
    [table] = tables
    assert table.problem is None and table.columns == more.columns
    assert [table.row_texts(r) for r in range(table.rows)] == [
        ["功能分类科目编码", "", "", "科目名称", "2024年预算数"], ["类", "款", "项", "", ""],
        ["207", "01", "01", "行政运行", "310.00"]]
    assert table.merged == [(0, 0, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4)]
    assert table.row_pages == [5, 6, 6]


def test_a_cut_piece_holding_figures_is_not_spread_over_other_columns() -> None:
    rows = _piece(5, [["合计", "310.00", "2024年预"]], [50.0, 200.0, 300.0, 400.0])
    more = _piece(6, [["207", "01", "01", "行政运行", "310.00"]], [50.0, 100.0, 150.0, 200.0, 300.0, 400.0])
    tables, _titles = join_continued([rows, more], [[Line(5, [], "表4一般公共预算支出表")], []], [[rows], [more]])
    assert len(tables) == 2 and all(t.problem for t in tables)
    texts = _piece(5, [["指标", "内容", "说明"]] * 4, [50.0, 200.0, 300.0, 400.0])  # four rows: a table of its own
    more = _piece(6, [["207", "01", "01", "行政运行", "310.00"]], [50.0, 100.0, 150.0, 200.0, 300.0, 400.0])
    tables, _titles = join_continued([texts, more], [[Line(5, [], "表8绩效目标表")], []], [[texts], [more]])
    assert len(tables) == 2


CODED = [("", "", "", "合计", "600.00", "640.00"), ("207", "", "", "文化旅游体育与传媒支出", "480.00", "500.00"),
         ("207", "01", "", "文化和旅游", "480.00", "500.00"), ("207", "01", "01", "行政运行", "300.00", "310.00"),
         ("207", "01", "09", "群众文化", "180.00", "190.00"), ("208", "", "", "社会保障和就业支出", "120.00", "140.00"),
         ("208", "05", "", "行政事业单位养老支出", "120.00", "140.00"),
         ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "100.00", "110.00"),
         ("208", "05", "06", "机关事业单位职业年金缴费支出", "20.00", "30.00")]


def _coded_page(lines: int, planted: bool) -> str:
    """A table under a two-row header (功能分类科目编码 over 类 | 款 | 项), pushed down the page by ``lines``."""
    rows = [list(row) for row in CODED]
    if planted:
        rows[3][5] = "320.00"  # 行政运行: 款 ≠ Σ项
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows)
    return ("<html><head><meta charset='utf-8'><style>table{border-collapse:collapse} td,th{border:1px solid #000}"
            f"</style></head><body>{'<p>某县文化馆2024年部门预算公开。</p>' * lines}"
            "<p>表4 2024年一般公共预算支出表</p><p>单位：万元</p><table border='1' cellspacing='0' cellpadding='3'>"
            "<tr><th colspan='3'>功能分类科目编码</th><th rowspan='2'>科目名称</th><th rowspan='2'>2023年预算数</th>"
            "<th rowspan='2'>2024年预算数</th></tr><tr><th>类</th><th>款</th><th>项</th></tr>"
            f"{body}</table></body></html>")


@pytest.fixture(scope="module")
def cut_header(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The consistent and the planted table, pushed down until the page ends after the header's first row."""
    folder = tmp_path_factory.mktemp("cut_header")
    sources = []
    for lines in range(42, 56):
        for planted in (False, True):
            path = folder / f"{lines}{'_planted' if planted else ''}.html"
            path.write_text(_coded_page(lines, planted), encoding="utf-8")
            sources.append(path)
    subprocess.run([ps.soffice(), f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), *map(str, sources)], check=True, capture_output=True, timeout=300)
    for lines in range(42, 56):
        pieces = [piece for page in read_pages(folder / f"{lines}.pdf") for piece in ruled_tables(page)[0]]
        if len(pieces) == 2 and pieces[0].rows == 1 and len(pieces[0].columns) < len(pieces[1].columns):
            return folder / f"{lines}.pdf", folder / f"{lines}_planted.pdf"
    raise AssertionError("no rendering ends a page after the header's first row")


def test_a_header_cut_by_the_page_break_in_a_rendered_pdf_reads_whole_and_is_judged(
        cut_header: tuple[Path, Path]) -> None:
    consistent, planted = cut_header
    [table] = read_tables(consistent)
    assert table.problem is None and [c.name for c in table.columns] == ["2023年预算数", "2024年预算数"]
    assert [row.code for row in table.rows] == ["", "207", "20701", "2070101", "2070109", "208", "20805", "2080505",
                                                "2080506"]
    report = check_document(consistent)
    assert _table_findings(report) == [] and report.ledger["BG-001"] == "passed"
    found = _table_findings(check_document(planted))
    assert any("20701 文化和旅游 · 2024年预算数 500.00 ≠ 各项之和 510.00" in f for f in found), found
