"""Finding the standard tables in a grid: which title names which table (or why it is refused), the
unit line, the header block and the data rows. Invented tables on in-memory grids (fast)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from import_grids import grid

from budget_addin.files.importer import locate
from budget_addin.files.importer.locate import find_tables, is_figure, match_title, title_key
from budget_addin.files.importer.sources import Cell


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("2027年部门政府采购预算", "procurement"),  # no 表 in it: 预算 is enough
        ("项目支出绩效目标表", "project_goals"),
        ("部门整体绩效目标表", "sub_goals"),
        ("三公经费情况表", "gp_three_public_table"),  # a kind word and 表 at the end, no full name
        ("三公经费、会议费、培训费支出预算表（单位：万元）", "gp_three_public_table"),
        ("财政拨款三公经费情况表", "three_public"),
        ("财政拨款收支总表", "fiscal_table"),  # not also 收支总表 inside it
        ("2027年样例局部门收支总表", "summary_table"),
        ("政府性基金三公经费表", ""),  # 三公 of a scope the template has no 三公 table for
    ],
)
def test_a_title_names_its_table(title: str, key: str) -> None:
    assert match_title(title) == locate.TitleMatch(key)
    assert title_key(title) == key


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("三公经费及政府采购预算表", "标题同时指三公、政府采购等不同的表，未自动判断"),
        ("2026年部门决算收支总表", "决算表：模板是预算公开表，没有决算数的位置"),
        ("机关运行经费情况表", "模板中没有机关运行经费支出表"),
        ("绩效目标情况表", "标题中的“绩效目标”表无法确定对应模板中的哪张表"),
        ("一般公共预算收支总表", "这是一般公共预算口径的表，模板的部门收支总表是部门口径（数字不同），未放入"),
    ],
)
def test_a_title_is_refused_with_its_reason(title: str, problem: str) -> None:
    assert match_title(title) == locate.TitleMatch("", problem)


def test_a_title_of_two_tables_names_both() -> None:
    match = match_title("部门收入总表及部门支出总表")
    assert match is not None and match.key == ""
    assert (
        match.problem is not None and match.problem.startswith("标题同时指") and match.problem.endswith("，未自动判断")
    )
    assert "部门收入总表" in match.problem and "部门支出总表" in match.problem
    other = match_title("部门收入总表和项目支出预算表")
    assert other == locate.TitleMatch("", "标题同时指模板中没有的表、部门收入总表，未自动判断")


@pytest.mark.parametrize(
    "text",
    [
        "“三公”经费预算10万元。",  # a sentence with a kind word, not ending in 表
        "注：本表为部门收支总表",  # a note under a table
        "部门收支情况",  # neither 表 nor 预算
        "",
        None,
        "收支总表" + "x" * 57,  # 61 characters once spaces are read past
        "部门收支总表" + " " * 75,  # 81 characters as typed
    ],
)
def test_no_title(text: object) -> None:
    assert match_title(text) is None
    assert title_key(text) is None


def test_the_longest_title_still_read() -> None:
    assert title_key("部门收支总表" + " " * 74) == "summary_table"  # 80 characters as typed, 6 read
    assert title_key("x" * 56 + "收支总表") == "summary_table"  # 60 characters


def test_stacked_tables_each_start_at_their_title() -> None:
    g = grid(
        [
            ["2027年样例局一般公共预算支出表"],
            ["编制单位：样例局", None, "单位：元"],
            [],
            ["科目编码", "科目名称", "2027年预算数", None, None],
            [None, None, "合计", "基本支出", "项目支出"],
            ["栏次", None, "1", "2", "3"],
            ["201", "一般公共服务支出", 300, 100, 200],
            ["注：本表无政府性基金"],
            ["205", "教育支出", 5, 5, 0],
            ["部门收入总表"],
            ["项目", "金额（万元）"],
            ["合计", 7],
        ],
        merged=[(4, 1, 5, 1), (4, 2, 5, 2), (4, 3, 4, 5)],
    )
    first, second = find_tables(g)
    assert (first.key, first.title_row, first.header_row) == ("gp_expenditure_table", 1, 4)
    assert (first.unit, first.unit_stated) == ("元", True)
    assert first.department == ("样例局", "来源.xlsx › 表1!A2")
    assert [(c.col, c.path, c.years) for c in first.columns] == [
        (1, ("科目编码",), (None,)),
        (2, ("科目名称",), (None,)),
        (3, ("预算数", "合计"), (2027, None)),
        (4, ("预算数", "基本支出"), (2027, None)),
        (5, ("预算数", "项目支出"), (2027, None)),
    ]
    # the 栏次 line is read past; the note ends the table: 教育支出 under it is not read
    assert [r.row for r in first.rows] == [7]
    assert first.rows[0].cells[3] == Cell(D(300))
    assert (second.key, second.title_row, second.header_row, second.unit, second.unit_stated) == (
        "income_table",
        10,
        11,
        "万元",
        True,
    )
    assert [(c.path, c.unit) for c in second.columns] == [(("项目",), None), (("金额",), "万元")]
    assert [r.row for r in second.rows] == [12]


def test_a_title_repeated_in_one_row_starts_one_table() -> None:
    g = grid([["部门收支总表", "部门收支总表"], ["项目", "本年预算数"], ["事业收入", 3]])
    (table,) = find_tables(g)
    assert (table.key, table.title_row, [r.row for r in table.rows]) == ("summary_table", 1, [3])


def test_a_sheet_without_a_title_is_read_by_its_name() -> None:
    (table,) = find_tables(grid([["项目", "本年预算数"], ["事业收入", 3]], sheet="部门收支总表"))
    assert (table.key, table.title, table.title_row, table.header_row) == ("summary_table", "部门收支总表", 0, 1)
    assert (table.unit, table.unit_stated) == ("万元", False)
    (csv,) = find_tables(grid([["项目", "本年预算数"], ["事业收入", 3]], sheet="", file="out/部门收支总表.csv"))
    assert (csv.key, csv.title, csv.where) == ("summary_table", "部门收支总表", "out/部门收支总表.csv")
    assert find_tables(grid([["项目", "本年预算数"], ["事业收入", 3]], sheet="Sheet1")) == []


def test_a_table_the_template_lacks_keeps_its_rows_to_count() -> None:
    g = grid([["项目支出预算表"], ["单位：万元"], ["项目", "金额"], ["甲项目", 4], [], ["乙项目", 5]])
    (table,) = find_tables(g)
    assert (table.key, table.problem, table.columns) == ("", "模板中没有这张表", [])
    assert [r.row for r in table.rows] == [2, 3, 4, 6]  # every row under the title, the unit line too
    refused = find_tables(grid([["2026年部门决算收支总表"], ["项目", "金额"], ["合计", 1]]))[0]
    assert refused.problem == "决算表：模板是预算公开表，没有决算数的位置"
    assert [r.row for r in refused.rows] == [2, 3]


def test_a_header_nobody_knows_is_the_tables_problem() -> None:
    g = grid([["部门收入总表"], ["单位：万元"], ["甲", "乙"], ["丙", 4], ["丁", 5]])
    (table,) = find_tables(g)
    assert table.problem == "表头中没有可识别的栏目（如 项目、本年预算数、合计）"
    assert [r.row for r in table.rows] == [3, 4, 5] and table.columns == []
    no_header = find_tables(grid([["部门收入总表"], ["合计", 4]]))[0]
    assert no_header.problem == "表头中没有可识别的栏目（如 项目、本年预算数、合计）"
    assert [r.row for r in no_header.rows] == [2]


def test_a_header_is_three_rows_at_most() -> None:
    g = grid([["部门收入总表"], ["项目"], ["合计"], [None, "合计"], ["项目", "合计"], ["事业收入", 4]])
    (table,) = find_tables(g)
    assert table.header_row == 2
    # the fourth header-like row is read as data: its text has no figure, so it is a row of the table
    assert [r.row for r in table.rows] == [5, 6]


def test_a_blank_row_inside_the_header_is_read_past() -> None:
    g = grid([["部门收入总表"], ["项目", "合计"], [], ["", "一般公共预算"], ["事业收入", 4, 3]])
    (table,) = find_tables(g)
    assert [(c.col, c.path) for c in table.columns] == [(1, ("项目",)), (2, ("合计", "一般公共预算"))]
    assert [r.row for r in table.rows] == [5]


def test_the_lower_level_of_a_merged_header_continues_it() -> None:
    # 乙 and 丙 are no header the import knows, but the merged 基本支出 above spans down to them
    g = grid(
        [["部门支出总表"], ["科目名称", "基本支出", None], [None, "乙", "丙"], ["教育支出", 3, 4]],
        merged=[(2, 1, 3, 1), (2, 2, 2, 3)],
    )
    (table,) = find_tables(g)
    assert [(c.col, c.path) for c in table.columns] == [
        (1, ("科目名称",)),
        (2, ("基本支出", "乙")),
        (3, ("基本支出", "丙")),
    ]
    assert [r.row for r in table.rows] == [4]
    unmerged = find_tables(grid([["部门支出总表"], ["科目名称", "基本支出"], [None, "乙"], ["教育支出", 3]]))[0]
    assert [(c.col, c.path) for c in unmerged.columns] == [(1, ("科目名称",)), (2, ("基本支出",))]
    assert [r.row for r in unmerged.rows] == [3, 4]


def test_a_merge_ending_above_does_not_continue_the_header() -> None:
    g = grid(
        [["部门支出总表"], ["科目名称", "基本支出", None], [None, "乙", "丙"], ["教育支出", 3, 4]],
        merged=[(2, 2, 2, 3)],
    )
    (table,) = find_tables(g)
    assert [r.row for r in table.rows] == [3, 4]


def test_a_merged_header_cell_stands_over_every_column_it_spans() -> None:
    g = grid(
        [
            ["部门收入总表"],
            ["项目", "本年收入", None, None],
            [None, "合计", "一般公共预算", "事业收入"],
            ["合计", 9, 5, 4],
        ],
        merged=[(2, 1, 3, 1), (2, 2, 2, 4)],
    )
    (table,) = find_tables(g)
    assert [c.path for c in table.columns] == [
        ("项目",),
        ("本年收入", "合计"),
        ("本年收入", "一般公共预算"),
        ("本年收入", "事业收入"),
    ]
    # a merge reaching past the last header text still gives its columns
    wide = grid([["部门收入总表"], ["项目", "合计", "本年收入", None]], merged=[(2, 3, 2, 4)])
    assert [(c.col, c.path) for c in find_tables(wide)[0].columns] == [
        (1, ("项目",)),
        (2, ("合计",)),
        (3, ("本年收入",)),
        (4, ("本年收入",)),
    ]


def test_a_unit_in_a_header_is_the_tables_unit_unless_a_line_states_one() -> None:
    headed = find_tables(grid([["部门收入总表"], ["项目", "合计（元）", "事业收入（千元）"], ["合计", 9, 4]]))[0]
    assert (headed.unit, headed.unit_stated) == ("元", True)
    assert [c.unit for c in headed.columns] == [None, "元", "千元"]
    stated = find_tables(grid([["部门收入总表"], ["单位：万元"], ["项目", "合计（元）"], ["合计", 9]]))[0]
    assert (stated.unit, stated.unit_stated) == ("万元", True)
    rate = find_tables(grid([["部门收入总表"], ["项目", "增减率（%）", "合计（亿元）"], ["合计", 9, 1]]))[0]
    assert (rate.unit, rate.unit_stated) == ("亿元", True)


def test_unit_lines() -> None:
    g = grid(
        [["部门收入总表"], ["2027年度", "部门：样例局"], [], ["编制单位：元氏县样例局"], ["项目", "合计"], ["合计", 9]]
    )
    (table,) = find_tables(g)
    assert (table.unit, table.unit_stated, table.header_row) == ("万元", False, 5)
    assert table.department == ("元氏县样例局", "来源.xlsx › 表1!A4")
    assert locate.unit_of("单位：人民币千元") == "千元"
    assert locate.unit_of("单位：亿元 编制单位：样例局") == "亿元"
    assert locate.unit_of("单位：元编制单位：样例局") == "元"
    assert locate.unit_of("编制单位：元氏县样例局") is None
    assert locate.department_of("单位：元　编制单位：样例局") == "样例局"
    assert locate.department_of("部门名称（盖章）：样例局") == "样例局"
    assert locate.department_of("单位：万元") is None
    assert locate.year_of("2027年样例局部门收支总表") == "2027"
    assert locate.year_of("样例局部门收支总表") is None


def test_a_text_line_under_the_title_that_is_no_unit_line_starts_the_header() -> None:
    g = grid([["部门收入总表"], ["说明文字", "单位：万元"], ["项目", "合计"], ["合计", 9]])
    (table,) = find_tables(g)
    assert table.problem == "表头中没有可识别的栏目（如 项目、本年预算数、合计）"


@pytest.mark.parametrize(
    ("cell", "figure"),
    [
        (Cell(D("1.5")), True),
        (Cell("=A1+B1", formula=True), True),
        (Cell("1,234.50"), True),
        (Cell("5%"), True),
        (Cell("合计"), False),
        (Cell("1.2.3"), False),
        (Cell("-"), False),
    ],
)
def test_what_a_figure_is(cell: Cell, figure: bool) -> None:
    assert is_figure(cell) is figure


def test_a_table_ends_on_the_row_above_the_next_title() -> None:
    g = grid(
        [["部门收入总表"], ["项目", "合计"], ["事业收入", 3], ["部门支出总表"], ["科目名称", "合计"], ["教育支出", 4]]
    )
    first, second = find_tables(g)
    assert [(r.row, r.cells[2].value) for r in first.rows] == [(3, D(3))]
    assert (second.key, second.title_row, second.header_row) == ("expenditure_table", 4, 5)
    assert [(r.row, r.cells[2].value) for r in second.rows] == [(6, D(4))]


def test_a_form_of_labelled_cells_keeps_every_row_under_its_unit_line() -> None:
    g = grid([["项目支出绩效目标表"], ["单位：万元"], [], ["项目名称", "甲项目"], ["绩效目标", "完成甲"], []])
    (table,) = find_tables(g)
    assert (table.key, table.unit_stated, table.columns, table.problem) == ("project_goals", True, [], None)
    assert [(r.row, r.cells[2].value) for r in table.rows] == [(4, "甲项目"), (5, "完成甲")]


def test_a_unit_on_the_upper_level_holds_unless_the_lower_names_its_own() -> None:
    g = grid(
        [
            ["部门支出总表"],
            ["科目名称", "本年预算数（元）", None],
            [None, "合计（千元）", "基本支出"],
            ["教育支出", 3, 4],
        ],
        merged=[(2, 1, 3, 1), (2, 2, 2, 3)],
    )
    (table,) = find_tables(g)
    assert [(c.path, c.unit) for c in table.columns] == [
        (("科目名称",), None),
        (("本年预算数", "合计"), "千元"),
        (("本年预算数", "基本支出"), "元"),
    ]
    assert (table.unit, table.unit_stated) == ("千元", True)  # the first column's unit when no line states one


def test_three_stacked_tables_each_end_above_the_next() -> None:
    g = grid(
        [
            ["项目支出预算表"],
            ["项目", "金额"],
            ["甲项目", 4],
            ["部门收入总表"],
            ["项目", "合计"],
            ["事业收入", 3],
            ["部门支出总表"],
            ["科目名称", "合计"],
            ["教育支出", 5],
        ]
    )
    unsupported, income, spending = find_tables(g)
    assert (unsupported.key, unsupported.problem) == ("", "模板中没有这张表")
    assert [(r.row, r.cells) for r in unsupported.rows] == [
        (2, {1: Cell("项目"), 2: Cell("金额")}),
        (3, {1: Cell("甲项目"), 2: Cell(D(4))}),
    ]
    assert [(r.row, r.cells[2].value) for r in income.rows] == [(6, D(3))]
    assert [(r.row, r.cells[2].value) for r in spending.rows] == [(9, D(5))]


def test_a_line_naming_who_compiled_the_table_is_read_past() -> None:
    g = grid([["部门收入总表"], ["编制日期：2027-01-10"], ["项目", "合计"], ["事业收入", 3]])
    (table,) = find_tables(g)
    assert (table.problem, table.header_row, table.unit_stated, table.department) == (None, 3, False, None)


def test_a_header_column_over_no_figure_is_still_a_column() -> None:
    g = grid([["部门收入总表"], ["项目", "本年收入", None], [None, "合计", "事业收入"], ["合计", 9]])
    (table,) = find_tables(g)
    # 事业收入 has no cell above it (not merged): it is a column of one level
    assert [(c.col, c.path) for c in table.columns] == [(1, ("项目",)), (2, ("本年收入", "合计")), (3, ("事业收入",))]


def test_an_empty_table_still_names_its_department() -> None:
    first, _second = find_tables(grid([["部门收入总表"], ["编制单位：样例局"], ["部门支出总表"], ["科目名称", "合计"]]))
    assert first.department == ("样例局", "来源.xlsx › 表1!A2")
    assert first.problem == "表头中没有可识别的栏目（如 项目、本年预算数、合计）" and first.rows == []


def test_a_form_of_labelled_cells_ends_above_the_next_title() -> None:
    g = grid([["项目支出绩效目标表"], ["项目名称", "甲项目"], ["部门收入总表"], ["项目", "合计"], ["事业收入", 3]])
    goals, income = find_tables(g)
    assert [(r.row, r.cells[2].value) for r in goals.rows] == [(2, "甲项目")]
    assert income.key == "income_table"


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("收支总表和财政拨款收支总表", ""),  # 收支总表 stands alone once: two tables
        ("财政拨款收支总表收支总表财政拨款收支总表", ""),
        ("财政拨款收支总表与财政拨款收支总表", "fiscal_table"),  # every 收支总表 inside the longer name
        ("项目支出预算表及绩效目标表", "project_goals"),  # the kind word decides by the names that hold it
    ],
)
def test_a_name_is_found_wherever_it_stands_in_a_title(title: str, key: str) -> None:
    assert title_key(title) == key


def test_blank_lines_inside_a_table_are_read_past() -> None:
    g = grid([["部门收入总表"], ["项目", "合计"], ["事业收入", 3], [], ["其他收入", 4]])
    (table,) = find_tables(g)
    assert [(r.row, r.cells) for r in table.rows] == [
        (3, {1: Cell("事业收入"), 2: Cell(D(3))}),
        (5, {1: Cell("其他收入"), 2: Cell(D(4))}),
    ]


def test_a_table_with_no_header_keeps_its_cells_to_count_up_to_the_next_title() -> None:
    first, _second = find_tables(grid([["部门收入总表"], ["甲", 4], ["部门支出总表"], ["科目名称", "合计"]]))
    assert first.problem == "表头中没有可识别的栏目（如 项目、本年预算数、合计）"
    assert [(r.row, r.cells) for r in first.rows] == [(2, {1: Cell("甲"), 2: Cell(D(4))})]
