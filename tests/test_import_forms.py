"""Form tables (部门收支总表, 财政拨款收支总表, 三公) placed row by row: which template cell each
figure lands in, and every figure left with its reason. Invented tables on in-memory grids (fast)."""

from __future__ import annotations

from decimal import Decimal as D

from import_grids import grid, imported, left

from budget_addin.files.importer.sources import Cell

W = "来源.xlsx › 表1!"


def test_a_side_by_side_summary_table_in_yuan() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["单位：元"],
                ["收入项目", "本年预算数", "支出项目", "本年预算数", "行次"],
                ["一般公共预算拨款", 1000000, "基本支出", 800000, 1],
                ["事业收入", 200000, "项目支出", 400000, 2],
                ["上年结转", 50000, "工资福利支出", 1, 3],
                ["收入合计", 1250000, "支出合计", 1200000, 4],
                [None, 5, "结转下年", 50000, 5],
                ["会议费", 3, "其他支出", 7, 6],
                ["合计", 8, "一、一般公共服务支出", 9, 7],
            ]
        )
    )
    assert placer.data["summary_table"] == {
        "gp_appropriation": {"amount": D("100")},
        "business_income": {"amount": D("20")},
        "carryover": {"amount": D("5")},
        "income_total": {"amount": D("125")},  # 收入合计 = 120 + 上年结转 5
        "basic": {"amount": D("80")},
        "project": {"amount": D("40")},
        "expenditure_this_year": {"amount": D("120")},  # 支出合计 = 基本 80 + 项目 40, without 结转下年
        "carry_forward": {"amount": D("5")},
    }
    assert placer.data["expenditure_table"] == [{"name": "一般公共服务支出", "total": D("0.0009")}]
    economic = "是经济分类科目，模板的部门收支总表不按经济分类列示（见一般公共预算基本支出表）"
    assert left(placer) == [
        (W + "B8", "（无行名）", "这一行没有项目名称"),
        (W + "B9", "会议费", "“会议费”不是模板部门收支总表中的行"),
        (
            W + "B10",
            "合计",
            "“收入合计”0.0008 既不等于本年各项收入之和 120，也不等于加上上年结转后的 125，"
            "无法判断是本年收入合计还是收入总计",
        ),
        (W + "D6", "工资福利支出", f"“工资福利支出”{economic}"),
        (W + "D9", "其他支出", f"“其他支出”{economic}"),
    ]
    (report,) = placer.reports
    assert (report.figures, report.placed) == (14, 9)
    assert report.notes == [W + "B7：“收入合计”125 = 本年收入 120 + 上年结转等 5，按收入总计放入"]


def test_an_income_total_without_a_figure_of_this_year_is_listed() -> None:
    placer = imported(
        grid([["部门收支总表"], ["收入", "本年预算数", "上年预算数"], ["事业收入", 20, 18], ["收入合计", None, 30]])
    )
    assert placer.data["summary_table"] == {"business_income": {"amount": D("20")}}
    assert left(placer) == [(W + "C4", "收入合计", "本行没有本年预算数，无法判断“收入合计”是本年收入合计还是总计")]


def test_an_expenditure_total_beside_a_carry_forward_is_told_by_its_figures() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["支出", "本年预算数"],
                ["基本支出", 80],
                ["项目支出", 40],
                ["结转下年", 5],
                ["支出合计", 125],
            ]
        )
    )
    assert placer.data["summary_table"]["expenditure_total"] == {"amount": D("125")}
    assert "expenditure_this_year" not in placer.data["summary_table"]
    assert placer.reports[0].notes[-1] == W + "B6：“支出合计”125 = 本年支出 120 + 结转下年 5，按支出总计放入"
    unclear = imported(
        grid(
            [
                ["部门收支总表"],
                ["支出", "本年预算数"],
                ["基本支出", 80],
                ["项目支出", 40],
                ["结转下年", 5],
                ["支出合计", 130],
            ]
        )
    )
    assert left(unclear) == [
        (
            W + "B6",
            "支出合计",
            "表中结转下年为 5，“支出合计”130 与本年各项支出之和 120对不上，无法判断是本年支出合计还是支出总计",
        )
    ]


def test_a_fiscal_table_splits_its_expenditure_by_fund_and_checks_each_total() -> None:
    placer = imported(
        grid(
            [
                ["2027年样例局财政拨款收支总表"],
                ["单位：万元"],
                ["收入", None, "支出", None, None, None, None],
                ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
                ["一、一般公共预算拨款", 90, "一、本年支出合计", 100, 90, 10, 0],
                ["二、政府性基金预算拨款", 10, "201 一般公共服务支出", 60, 55, 5, None],
                ["三、国有资本经营预算拨款", 0, "205 教育支出", 40, 35, 6, None],
                ["上年结转", 0, "结转下年", 0],
                ["收入总计", 100, "支出总计", 100],
            ],
            merged=[(3, 1, 3, 2), (3, 3, 3, 7)],
        )
    )
    amounts = {row: values["amount"] for row, values in placer.data["fiscal_table"].items()}
    assert amounts == {
        "gp_appropriation": D(90),
        "fund_appropriation": D(10),
        "soe_appropriation": D(0),
        "carryover": D(0),
        "income_total": D(100),
        "gp_expenditure": D(90),
        "fund_expenditure": D(10),
        "soe_expenditure": D(0),
        "carry_forward": D(0),
        "expenditure_total": D(100),
    }
    assert placer.data["gp_expenditure_table"] == [
        {"name": "一般公共服务支出", "code": "201", "total": D(55)},
        {"name": "教育支出", "code": "205", "total": D(35)},
    ]
    assert placer.data["gov_fund_table"] == [
        {"name": "一般公共服务支出", "code": "201", "total": D(5)},
        {"name": "教育支出", "code": "205", "total": D(6)},
    ]
    assert left(placer) == [(W + "D7", "教育支出", "合计 40 与各列之和 41 不符")]
    (report,) = placer.reports
    assert (report.figures, report.placed) == (17, 16)  # the two totals that agree are counted


def test_a_fiscal_total_column_that_is_no_fund() -> None:
    placer = imported(
        grid(
            [
                ["财政拨款收支总表"],
                ["项目", "合计", "一般公共预算", "教育费附加"],
                ["本年支出合计", 10, 9, 1],
                ["201 一般公共服务支出", 7],
            ]
        )
    )
    assert placer.data["fiscal_table"] == {"gp_expenditure": {"amount": D(9)}}
    assert left(placer) == [
        (W + "D3", "本年支出合计", "“本年支出合计”的“教育费附加”列不是模板财政拨款收支总表中的单元格"),
        (W + "B3", "本年支出合计", "合计 10 与各列之和 9 不符"),
        (W + "B4", "一般公共服务支出", "合计列没有对应的功能分类表，且本行没有分列数"),
    ]


def test_a_three_public_table_with_its_prior_year_and_change() -> None:
    placer = imported(
        grid(
            [
                ["一般公共预算“三公”经费支出表"],
                ["单位：元"],
                ["项目", "本年预算数", "上年执行数", "增减额", "备注"],
                ["合计", 350000, 300000, 50000, None],
                ["1.因公出国（境）费", 100000, 100000, 0, 9],
                ["2.公务接待费", 250000, 200000, 50000],
                ["201 一般公共服务", 1],
            ]
        )
    )
    assert placer.data["gp_three_public_table"] == {
        "total": {"amount": D(35), "prior": D(30)},
        "abroad": {"amount": D(10), "prior": D(10)},
        "reception": {"amount": D(25), "prior": D(20)},
    }
    # the change has its cell in 三公经费预算 only: this year's figure goes there too, to check it by
    assert placer.data["three_public"] == {
        "total": {"change": D(5), "amount": D(35)},
        "abroad": {"change": D(0), "amount": D(10)},
        "reception": {"change": D(5), "amount": D(25)},
    }
    assert placer.data["department"] == {"comparator": {"value": "上年执行数"}}
    assert placer.sources[("department", "comparator", "value")] == W + "C3"
    assert left(placer) == [
        (W + "E5", "1.因公出国（境）费", "栏目“备注”在模板中没有对应列"),
        (
            W + "B7",
            "一般公共服务",
            "“一般公共服务”不是模板一般公共预算三公经费支出表中的行（功能分类科目行请放入对应的功能分类表）",
        ),
    ]
    assert (placer.reports[0].figures, placer.reports[0].placed) == (11, 9)


def test_a_total_of_no_side_and_a_row_the_companion_lacks() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["项目", "本年预算数", "上年预算数"],
                ["合计", 10, 9],
                ["本年支出合计", 10, 9],
                ["一般公共服务支出", 4],
                ["一般公共服务支出", 4],
            ]
        )
    )
    assert placer.data["summary_table"] == {"expenditure_this_year": {"amount": D(10)}}
    assert placer.data["expenditure_table"] == [{"name": "一般公共服务支出", "total": D(4)}]
    two = "“合计”可对应模板中的多行（本年收入合计、本年支出合计），未自动判断"
    assert left(placer) == [
        (W + "B3", "合计", two),
        (W + "C3", "合计", two),
        (W + "C4", "本年支出合计", "模板收入支出中没有“本年支出合计”行的“上年预算数”"),
    ]
    assert (placer.reports[0].figures, placer.reports[0].placed) == (6, 3)


def test_a_class_name_of_two_coded_rows_needs_its_code() -> None:
    placer = imported(
        grid([["部门收支总表"], ["支出", "本年预算数"], ["20101 事务支出", 3], ["20501 事务支出", 4], ["事务支出", 5]])
    )
    assert placer.data["expenditure_table"] == [
        {"name": "事务支出", "code": "20101", "total": D(3)},
        {"name": "事务支出", "code": "20501", "total": D(4)},
    ]
    assert left(placer) == [(W + "B5", "事务支出", "部门支出总表中有多行叫“事务支出”，没有编码无法判断")]


def test_a_code_column_beside_the_names() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["单位：千元"],
                ["科目编码", "科目名称", "本年预算数"],
                ["205", "教育支出", 1234],
                [None, "基本支出", 1000],
                ["", "事业收入", 234],
            ]
        )
    )
    assert placer.data["expenditure_table"] == [{"name": "教育支出", "code": "205", "total": D("123.4")}]
    assert placer.data["summary_table"] == {"basic": {"amount": D(100)}, "business_income": {"amount": D("23.4")}}
    assert left(placer) == []


def test_an_expenditure_name_on_the_income_side_is_no_class() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["收入", "本年预算数", "支出", "本年预算数"],
                ["一般公共服务支出", 3, "一般公共服务支出", 4],
            ]
        )
    )
    assert placer.data["expenditure_table"] == [{"name": "一般公共服务支出", "total": D(4)}]
    assert left(placer) == [(W + "B3", "一般公共服务支出", "“一般公共服务支出”不是模板部门收支总表中的行")]


def test_a_fiscal_class_column_without_its_class_table() -> None:
    placer = imported(
        grid([["财政拨款收支总表"], ["支出", "一般公共预算", "上年预算数"], ["201 一般公共服务支出", 3, 2]])
    )
    assert placer.data["gp_expenditure_table"] == [{"name": "一般公共服务支出", "code": "201", "total": D(3)}]
    assert left(placer) == [(W + "C3", "一般公共服务支出", "栏目“上年预算数”没有对应的功能分类表")]


def test_an_income_total_the_fiscal_table_has_no_row_for() -> None:
    # 收入合计 90 = 一般公共预算拨款 90: 本年收入合计, which 财政拨款收支总表 has no row for
    placer = imported(grid([["财政拨款收支总表"], ["收入", "本年预算数"], ["一般公共预算拨款", 90], ["收入合计", 90]]))
    assert placer.data["fiscal_table"] == {"gp_appropriation": {"amount": D(90)}}
    assert left(placer) == [(W + "B4", "收入合计", "模板财政拨款收支总表中没有“本年收入合计”行")]
    carried = imported(
        grid(
            [
                ["财政拨款收支总表"],
                ["收入", "本年预算数"],
                ["一般公共预算拨款", 90],
                ["上年结转", 10],
                ["收入合计", 100],
            ]
        )
    )
    assert carried.data["fiscal_table"]["income_total"] == {"amount": D(100)}
    assert carried.reports[0].notes[-1] == W + "B5：“收入合计”100 = 本年收入 90 + 上年结转等 10，按收入总计放入"


def test_two_label_columns_without_side_words_are_income_then_expenditure() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["项目", "本年预算数", "项目", "本年预算数"],
                ["事业收入", 5, "基本支出", 4],
                ["合计", 5, "合计", 4],
            ]
        )
    )
    assert placer.data["summary_table"] == {
        "business_income": {"amount": D(5)},
        "income_this_year": {"amount": D(5)},
        "basic": {"amount": D(4)},
        "expenditure_this_year": {"amount": D(4)},
    }
    assert left(placer) == []


def test_an_income_figure_that_cannot_be_read_does_not_tell_the_total() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["收入", "本年预算数"],
                ["事业收入", Cell("=B4", formula=True)],
                ["其他收入", 3],
                ["收入合计", 3],
            ]
        )
    )
    assert placer.data["summary_table"] == {"other_income": {"amount": D(3)}, "income_this_year": {"amount": D(3)}}
    assert left(placer) == [(W + "B3", "事业收入", "公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入）")]


def test_a_three_public_table_laid_across_goes_by_column_and_year() -> None:
    placer = imported(
        grid(
            [
                ["三公经费预算表"],
                ["单位：元"],
                ["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费", "会议费"],
                ["2027年预算数", 35000, 10000, 5000, 20000, 500],
                ["2026年预算数", 24000, 5000, 4000, 15000, 400],
            ]
        )
    )
    assert placer.data["gp_three_public_table"] == {
        "total": {"amount": D("3.5"), "prior": D("2.4")},
        "abroad": {"amount": D(1), "prior": D("0.5")},
        "vehicles": {"amount": D("0.5"), "prior": D("0.4")},
        "reception": {"amount": D(2), "prior": D("1.5")},
    }
    assert placer.data["office_costs"] == {"meeting": {"amount": D("0.05"), "prior": D("0.04")}}
    assert left(placer) == []


def test_an_expenditure_total_without_a_figure_of_this_year_is_listed_with_its_value() -> None:
    placer = imported(
        grid([["部门收支总表"], ["支出", "本年预算数", "上年预算数"], ["基本支出", 8, 7], ["支出合计", None, 30]])
    )
    assert left(placer) == [(W + "C4", "支出合计", "本行没有本年预算数，无法判断“支出合计”是本年支出合计还是总计")]
    assert [u.value for u in placer.unplaced] == [D(30)]


def test_a_total_is_told_in_the_unit_its_header_names() -> None:
    # the line says 元, the amount column says 万元: 收入合计 20 is 事业收入 20, both in 万元
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["单位：元"],
                ["收入", "本年预算数（万元）"],
                ["事业收入", 20],
                ["上年结转", 5],
                ["收入合计", 20],
            ]
        )
    )
    assert placer.data["summary_table"] == {
        "business_income": {"amount": D(20)},
        "carryover": {"amount": D(5)},
        "income_this_year": {"amount": D(20)},
    }
    assert left(placer) == []


def test_a_coded_class_line_keeps_its_name_as_printed() -> None:
    placer = imported(
        grid(
            [["部门收支总表"], ["支出", "本年预算数", "备注"], ["201 一、一般公共服务支出", 4, 1], ["一、教育支出", 5]]
        )
    )
    assert placer.data["expenditure_table"] == [
        {"name": "一、一般公共服务支出", "code": "201", "total": D(4)},
        {"name": "教育支出", "total": D(5)},
    ]
    assert left(placer) == [(W + "C3", "一、一般公共服务支出", "栏目“备注”没有对应的功能分类表")]


def test_an_unreadable_figure_of_a_fiscal_line_is_listed_and_the_others_placed() -> None:
    formula = "公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入）"
    placer = imported(
        grid(
            [
                ["财政拨款收支总表"],
                ["支出", "合计", "一般公共预算", "政府性基金预算"],
                ["本年支出合计", Cell("=C3+D3", formula=True), "9", 1],
                ["201 一般公共服务支出", Cell("=C4+D4", formula=True), 5, 2],
            ]
        )
    )
    assert placer.data["fiscal_table"] == {"gp_expenditure": {"amount": D(9)}, "fund_expenditure": {"amount": D(1)}}
    assert placer.data["gp_expenditure_table"] == [{"name": "一般公共服务支出", "code": "201", "total": D(5)}]
    assert placer.data["gov_fund_table"] == [{"name": "一般公共服务支出", "code": "201", "total": D(2)}]
    assert [(u.where, u.item, u.value, u.reason) for u in placer.unplaced] == [
        (W + "B3", "本年支出合计", "=C3+D3", formula),
        (W + "B4", "一般公共服务支出", "=C4+D4", formula),
    ]
    assert placer.reports[0].not_placed[0] == f"{W}B3 本年支出合计 =C3+D3：{formula}"


def test_a_column_of_the_year_before_is_the_prior_year() -> None:
    placer = imported(
        grid([["财政拨款三公经费预算表"], ["项目", "2027年预算数", "2026年预算数"], ["公务接待费", 5, 4]])
    )
    assert placer.data["three_public"] == {"reception": {"amount": D(5), "prior": D(4)}}
    assert placer.data["department"] == {"comparator": {"value": "上年预算数"}}


def _expenditure_with_a_code_column(header: list[str], rows: list[list[object]]) -> None:
    placer = imported(grid([["部门收支总表"], header, *rows]))
    # 合计 on the 支出 side is 支出合计: here 本年支出合计, as no 结转下年 is stated
    assert placer.data["summary_table"] == {"basic": {"amount": D(5)}, "expenditure_this_year": {"amount": D(8)}}
    assert placer.data["expenditure_table"] == [{"name": "一般公共服务支出", "code": "201", "total": D(3)}]
    assert left(placer) == []


def test_a_code_column_after_the_expenditure_names_is_on_their_side() -> None:
    _expenditure_with_a_code_column(
        ["支出项目", "科目编码", "本年预算数"],
        [["基本支出", None, 5], ["一般公共服务支出", "201", 3], ["合计", None, 8]],
    )


def test_a_code_column_before_the_expenditure_names_is_on_their_side() -> None:
    _expenditure_with_a_code_column(
        ["科目编码", "支出项目", "本年预算数"], [["", "基本支出", 5], ["201", "一般公共服务支出", 3], ["", "合计", 8]]
    )


def test_a_code_column_after_figures_starts_the_other_side() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["收入", "本年预算数", "科目编码", "科目名称", "本年预算数"],
                ["事业收入", 5, "201", "一般公共服务支出", 4],
            ]
        )
    )
    assert placer.data["summary_table"] == {"business_income": {"amount": D(5)}}
    assert placer.data["expenditure_table"] == [{"name": "一般公共服务支出", "code": "201", "total": D(4)}]
    assert left(placer) == []


def test_a_line_number_column_before_the_labels_is_read_past() -> None:
    placer = imported(grid([["部门收支总表"], ["行次", "项目", "本年预算数"], [1, "事业收入", 5]]))
    assert placer.data["summary_table"] == {"business_income": {"amount": D(5)}}
    assert (left(placer), placer.reports[0].figures) == ([], 1)


def test_labels_under_a_header_nobody_knows_are_the_first_cell_of_each_line() -> None:
    placer = imported(grid([["部门收支总表"], ["摘要", "本年预算数"], ["事业收入", 5]]))
    assert placer.data["summary_table"] == {"business_income": {"amount": D(5)}}
    assert left(placer) == []


def test_a_total_takes_the_side_its_header_names() -> None:
    income = imported(grid([["部门收支总表"], ["收入", "本年预算数"], ["事业收入", 20], ["合计", 20], ["总计", 20]]))
    assert income.data["summary_table"] == {
        "business_income": {"amount": D(20)},
        "income_this_year": {"amount": D(20)},
        "income_total": {"amount": D(20)},
    }
    spending = imported(grid([["部门收支总表"], ["支出", "本年预算数"], ["基本支出", 5], ["合计", 5], ["总计", 5]]))
    assert spending.data["summary_table"] == {
        "basic": {"amount": D(5)},
        "expenditure_this_year": {"amount": D(5)},
        "expenditure_total": {"amount": D(5)},
    }
    neither = imported(grid([["部门收支总表"], ["项目", "本年预算数"], ["总计", 5]]))
    assert left(neither) == [(W + "B3", "总计", "“总计”可对应模板中的多行（收入总计、支出总计），未自动判断")]


def test_an_income_total_on_the_expenditure_side_is_not_told_as_income() -> None:
    placer = imported(grid([["部门收支总表"], ["支出", "本年预算数"], ["基本支出", 5], ["收入合计", 5]]))
    assert placer.data["summary_table"] == {"basic": {"amount": D(5)}}
    assert left(placer) == [(W + "B4", "收入合计", "“收入合计”不是模板部门收支总表中的行")]


def test_labels_in_the_second_column_under_a_header_nobody_knows() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                [None, "摘要", "本年预算数"],
                [None, "事业收入", 20],
                [None, "上年结转", 5],
                [None, "收入合计", 25],
            ]
        )
    )
    assert placer.data["summary_table"] == {
        "business_income": {"amount": D(20)},
        "carryover": {"amount": D(5)},
        "income_total": {"amount": D(25)},
    }
    assert left(placer) == []


def test_the_first_of_two_statements_of_an_income_tells_the_total() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["收入", "本年预算数"],
                ["会议费", 1],
                ["事业收入", None],
                ["事业收入", 20],
                ["事业收入", 30],
                ["上年结转", 5],
                ["收入合计", 25],
            ]
        )
    )
    assert placer.data["summary_table"]["income_total"] == {"amount": D(25)}  # 20 + 5, not 30 + 5
    assert placer.data["summary_table"]["business_income"] == {"amount": D(20)}
    assert [(c.where, c.item, c.value) for c in placer.conflicts] == [(W + "B6", "事业收入", D(30))]


def test_economic_class_codes_are_no_function_class() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["支出", "本年预算数"],
                ["30101 基本工资", 3],
                ["50101 工资奖金津补贴", 4],
                ["2010101 行政运行", 5],
            ]
        )
    )
    assert placer.data["expenditure_table"] == [{"name": "行政运行", "code": "2010101", "total": D(5)}]
    economic = "是经济分类科目，模板的部门收支总表不按经济分类列示（见一般公共预算基本支出表）"
    assert left(placer) == [
        (W + "B3", "基本工资", f"“基本工资”{economic}"),
        (W + "B4", "工资奖金津补贴", f"“工资奖金津补贴”{economic}"),
    ]


def test_a_line_of_no_side_that_is_no_row_nor_class_is_listed() -> None:
    placer = imported(grid([["部门收支总表"], ["项目", "本年预算数"], ["会议费", 3]]))
    assert "expenditure_table" not in placer.data
    assert left(placer) == [(W + "B3", "会议费", "“会议费”不是模板部门收支总表中的行")]


def test_a_class_line_with_a_figure_that_cannot_be_read_or_placed() -> None:
    formula = "公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入）"
    placer = imported(
        grid(
            [
                ["财政拨款收支总表"],
                ["支出", "上年预算数", "一般公共预算", "政府性基金预算"],
                ["201 一般公共服务支出", 1, Cell("=A1", formula=True), 2],
                ["205 教育支出", 1, 3, 4],
            ]
        )
    )
    assert placer.data["gp_expenditure_table"] == [{"name": "教育支出", "code": "205", "total": D(3)}]
    assert placer.data["gov_fund_table"] == [
        {"name": "一般公共服务支出", "code": "201", "total": D(2)},
        {"name": "教育支出", "code": "205", "total": D(4)},
    ]
    assert left(placer) == [
        (W + "B3", "一般公共服务支出", "栏目“上年预算数”没有对应的功能分类表"),
        (W + "C3", "一般公共服务支出", formula),
        (W + "B4", "教育支出", "栏目“上年预算数”没有对应的功能分类表"),
    ]


def test_a_class_or_fund_line_stated_twice_differently_is_a_conflict() -> None:
    placer = imported(
        grid(
            [
                ["财政拨款收支总表"],
                ["支出", "一般公共预算"],
                ["本年支出合计", 9],
                ["本年支出合计", 8],
                ["201 一般公共服务支出", 3],
                ["201 一般公共服务支出", 4],
            ]
        )
    )
    assert placer.data["fiscal_table"] == {"gp_expenditure": {"amount": D(9)}}
    assert placer.data["gp_expenditure_table"] == [{"name": "一般公共服务支出", "code": "201", "total": D(3)}]
    assert [(c.where, c.item, c.value) for c in placer.conflicts] == [
        (W + "B4", "一般公共预算支出", D(8)),
        (W + "B6", "一般公共服务支出", D(4)),
    ]
    assert placer.sources[("gp_expenditure_table", 0, "total")] == W + "B5"
    assert placer.sources[("fiscal_table", "gp_expenditure", "amount")] == W + "B3"


def test_a_figure_of_a_row_with_a_companion_that_cannot_be_read_is_listed_once() -> None:
    formula = "公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入）"
    placer = imported(
        grid(
            [
                ["一般公共预算三公经费支出表"],
                ["项目", "本年预算数", "增减额"],
                ["公务接待费", Cell("=X", formula=True), 1],
            ]
        )
    )
    assert placer.data == {"three_public": {"reception": {"change": D(1)}}}
    assert left(placer) == [(W + "B3", "公务接待费", formula)]
    assert placer.reports[0].not_placed == [f"{W}B3 公务接待费 =X：{formula}"]


def test_a_row_without_a_companion_column_stays_in_its_own_table() -> None:
    placer = imported(grid([["部门收支总表"], ["项目", "本年预算数"], ["事业收入", 5]]))
    assert placer.data == {"summary_table": {"business_income": {"amount": D(5)}}}
    three = imported(grid([["一般公共预算三公经费支出表"], ["项目", "本年预算数", "上年预算数"], ["公务接待费", 5, 4]]))
    assert set(three.data) == {"gp_three_public_table", "department"}


def test_a_row_stated_twice_differently_conflicts_in_its_table_and_its_companion() -> None:
    placer = imported(
        grid(
            [
                ["一般公共预算三公经费支出表"],
                ["单位：元"],
                ["项目", "本年预算数", "增减额"],
                ["公务接待费", 50000, 10000],
                ["公务接待费", 60000, 10000],
            ]
        )
    )
    assert placer.data["gp_three_public_table"] == {"reception": {"amount": D(5)}}
    assert placer.data["three_public"] == {"reception": {"change": D(1), "amount": D(5)}}
    assert [(c.where, c.item, c.value) for c in placer.conflicts] == [
        (W + "B5", "公务接待费", D(6)),
        (W + "B5", "公务接待费", D(6)),
    ]
    assert placer.sources[("three_public", "reception", "amount")] == W + "B4"


def test_each_figure_of_a_row_is_placed_past_one_that_is_not() -> None:
    formula = "公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入）"
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["项目", "备注", "上年预算数", "本年预算数"],
                ["本年支出合计", 1, 9, 10],
                ["事业收入", 2, 18, Cell("=X", formula=True)],
            ]
        )
    )
    assert placer.data["summary_table"] == {"expenditure_this_year": {"amount": D(10)}}
    assert placer.data["income_expenditure"] == {"business_income": {"prior": D(18)}}
    assert left(placer) == [
        (W + "B3", "本年支出合计", "栏目“备注”在模板中没有对应列"),
        (W + "C3", "本年支出合计", "模板收入支出中没有“本年支出合计”行的“上年预算数”"),
        (W + "B4", "事业收入", "栏目“备注”在模板中没有对应列"),
        (W + "D4", "事业收入", formula),
    ]


def test_two_label_columns_of_a_fiscal_table_are_income_then_expenditure() -> None:
    placer = imported(
        grid(
            [
                ["财政拨款收支总表"],
                ["项目", "本年预算数", "项目", "本年预算数"],
                ["一般公共预算拨款", 9, "一般公共预算支出", 9],
                ["总计", 9, "总计", 9],
            ]
        )
    )
    assert placer.data["fiscal_table"] == {
        "gp_appropriation": {"amount": D(9)},
        "income_total": {"amount": D(9)},
        "gp_expenditure": {"amount": D(9)},
        "expenditure_total": {"amount": D(9)},
    }


def test_a_label_column_right_after_another_starts_the_other_side() -> None:
    # the 收入 label column is printed empty: its figures are none, the 支出 column's are its own
    placer = imported(
        grid([["部门收支总表"], ["收入项目", "支出项目", "本年预算数"], [None, "基本支出", 5], [None, "合计", 5]])
    )
    assert placer.data["summary_table"] == {"basic": {"amount": D(5)}, "expenditure_this_year": {"amount": D(5)}}


def test_a_code_column_right_after_another_starts_the_other_side() -> None:
    placer = imported(
        grid(
            [
                ["部门收支总表"],
                ["科目编码", "科目编码", "项目", "本年预算数"],
                [None, None, "基本支出", 5],
                [None, None, "合计", 5],
            ]
        )
    )
    assert placer.data["summary_table"] == {"basic": {"amount": D(5)}, "expenditure_this_year": {"amount": D(5)}}


def test_a_side_named_over_the_code_column_holds_for_its_labels() -> None:
    placer = imported(
        grid([["部门收支总表"], ["支出"], ["科目编码", "项目", "本年预算数"], [None, "基本支出", 5], [None, "合计", 5]])
    )
    assert placer.data["summary_table"] == {"basic": {"amount": D(5)}, "expenditure_this_year": {"amount": D(5)}}


def test_a_coded_class_line_on_the_income_side_is_listed() -> None:
    placer = imported(
        grid(
            [["部门收支总表"], ["收入", "本年预算数", "支出", "本年预算数"], ["201 一般公共服务支出", 3, "基本支出", 4]]
        )
    )
    assert placer.data["summary_table"] == {"basic": {"amount": D(4)}}
    assert left(placer) == [
        (
            W + "B3",
            "一般公共服务支出",
            "“一般公共服务支出”不是模板部门收支总表中的行（功能分类科目行请放入对应的功能分类表）",
        )
    ]


def test_the_companion_row_takes_this_years_figure_only() -> None:
    placer = imported(
        grid([["一般公共预算三公经费支出表"], ["项目", "本年预算数", "上年预算数", "增减额"], ["公务接待费", 5, 4, 1]])
    )
    assert placer.data["gp_three_public_table"] == {"reception": {"amount": D(5), "prior": D(4)}}
    assert placer.data["three_public"] == {"reception": {"change": D(1), "amount": D(5)}}
    assert placer.conflicts == []
