"""A stated change against the table's 增减额 (SM-CHANGE): a bare amount continuing a list of changes is a change
too, and says so; a change whose cell is blank is a warning at the paragraph. Texts are invented; the tables are
the seed workbook's (基本支出 +94.8, 项目支出 +541.67 万元)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budget_addin.core.dataset import Dataset
from budget_addin.core.model import Book
from budget_addin.narrative import claims as c
from budget_addin.narrative.claims import extract, file_locator, link_and_judge

TEXT = ["二、支出情况", "基本支出增加 90 万元，项目支出 500 万元。"]


def checks(book: Book) -> dict[str, tuple[c.Check, ...]]:
    return {j.claim.text: j.checks for j in link_and_judge(book, extract(TEXT), file_locator("t.txt"))}


def test_an_amount_continuing_a_list_of_changes_is_judged_as_a_rise(seed_book: Book) -> None:
    judged = checks(seed_book)
    assert judged["增加 90 万元"] == (c.Check(
        c.CHANGE, "error", "基本支出：说明中写增加 90 万元，表中增减额为 94.8 万元（收入支出!D19）；"
                           "四舍五入与截尾均不成立，应为 95",
        ("t.txt 第 2 段", "收入支出!D19"), Decimal("94.8"), Decimal(90)),)
    assert judged["500 万元"] == (c.Check(
        c.CHANGE, "error", "项目支出：说明中写增加（承上） 500 万元，表中增减额为 541.67 万元（收入支出!D22）；"
                           "四舍五入与截尾均不成立，应为 542",
        ("t.txt 第 2 段", "收入支出!D22"), Decimal("541.67"), Decimal(500)),)


def test_a_change_whose_cell_is_blank_is_a_warning_at_its_paragraph(seed_data: Dataset) -> None:
    data = copy.deepcopy(seed_data)
    data["income_expenditure"]["project"]["change"] = None
    assert checks(Book(data, source="blank change"))["500 万元"] == (c.Check(
        c.BLANK, "warning", "项目支出：说明中写“500 万元”，表中 收入支出!D22 未填", ("t.txt 第 2 段", "收入支出!D22"),
        None, Decimal(500)),)


def judged_with(data: Dataset, text: list[str], **cells: str | None) -> dict[str, tuple[c.Check, ...]]:
    """The checks of each claim of ``text`` against the seed tables with ``table__row__col=value`` changed."""
    changed = copy.deepcopy(data)
    for where, value in cells.items():
        table, row, col = where.split("__")
        changed[table][int(row) if row.isdigit() else row][col] = None if value is None else Decimal(value)
    book = Book(changed, source="changed")
    return {j.claim.text: j.checks for j in link_and_judge(book, extract(text), file_locator("t.txt"))}


def directions(checks: tuple[c.Check, ...]) -> list[tuple[str, str | Decimal | None, str | Decimal | None]]:
    return [(k.message, k.expected, k.actual) for k in checks if k.rule == c.DIRECTION]


def test_a_rise_the_tables_show_as_a_fall_is_a_direction_error_stated_or_continued(seed_data: Dataset) -> None:
    """区级绩效奖励金 fell by 5 in the 明细 table: 增加 5 is wrong, and so is a bare 5 continuing a list of rises."""
    text = ["二、支出情况", "基本工资增加 19 万元，区级绩效奖励金 5 万元。", "区级绩效奖励金增加 5 万元。",
            "基本工资增加 19 万元，区级绩效奖励金 0 万元。"]
    judged = judged_with(seed_data, text)
    assert directions(judged["5 万元"]) == [
        ("区级绩效奖励金：说明中写“5 万元”，表中增减额为 -5 万元（明细!F10），应为“减少”", "减少", "增加")]
    assert judged["5 万元"][0] == c.Check(c.CHANGE, "ok", "区级绩效奖励金：说明中写增加（承上） 5 万元，"
                                                          "表中增减额为 -5 万元（明细!F10）",
                                         ("t.txt 第 2 段", "明细!F10"), Decimal(-5), Decimal(5))  # the size agrees
    assert directions(judged["增加 5 万元"]) == [
        ("区级绩效奖励金：说明中写“增加 5 万元”，表中增减额为 -5 万元（明细!F10），应为“减少”", "减少", "增加")]
    assert directions(judged["0 万元"]) == []  # nil goes neither way (its size is wrong: SM-CHANGE says so)
    small = judged_with(seed_data, ["二、支出情况", "基本工资增加 19 万元，区级绩效奖励金 0.5 万元。"])
    assert [k.expected for k in small["0.5 万元"] if k.rule == c.DIRECTION] == ["减少"]


@pytest.mark.parametrize("rise", ["1", "0.5"])
def test_a_fall_the_tables_show_as_a_small_rise_is_a_direction_error(seed_data: Dataset, rise: str) -> None:
    judged = judged_with(seed_data, ["二、支出情况", f"区级绩效奖励金减少 {rise} 万元。"], details__6__change=rise)
    assert directions(judged[f"减少 {rise} 万元"]) == [
        (f"区级绩效奖励金：说明中写“减少 {rise} 万元”，表中增减额为 {rise} 万元（明细!F10），"
         f"应为“增加”", "增加", "减少")]


def test_a_rate_named_without_a_direction_is_judged_on_its_size_only(seed_data: Dataset) -> None:
    """增减率 says neither rise nor fall: against a fall (94.8 ÷ 1399.65) or a rise (94.8 ÷ 1210.05) only its size
    is judged, and it holds."""
    fall = judged_with(seed_data, ["二、支出情况", "基本支出增减率为 6.77%。"],
                       income_expenditure__basic__change="-94.8")
    assert fall["增减率为 6.77%"] == (c.Check(c.GROWTH, "ok", "基本支出降幅 94.8÷1399.65=6.77%，说明中写 6.77%，"
                                                              "按四舍五入一致",
                                             ("t.txt 第 2 段", "收入支出!F19", "收入支出!E19"),
                                             Decimal("6.77"), Decimal("6.77")),)
    rise = judged_with(seed_data, ["二、支出情况", "基本支出增减率为 7.83%。"])
    assert rise["增减率为 7.83%"] == (c.Check(c.GROWTH, "ok", "基本支出增幅 94.8÷1210.05=7.83%，说明中写 7.83%，"
                                                              "按四舍五入一致",
                                             ("t.txt 第 2 段", "收入支出!F19", "收入支出!E19"),
                                             Decimal("7.83"), Decimal("7.83")),)


def test_a_blank_change_is_worked_out_from_the_current_and_prior_columns(seed_data: Dataset) -> None:
    text = ["二、支出情况", "基本支出增加 94.8 万元。"]
    worked = judged_with(seed_data, text, income_expenditure__basic__change=None,
                         income_expenditure__basic__prior="1210.05")
    assert worked["增加 94.8 万元"] == (c.Check(
        c.CHANGE, "ok", "基本支出：说明中写增加 94.8 万元，表中增减额为 94.8 万元（收入支出!B19−收入支出!C19）",
        ("t.txt 第 2 段", "收入支出!B19−收入支出!C19"), Decimal("94.80"), Decimal("94.8")),)
    unknown = judged_with(seed_data, text, income_expenditure__basic__change=None)  # and no prior stated
    assert unknown["增加 94.8 万元"] == (c.Check(c.BLANK, "warning", "基本支出：说明中写“增加 94.8 万元”，"
                                                                     "表中 收入支出!D19 未填",
                                                ("t.txt 第 2 段", "收入支出!D19"), None, Decimal("94.8")),)


def test_a_share_of_a_nil_whole_cannot_be_worked_out_and_of_a_small_one_is_judged(seed_data: Dataset) -> None:
    text = ["四、三公经费", "公务接待费 3 万元，占 33.33%。"]
    nil = judged_with(seed_data, text, three_public__total__amount="0")
    assert nil["占 33.33%"] == (c.Check(c.SHARE, "error", "公务接待费：说明中写 占 33.33%，但 占比的分母为 0，无法计算",
                                        ("t.txt 第 2 段", "三公经费预算!H9", "三公经费预算!I9"), None,
                                        Decimal("33.33")),)
    negative = judged_with(seed_data, text, three_public__total__amount="-3")
    assert [k.message for k in negative["占 33.33%"]] == ["公务接待费：说明中写 占 33.33%，但 占比的分母为 -3，"
                                                          "无法计算"]
    small = judged_with(seed_data, text, three_public__total__amount="0.5")
    (share,) = small["占 33.33%"]
    assert share.severity == "error" and share.message.startswith("公务接待费占比 3÷0.5=600.00%，说明中写 33.33%")


def test_a_rate_of_an_item_without_a_change_column_is_unlinked_and_of_a_blank_change_is_a_warning(
        seed_book: Book) -> None:
    judged = {j.claim.paragraph: j for j in link_and_judge(
        seed_book, extract(["七、国有资产信息", "本部门固定资产比上年增长 5%。", "二、支出情况", "人员经费增长 5%。"]),
        file_locator("t.txt"))}
    assert judged[1].cell is None and judged[1].checks == (c.Check(
        c.UNLINKED, "info", "“增长 5%”未能对应到表格（固定资产在表格中没有增减率栏）", ("t.txt 第 2 段",), None,
        Decimal(5)),)
    assert judged[3].checks == (c.Check(c.BLANK, "warning", "人员经费：说明中写“增长 5%”，表中 收入支出!D20 未填",
                                        ("t.txt 第 4 段", "收入支出!D20"), None, Decimal(5)),)


@pytest.mark.parametrize(("change", "rate", "written"), [("0", "0", "0÷1304.85=0.00%"),
                                                         ("0.5", "0.04", "0.5÷1304.35=0.04%")])
def test_a_rate_of_a_nil_or_small_rise_is_worded_as_a_rise(seed_data: Dataset, change: str, rate: str,
                                                           written: str) -> None:
    judged = judged_with(seed_data, ["二、支出情况", f"基本支出增长 {rate}%。"],
                         income_expenditure__basic__change=change)
    assert [k.message for k in judged[f"增长 {rate}%"]] == [f"基本支出增幅 {written}，说明中写 {rate}%，按四舍五入一致"]


def test_a_rate_said_to_fall_for_a_rising_item_is_a_direction_error_naming_the_change_cell(seed_book: Book) -> None:
    (judged,) = link_and_judge(seed_book, extract(["二、支出情况", "基本支出下降 7.83%。"]), file_locator("t.txt"))
    assert judged.checks[1] == c.Check(c.DIRECTION, "error",
                                       "基本支出：说明中写“下降 7.83%”，表中增减额为 94.8 万元（收入支出!D19），"
                                       "应为“增加”",
                                       ("t.txt 第 2 段", "收入支出!D19"), "增加", "下降")


def test_no_carryover_is_judged_against_the_amount_and_unchanged_needs_a_change_column(seed_book: Book) -> None:
    text = ["二、收入情况", "本部门上年无结转资金。", "七、国有资产信息", "本部门固定资产与上年持平。"]
    judged = {j.claim.text: j.checks for j in link_and_judge(seed_book, extract(text), file_locator("t.txt"))}
    assert judged["无结转资金"] == (c.Check(c.AMOUNT, "error", "结转至本年的资金：说明中写“无结转资金”，"
                                                               "表中金额为 140 万元（收入支出!B17）",
                                         ("t.txt 第 2 段", "收入支出!B17"), Decimal(140), Decimal(0)),)
    assert judged["与上年持平"] == (c.Check(c.UNLINKED, "info",
                                          "“与上年持平”未能对应到表格（固定资产在表格中没有持平/为零栏）",
                                          ("t.txt 第 4 段",), None, Decimal(0)),)  # the tables hold no change of it


def test_unchanged_against_a_change_worked_out_from_current_and_prior(seed_data: Dataset) -> None:
    judged = judged_with(seed_data, ["二、支出情况", "基本支出与上年持平。"], income_expenditure__basic__change=None,
                         income_expenditure__basic__prior="1210.05")
    assert judged["与上年持平"] == (c.Check(c.DIRECTION, "error",
                                          "基本支出：说明中写“与上年持平”，"
                                          "表中增减额为 94.8 万元（收入支出!B19−收入支出!C19）",
                                          ("t.txt 第 2 段", "收入支出!B19−收入支出!C19"), Decimal("94.80"),
                                          Decimal(0)),)
    nil = judged_with(seed_data, ["二、收入情况", "本部门上年无结转资金。"], income_expenditure__carryover__amount="0")
    assert [k.severity for k in nil["无结转资金"]] == ["ok"]


def test_a_share_whose_part_or_whole_is_blank_is_a_warning_naming_the_blank_cell(seed_data: Dataset) -> None:
    text = ["四、三公经费", "公务接待费 3 万元，占 33.33%。"]
    part = judged_with(seed_data, text, three_public__reception__amount=None)
    assert part["占 33.33%"] == (c.Check(c.BLANK, "warning", "公务接待费：说明中写“占 33.33%”，"
                                                             "表中 三公经费预算!B9 未填",
                                        ("t.txt 第 2 段", "三公经费预算!B9"), None, Decimal("33.33")),)
    whole = judged_with(seed_data, text, three_public__total__amount=None)
    assert whole["占 33.33%"] == (c.Check(c.BLANK, "warning", "“三公”经费：说明中写“占 33.33%”，"
                                                              "表中 三公经费预算!B4 未填",
                                         ("t.txt 第 2 段", "三公经费预算!B4"), None, Decimal("33.33")),)
    linked = link_and_judge(Book(seed_data, source="seed"), extract(text), file_locator("t.txt"))
    assert [j.cell for j in linked] == ["三公经费预算!B9", "三公经费预算!H9"]  # the share is linked to its share cell


def test_unchanged_is_judged_against_the_change_in_the_tables_unit_or_a_blank_change_is_a_warning(
        seed_data: Dataset) -> None:
    (unchanged,) = link_and_judge(Book(seed_data, source="seed"), extract(["四、三公经费", "公务接待费与上年持平。"]),
                                  file_locator("t.txt"))
    assert unchanged.checks == (c.Check(c.DIRECTION, "ok", "公务接待费：说明中写“与上年持平”，"
                                                           "表中增减额为 0 万元（三公经费预算!D9）",
                                        ("t.txt 第 2 段", "三公经费预算!D9"), Decimal(0), Decimal(0)),)
    blank = judged_with(seed_data, ["二、支出情况", "基本支出与上年持平。"], income_expenditure__basic__change=None)
    assert blank["与上年持平"] == (c.Check(c.BLANK, "warning", "基本支出：说明中写“与上年持平”，表中 收入支出!D19 未填",
                                         ("t.txt 第 2 段", "收入支出!D19"), None, Decimal(0)),)


def test_a_departments_own_rows_are_named_in_their_findings(seed_data: Dataset) -> None:
    """A head count of a 人员情况 row and the change of a 明细 row the table works out from its amounts (新增 items)."""
    judged = judged_with(seed_data, ["二、支出情况", "分配至我街道办事处 18 人。", "供热管理工作经费增加 15.3 万元。"],
                         staff__2__count="19")
    assert judged["18 人"] == (c.Check(c.COUNT, "error", "分配至我街道办事处：说明中写 18 人，"
                                                         "表中为 19 人（人员情况!D6），"
                                                       "相差 1 人；四舍五入与截尾均不成立，应为 19",
                                      ("t.txt 第 2 段", "人员情况!D6"), Decimal(19), Decimal(18)),)
    assert judged["增加 15.3 万元"] == (c.Check(c.CHANGE, "ok", "供热管理工作经费：说明中写增加 15.3 万元，"
                                                                "表中增减额为 15.3 万元（明细!G15）",
                                              ("t.txt 第 3 段", "明细!G15"), Decimal("15.3"), Decimal("15.3")),)


def test_an_amount_that_agrees_says_both_figures_and_nothing_more(seed_book: Book) -> None:
    (judged,) = link_and_judge(seed_book, extract(["七、国有资产信息", "本部门固定资产 404.13 万元。"]),
                               file_locator("t.txt"))
    assert judged.checks == (c.Check(c.AMOUNT, "ok", "固定资产：说明中写 404.13 万元，"
                                                     "表中为 404.13 万元（国有资产!B4）",
                                     ("t.txt 第 2 段", "国有资产!B4"), Decimal("404.13"), Decimal("404.13")),)


def test_a_count_change_never_takes_the_money_item_before_it(seed_book: Book) -> None:
    judged = link_and_judge(seed_book, extract(["二、支出情况", "基本支出 1304.85 万元，增加 2 人。",
                                                "比上年增加 5 万元。"]),
                            file_locator("t.txt"))
    assert [(j.claim.text, j.cell, [k.message for k in j.checks]) for j in judged[1:]] == [
        ("增加 2 人", None, ["“增加 2 人”未能对应到表格（未识别所述项目）"]),
        ("增加 5 万元", None, ["“增加 5 万元”未能对应到表格（“比上年”在表格中没有对应项）"])]


def test_a_row_is_named_whatever_the_spacing_of_its_dates(seed_book: Book) -> None:
    """The 人员情况 row reads “2019 年 9 月…”; the text writes “2019年9月…”: dates and spaces aside, one name."""
    (judged,) = link_and_judge(seed_book, extract(["二、人员情况",
                                                   "2019年9月市委组织部为我区新选配大学生社区工作者 40 名。"]),
                               file_locator("t.txt"))
    assert (judged.cell, judged.verdict) == ("人员情况!D7", "ok")


@pytest.mark.parametrize("joined", ["和", "及", "以及", "与", " 和"])
def test_a_change_after_two_items_joined_by_a_word_is_not_charged_to_either(seed_book: Book, joined: str) -> None:
    text = ["二、支出情况", f"基本支出 1304.85 万元{joined}项目支出 2500.92 万元，比上年增加 636.47 万元。"]
    change = link_and_judge(seed_book, extract(text), file_locator("t.txt"))[-1]
    assert (change.claim.text, change.cell) == ("增加 636.47 万元", None)


def test_a_rate_after_two_items_is_not_charged_to_either_but_after_one_it_is(seed_book: Book) -> None:
    two = link_and_judge(seed_book, extract(["二、支出情况", "基本支出 1304.85 万元、项目支出 2500.92 万元，"
                                                             "比上年增长 20%。"]),
                         file_locator("t.txt"))
    assert (two[-1].claim.text, two[-1].cell) == ("增长 20%", None)
    one = link_and_judge(seed_book, extract(["二、支出情况", "基本支出 1304.85 万元，"
                                                             "比上年增加 94.8 万元。"]), file_locator("t.txt"))
    assert one[-1].cell == "收入支出!D19"


def test_a_change_naming_an_unknown_item_is_not_charged_to_the_item_before_it(seed_book: Book) -> None:
    """某某 (two characters) names an item the tables lack; a lone letter names nothing, so 基本支出 is meant."""
    judged = link_and_judge(seed_book, extract(["二、支出情况", "基本支出 1304.85 万元，某某增加 5 万元。",
                                                "基本支出 1304.85 万元，A增加 94.8 万元。"]), file_locator("t.txt"))
    assert [(j.claim.text, j.cell) for j in judged if j.claim.kind == "change"] == [("增加 5 万元", None),
                                                                                     ("增加 94.8 万元", "收入支出!D19")]


def test_a_change_in_a_sentence_naming_nothing_is_the_first_item_of_the_sentence_before(seed_book: Book) -> None:
    """Not the last item named: 基本支出 opens the sentence before, and its change is the one stated (94.8)."""
    judged = link_and_judge(seed_book, extract(["二、支出情况", "基本支出 1304.85 万元，项目支出 2500.92 万元。"
                                                                "比上年增加 94.8 万元。"]),
                            file_locator("t.txt"))
    assert (judged[-1].claim.subject_text, judged[-1].cell, judged[-1].verdict) == ("（承上）", "收入支出!D19", "ok")


def test_a_rate_whose_prior_cannot_be_worked_out_is_a_warning_on_the_change_cell(seed_data: Dataset) -> None:
    """项目支出's change is stated but its amount is blank: no prior, so no rate to compare."""
    judged = judged_with(seed_data, ["二、支出情况", "项目支出增长 27.65%。"], income_expenditure__project__amount=None,
                         income_expenditure__project_own__amount=None)
    # (not pinned: the message names the change cell D22, though the amount B22 is the blank one)
    assert [(k.rule, k.severity, k.actual) for k in judged["增长 27.65%"]] == [(c.BLANK, "warning", Decimal("27.65"))]
