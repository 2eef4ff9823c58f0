"""Mixed units on import, and a batch's exit code for mixed outcomes — what the user sees: the value placed in
the workbook (in 万元) and the code a script gets.

Tables and texts are written here; every expected 万元 value is worked out by hand (元 ÷ 10000).
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from published_samples import rows_xlsx

from budget_addin import batch
from budget_addin.cli import main
from budget_addin.core.dataset import load_seed
from budget_addin.core.model import Book
from budget_addin.files.importer.run import import_sources
from budget_addin.narrative.claims import extract, link_and_judge


def _table(tmp_path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    return rows_xlsx(tmp_path / "t.xlsx", rows, merges)


HEAD = ["科目编码", "科目名称"]


# -- mixed units on import ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("unit_line", "header", "row", "expected"), [
    # a 元 column under a 万元 table: that column ÷ 10000, the others as printed
    ("单位：万元", ["合计（元）", "基本支出（元）", "项目支出"], [1234500, 1000000, 23.45], ("123.45", "100", "23.45")),
    # a 万元 column under a 元 table: that column as printed, the others ÷ 10000
    ("单位：元", ["合计", "基本支出（万元）", "项目支出"], [1234500, 100, 234500], ("123.45", "100", "23.45")),
    # no unit line: a header's 元 is the table's unit
    (None, ["合计（元）", "基本支出", "项目支出"], [1234500, 1000000, 234500], ("123.45", "100", "23.45")),
    # the whole table in 元
    ("单位：元", ["合计", "基本支出", "项目支出"], [1234567, 1000000, 234567], ("123.4567", "100", "23.4567")),
    # a cell typed with its own unit under a 万元 table
    ("单位：万元", ["合计", "基本支出", "项目支出"], ["1,234,500元", 100, "23.45"], ("123.45", "100", "23.45")),
])
def test_each_column_is_converted_by_its_own_unit(tmp_path: Path, unit_line: str | None, header: list[str],
                                                  row: list[object], expected: tuple[str, str, str]) -> None:
    rows = [["部门支出总表"], *([[unit_line]] if unit_line else []), HEAD + header, [None, "合计", *row]]
    result = import_sources([_table(tmp_path, rows)])
    (placed,) = result.data["expenditure_table"]
    assert (placed["total"], placed["basic"], placed["project"]) == tuple(D(e) for e in expected)
    assert result.placer.unplaced == [] and result.placer.conflicts == []


def test_a_unit_on_the_upper_level_of_a_two_level_header_holds_for_the_columns_under_it(tmp_path: Path) -> None:
    rows = [
        ["部门支出总表"],
        ["单位：万元"],
        HEAD + ["本年预算数（元）", None, None],
        [None, None, "合计", "基本支出", "项目支出"],
        [None, "合计", 1234500, 1000000, 234500],
    ]
    (placed,) = import_sources([_table(tmp_path, rows, ("C3:E3",))]).data["expenditure_table"]
    assert (placed["total"], placed["basic"], placed["project"]) == (D("123.45"), D(100), D("23.45"))


def test_import_writes_the_yuan_column_in_wan_yuan_and_exits_zero(tmp_path: Path) -> None:
    """Through the command: exit 0, and the cells of 部门支出总表 hold 123.45 / 100 / 23.45, not 1234500."""
    source = _table(tmp_path, [["部门支出总表"], ["单位：万元"], HEAD + ["合计（元）", "基本支出（元）", "项目支出"],
                               [None, "合计", 1234500, 1000000, 23.45]])
    out = tmp_path / "out.xlsm"
    assert main(["import", str(source), "-o", str(out), "--name", "样例局", "--code", "999", "--year", "2021"]) == 0
    sheet = openpyxl.load_workbook(out)["部门支出总表"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    placed = next(row for row in values if "合计" in row and any(isinstance(v, (int, float)) for v in row))
    numbers = [v for v in placed if isinstance(v, (int, float))]
    assert numbers == [pytest.approx(123.45), pytest.approx(100), pytest.approx(23.45)]


# -- 元 amounts and 上年 figures in the claims judged against a workbook ------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Book:
    return Book(load_seed().data, source="seed")


def _checks(book: Book, text: str) -> list[tuple[str, str, str, D | None, D | None]]:
    return [(j.claim.kind, c.rule, c.severity, c.expected, c.actual)
            for j in link_and_judge(book, extract([text])) for c in j.checks]


def test_an_amount_in_yuan_is_judged_in_wan_yuan(seed: Book) -> None:
    """The seed's 基本支出 is 1304.85 万元 (收入支出!B19) and its change 94.8 万元."""
    assert _checks(seed, "基本支出 13,048,500 元。") == [("amount", "SM-AMOUNT", "ok", D("1304.85"), D("1304.85"))]
    assert _checks(seed, "基本支出 13,048,600 元。") == [("amount", "SM-AMOUNT", "error", D("1304.85"), D("1304.86"))]
    assert _checks(seed, "基本支出比上年增加 948,000 元。") == [("change", "SM-CHANGE", "ok", D("94.8"), D("94.8"))]
    assert _checks(seed, "基本支出比上年增加 958,000 元。") == [("change", "SM-CHANGE", "error", D("94.8"), D("95.8"))]


@pytest.mark.parametrize("text", ["基本支出上年预算数为 1210.05 万元。", "基本支出上年预算数为 12,100,500 元。"])
def test_a_prior_year_figure_is_never_judged_as_this_years_amount(seed: Book, text: str) -> None:
    """1210.05 = 1304.85 − 94.8 is last year's 基本支出: not an SM-AMOUNT error against this year's 1304.85."""
    judged = link_and_judge(seed, extract([text]))
    assert [(j.claim.kind, j.claim.amount) for j in judged] == [("prior", D("1210.05"))]
    assert all(c.severity not in {"error", "warning"} for j in judged for c in j.checks)


# -- a batch's exit code: the worst of its files, 4 > 2 > 1 > 3 > 0 ----------------------------------------------

CLEAN = "<p>支出总计 100 万元，其中基本支出 60 万元、项目支出 40 万元。</p>"
ERRORS = "<p>支出总计 100 万元，其中基本支出 60 万元、项目支出 50 万元。</p>"  # 60 + 50 = 110 > 100


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("outcomes")
    for name, body in (("clean.html", CLEAN), ("errors.html", ERRORS)):
        (root / name).write_text(f"<html><body><h1>2021年样例局部门预算</h1>{body}</body></html>", encoding="utf-8")
    assert main(["new", "--name", "样例局", "--code", "999", "--year", "2021", str(root / "blank.xlsm")]) == 0
    (root / "broken.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    return root


@pytest.mark.parametrize(("names", "code"), [
    (["clean.html"], 0), (["errors.html"], 1), (["blank.xlsm"], 3), (["broken.xlsx"], 2),
    (["clean.html", "blank.xlsm"], 3), (["blank.xlsm", "clean.html"], 3),
    (["clean.html", "broken.xlsx"], 2), (["errors.html", "blank.xlsm"], 1), (["errors.html", "broken.xlsx"], 2),
    (["blank.xlsm", "broken.xlsx", "errors.html", "clean.html"], 2),
])
def test_a_batch_exits_with_the_worst_code_of_its_files(files: Path, tmp_path: Path, names: list[str],
                                                        code: int) -> None:
    assert main(["check", *[str(files / n) for n in names], "--jobs", "1", "-q", "-o", str(tmp_path / "r.txt")]) == code


def test_a_crash_beside_every_other_outcome_exits_four(files: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.check_published_document

    def fragile(path: Path):  # noqa: ANN202
        if path.name == "errors.html":
            raise RuntimeError("规则引擎故障")
        return real(path)

    monkeypatch.setattr(batch, "check_published_document", fragile)
    names = ["clean.html", "blank.xlsm", "broken.xlsx", "errors.html"]
    assert main(["check", *[str(files / n) for n in names], "--jobs", "1", "-q", "-o", str(tmp_path / "r.txt")]) == 4
    assert main(["check", str(files / "clean.html"), "--jobs", "1", "-q", "-o", str(tmp_path / "r.txt")]) == 0


@pytest.mark.parametrize(("outcomes", "code"), [
    ([batch.Outcome("a"), batch.Outcome("b", nothing_checked=True)], 3),
    ([batch.Outcome("a"), batch.Outcome("b", unreadable="坏")], 2),
    ([batch.Outcome("a", (1, 0, 0)), batch.Outcome("b", nothing_checked=True)], 1),
    ([batch.Outcome("a", (0, 5, 5))], 0),  # warnings and infos are no errors
    ([batch.Outcome("a", (1, 0, 0)), batch.Outcome("b", crashed="出错")], 4),
    ([batch.Outcome("a"), batch.Outcome("b", rule_crashed=True)], 4),
    ([batch.Outcome("a", crashed="出错"), batch.Outcome("b", unreadable="坏")], 4),
])
def test_the_tally_of_a_batch_gives_the_worst_code(outcomes: list[batch.Outcome], code: int) -> None:
    tally = batch.Tally()
    for outcome in outcomes:
        tally.add(outcome)
    assert tally.exit_code() == code


# -- the same figure from a table in 元 and one in 万元 ----------------------------------------------------------------


def _expenditure(folder: Path, name: str, unit: str, total: object, basic: object, project: object) -> Path:
    folder.mkdir(exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    for values in (
        ["部门支出总表"],
        [f"单位：{unit}"],
        HEAD + ["合计", "基本支出", "项目支出"],
        [None, "合计", total, basic, project],
    ):
        ws.append(values)
    wb.save(folder / name)
    return folder / name


@pytest.mark.parametrize(("total", "conflict"), [
    (1234.57, False),  # 12,345,678 元 = 1234.5678 万元, shown to the cent
    (1234.6, False),  # shown to a tenth: 1234.5678 is within 0.05
    (1234.58, True),  # 0.0122 off at the cent: another figure
    (1234.5, True),  # 0.0678 off at a tenth
])
def test_a_figure_in_yuan_and_the_same_in_wan_yuan_agree_at_the_coarser_rounding(tmp_path: Path, total: float,
                                                                                 conflict: bool) -> None:
    yuan = _expenditure(tmp_path / "a", "a.xlsx", "元", 12345678, 10000000, 2345678)
    wan = _expenditure(tmp_path / "b", "b.xlsx", "万元", total, 1000, 234.57)
    result = import_sources([yuan, wan])
    (placed,) = result.data["expenditure_table"]
    assert placed["total"] == D("1234.5678")  # the first statement stands
    assert [(c.item, c.value) for c in result.placer.conflicts] == ([("合计", D(str(total)))] if conflict else [])
    if conflict:
        assert (
            result.placer.conflicts[0].reason
            == "与 a.xlsx › 表!C4 所列 1234.5678 不同，保留前者（部门支出总表·合计·合计）"
        )


@pytest.mark.parametrize(
    "line",
    ["单位：元", "编制单位：样例局　单位：元", "单位：元　编制单位：样例局", "单位：元 部门：样例局", "单位：人民币元"],
)
def test_a_unit_line_in_yuan_holds_wherever_the_department_stands_on_it(tmp_path: Path, line: str) -> None:
    """单位：元 before 编制单位 on one line used to go unread: 12,345,678 元 was placed as 12,345,678 万元."""
    rows = [
        ["部门支出总表"],
        [line],
        HEAD + ["合计", "基本支出", "项目支出"],
        [None, "合计", 12345678, 10000000, 2345678],
    ]
    result = import_sources([_table(tmp_path, rows)])
    (placed,) = result.data["expenditure_table"]
    assert (placed["total"], placed["basic"], placed["project"]) == (D("1234.5678"), D(1000), D("234.5678"))


def test_a_department_named_after_yuan_is_no_unit() -> None:
    from budget_addin.files.importer.locate import department_of, unit_of

    assert (unit_of("编制单位：元氏县人民政府"), department_of("编制单位：元氏县人民政府")) == (None, "元氏县人民政府")
    assert (unit_of("单位：元　编制单位：元氏县样例局"), department_of("单位：元　编制单位：元氏县样例局")) == (
        "元",
        "元氏县样例局",
    )
    assert unit_of("单位：万元　编制单位：样例局") == "万元"
