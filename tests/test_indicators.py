"""Performance indicators: every target is read, and the 绩效 rules find what is wrong with them."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from budget_addin.core.dataset import Dataset, load_seed
from budget_addin.core.findings import CATALOGUE, Finding, MissingData, NotApplicable
from budget_addin.core.model import Book
from budget_addin.rules import performance, run_rules
from budget_addin.rules.indicator_review import audit, render, review_rows
from budget_addin.rules.indicators import (
    BUDGET_PROJECT,
    SPECIAL_FUND,
    SUB_GOAL,
    Indicator,
    indicators,
    parse_target,
    split_indicators,
)

SEED = load_seed().data


def _detail_row(data: dict, item: str) -> int:
    """The index of the 明细 row of a project, by its name."""
    return next(i for i, row in enumerate(data["details"]) if row.get("item") == item)


def book_of(data: Dataset | None = None) -> Book:
    return Book(data if data is not None else SEED, source="test")


def copy_seed() -> Dataset:
    return copy.deepcopy(SEED)


def findings(book: Book, rule_id: str) -> list[Finding]:
    return list(CATALOGUE[rule_id].check(book))


def project_row(data: Dataset, no: int, level3: str, group: str = BUDGET_PROJECT) -> int:
    """Index of a project indicator row by table number and 三级指标."""
    for index, record in enumerate(data["project_indicators"]):
        if record["group"] == group and int(record["no"]) == no and record["level3"] == level3:
            return index
    raise KeyError((no, level3))


# -- the parser ------------------------------------------------------------------------------------

D = Decimal


@pytest.mark.parametrize(
    ("written", "comparison", "words", "number", "unit"),
    [
        ("≥90%", "≥", "≥", D("90"), "%"),
        ("\\geq 90%", "≥", "\\geq", D("90"), "%"),
        ("$\\geq 90\\%$", "≥", "\\geq", D("90"), "%"),
        ("不少于4次", "≥", "不少于", D("4"), "次"),
        ("≥1次", "≥", "≥", D("1"), "次"),
        ("≤10万元", "≤", "≤", D("10"), "万元"),
        ("3 个", "=", None, D("3"), "个"),
        ("2.64万元", "=", None, D("2.64"), "万元"),
        ("100%", "=", None, D("100"), "%"),
        ("≤100%", "≤", "≤", D("100"), "%"),
        ("≥664 人", "≥", "≥", D("664"), "人"),
        ("200 元", "=", None, D("200"), "元"),
        ("4991 户", "=", None, D("4991"), "户"),
        ("4 类", "=", None, D("4"), "类"),
        ("≥ 8 件", "≥", "≥", D("8"), "件"),
        ("5.49 万元", "=", None, D("5.49"), "万元"),
        ("不低于95%", "≥", "不低于", D("95"), "%"),
        ("达到90%以上", "≥", "达到…以上", D("90"), "%"),
        ("90%以上", "≥", "以上", D("90"), "%"),
        ("\\leq 5%", "≤", "\\leq", D("5"), "%"),
        ("2台", "=", None, D("2"), "台"),
        ("1,200平方米", "=", None, D("1200"), "平方米"),
        ("１００％", "=", None, D("100"), "%"),
        ("≥95", "≥", "≥", D("95"), None),
    ],
)
def test_parse_target_reads_every_written_variant(written: str, comparison: str, words: str | None,
                                                  number: Decimal, unit: str | None) -> None:
    target = parse_target(written)
    assert (target.comparison, target.comparison_words, target.number, target.unit) == (comparison, words, number, unit)
    assert target.quantified and not target.qualitative and target.parse_error is None
    assert target.written == written


@pytest.mark.parametrize("written", ["满意", "保障居委会正常办公", "通过各项商品和服务支出，提升公共服务水平"])
def test_prose_targets_are_qualitative(written: str) -> None:
    target = parse_target(written)
    assert target.qualitative and target.number is None and target.comparison is None and target.parse_error is None


@pytest.mark.parametrize("written", ["90%~95%", "两次", "≤90%以上", "约 90%", "90%，力争95%"])
def test_parse_target_reports_what_it_cannot_read_instead_of_guessing(written: str) -> None:
    target = parse_target(written)
    assert target.parse_error and target.number is None and not target.qualitative


@pytest.mark.parametrize("written", [None, "", "   "])
def test_empty_target_is_missing(written: str | None) -> None:
    target = parse_target(written)
    assert target.missing and not target.quantified and not target.qualitative and target.parse_error is None


@pytest.mark.parametrize(("odd", "kind", "number"), [
    (42, "定量", D("42")), (3.5, "定量", D("3.5")), ("9" * 400, "定量", D("9" * 400)),
    ("\\", "定性", None), ("$$", "定性", None),
    ("≥≥90%", "无法识别", None), ("约90%", "无法识别", None), ("90%～95%", "无法识别", None),
])
def test_odd_targets_are_read_or_reported_not_raised(odd: object, kind: str, number: D | None) -> None:
    target = parse_target(odd)  # type: ignore[arg-type]
    assert (target.kind, target.number) == (kind, number)
    assert (target.parse_error is not None) == (kind == "无法识别")


def test_sub_goal_text_is_split_into_named_indicators() -> None:
    parts = split_indicators("每年组织开展主题宣传教育活动不少于4次；党报党刊征订率 $\\geq 90\\%$ ；工作完成率100%")
    assert [(name, t.written, t.comparison, t.number, t.unit) for _, name, t in parts] == [
        ("每年组织开展主题宣传教育活动", "不少于4次", "≥", D("4"), "次"),
        ("党报党刊征订率", "$\\geq 90\\%$", "≥", D("90"), "%"),
        ("工作完成率", "100%", "=", D("100"), "%"),
    ]


@pytest.mark.parametrize(
    ("segment", "number", "unit"),
    [("每年举办4次党风廉政建设、反腐败宣传教育活动", D("4"), "次"), ("开展 1 次共青团活动", D("1"), "次"),
     ("完成 2 个老旧小区改造", D("2"), "个")],
)
def test_count_inside_a_phrase_is_an_exact_target_named_by_the_phrase(segment: str, number: Decimal, unit: str) -> None:
    [(_, name, target)] = split_indicators(segment)
    assert (name, target.comparison, target.number, target.unit) == (segment, "=", number, unit)


def test_phrase_without_figure_has_no_target() -> None:
    [(_, name, target)] = split_indicators("信访事项受理及时率")
    assert name == "信访事项受理及时率" and target.missing


# -- every seed indicator --------------------------------------------------------------------------


def test_every_seed_indicator_is_read_with_its_cell() -> None:
    found = indicators(book_of())
    by_source = {s: [i for i in found if i.source == s] for s in (SUB_GOAL, SPECIAL_FUND, BUDGET_PROJECT)}
    assert len(SEED["project_indicators"]) == 95
    assert {s: len(v) for s, v in by_source.items()} == {SUB_GOAL: 78, SPECIAL_FUND: 5, BUDGET_PROJECT: 90}
    assert {i.table_no for i in by_source[SUB_GOAL]} == set(range(1, 27))
    assert {i.table_no for i in by_source[BUDGET_PROJECT]} == set(range(1, 22))
    assert all(i.cell.startswith("分项绩效目标!D") for i in by_source[SUB_GOAL])
    assert all(i.cell.startswith("项目绩效指标!G") for i in by_source[SPECIAL_FUND] + by_source[BUDGET_PROJECT])
    assert not [i.key for i in found if i.target.parse_error]
    assert [i.key for i in found if i.target.missing] == ["分项18-1"]
    assert sum(i.target.quantified for i in found) == 154
    assert all(i.table_name for i in found)
    assert len({i.key for i in found}) == len(found)


def test_seed_qualitative_targets_are_the_effect_rows_and_two_satisfaction_rows() -> None:
    found = indicators(book_of())
    prose = [i for i in found if i.target.qualitative]
    assert len(prose) == 18
    assert {i.level1 for i in prose} == {"效果指标", "满意度指标"}
    assert sorted((i.table_no, i.level3) for i in prose if i.category == "满意度") == [
        (17, "职工满意度"), (18, "社区居民对惠民项目实施的满意情况")]


def _find(found: list[Indicator], source: str, no: int, name: str) -> Indicator:
    [item] = [i for i in found if i.source == source and i.table_no == no and i.name == name]
    return item


@pytest.mark.parametrize(
    ("source", "no", "name", "comparison", "number", "unit"),
    [
        (SUB_GOAL, 1, "党报党刊征订率", "≥", D("90"), "%"),
        (SUB_GOAL, 3, "党务工作完成率", "≥", D("90"), "%"),
        (SUB_GOAL, 7, "每年召开 4 次人大代表会议", "=", D("4"), "次"),
        (SUB_GOAL, 13, "参加活动人数", "≥", D("100"), "人"),
        (SUB_GOAL, 18, "督办信访案件数", "≥", D("8"), "件"),
        (SUB_GOAL, 23, "组织系列文化活动数量（次）", "≥", D("1"), "次"),
        (SUB_GOAL, 25, "居民活动参与人数", "≥", D("1000"), "人"),
        (SPECIAL_FUND, 1, "预算(成本)控制率", "≤", D("100"), "%"),
        (SPECIAL_FUND, 1, "工程完成及时率", "=", D("90"), "%"),
        (BUDGET_PROJECT, 2, "支付安全员经费", "=", D("2.64"), "万元"),
        (BUDGET_PROJECT, 5, "补助项目单位数", "=", D("3"), "个"),
        (BUDGET_PROJECT, 5, "补助金额", "=", D("200"), "元"),
        (BUDGET_PROJECT, 5, "党员人数", "≥", D("664"), "人"),
        (BUDGET_PROJECT, 12, "宣传、活动开展次数", "≥", D("1"), "次"),
        (BUDGET_PROJECT, 14, "人均财政投入水平", "=", D("5.49"), "万元"),
        (BUDGET_PROJECT, 15, "支付离任村干部补贴", "=", D("10.12"), "万元"),
        (BUDGET_PROJECT, 16, "发放补助农户数", "=", D("4991"), "户"),
        (BUDGET_PROJECT, 17, "支付人员工资人数", "=", D("57"), "人"),
        (BUDGET_PROJECT, 18, "惠民项目数量", "=", D("4"), "类"),
        (BUDGET_PROJECT, 18, "居民生活环境得到改善的社区数量", "=", D("9"), "个"),
        (BUDGET_PROJECT, 20, "项目预算控制数", "≤", D("10"), "万元"),
    ],
)
def test_seed_targets_parse_to_their_figures(source: str, no: int, name: str, comparison: str, number: Decimal,
                                             unit: str) -> None:
    target = _find(indicators(book_of()), source, no, name).target
    assert (target.comparison, target.number, target.unit) == (comparison, number, unit)


# -- measurable targets ----------------------------------------------------------------------------------


def test_indicator_without_target_is_an_error_at_its_cell() -> None:
    book = book_of()
    [finding] = findings(book, "JX-001")
    assert finding.severity == "error"
    assert finding.cells == (book.ref("sub_goals", 17, "indicators"),) == ("分项绩效目标!D21",)
    assert "信访事项受理及时率" in finding.message


def test_prose_on_satisfaction_indicators_is_warned_with_table_and_cell() -> None:
    book = book_of()
    found = findings(book, "JX-003")
    expected = {book.ref("project_indicators", project_row(SEED, 17, "职工满意度"), "target"),
                book.ref("project_indicators", project_row(SEED, 18, "社区居民对惠民项目实施的满意情况"), "target")}
    assert {c for f in found for c in f.cells} == expected
    assert all(f.severity == "warning" for f in found)
    assert any("预算项目表 17《社区工作者工资保险》" in f.message for f in found)


def test_prose_on_an_output_indicator_is_warned() -> None:
    data = copy_seed()
    row = project_row(data, 5, "党员人数")
    data["project_indicators"][row]["target"] = "党员全部参与"
    book = book_of(data)
    assert book.ref("project_indicators", row, "target") in {c for f in findings(book, "JX-003") for c in f.cells}


def test_unreadable_target_is_reported_with_its_cell() -> None:
    assert findings(book_of(), "JX-002") == []
    data = copy_seed()
    row = project_row(data, 3, "各项工作任务完成率")
    data["project_indicators"][row]["target"] = "90%~95%"
    book = book_of(data)
    [finding] = findings(book, "JX-002")
    assert finding.cells == (book.ref("project_indicators", row, "target"),)
    assert "90%~95%" in finding.message


# -- structure ------------------------------------------------------------------------------------------


def test_seed_tables_have_the_three_categories() -> None:
    assert findings(book_of(), "JX-004") == []


def test_structure_rule_fires_when_a_table_loses_its_satisfaction_row() -> None:
    data = copy_seed()
    del data["project_indicators"][project_row(data, 5, "受益人员满意度")]
    found = findings(book_of(data), "JX-004")
    assert len(found) == 1
    assert "村党组织活动经费" in found[0].message and "满意度指标" in found[0].message
    assert found[0].severity == "error"


def test_structure_rule_accepts_effect_or_benefit_and_wants_an_output_kind() -> None:
    data = copy_seed()
    for record in data["project_indicators"]:
        if int(record["no"]) == 6 and record["group"] == BUDGET_PROJECT:
            if record["level1"] == "效果指标":
                record["level1"] = "效益指标"
            if record["level1"] == "产出指标":
                record["level2"] = "其他指标"
    [finding] = findings(book_of(data), "JX-004")
    assert "数量、质量、时效、成本" in finding.message and finding.severity == "warning"


# -- plausibility -----------------------------------------------------------------------------------------


def test_percent_above_hundred_fires_on_a_perturbed_target() -> None:
    assert findings(book_of(), "JX-005") == []
    data = copy_seed()
    row = project_row(data, 11, "受理投诉率")
    data["project_indicators"][row]["target"] = "≥120%"
    book = book_of(data)
    [finding] = findings(book, "JX-005")
    assert finding.cells == (book.ref("project_indicators", row, "target"),) and finding.actual == D("120")


def test_percent_above_hundred_in_latex_sub_goal_text() -> None:
    data = copy_seed()
    data["sub_goals"][0]["indicators"] = data["sub_goals"][0]["indicators"].replace("90\\%", "190\\%")
    [finding] = findings(book_of(data), "JX-005")
    assert "党报党刊征订率" in finding.message


def test_upper_bound_on_a_rising_rate_is_warned_but_cost_control_is_not() -> None:
    assert findings(book_of(), "JX-006") == []  # 预算(成本)控制率 ≤100% stays unflagged
    data = copy_seed()
    row = project_row(data, 1, "居民满意率", SPECIAL_FUND)
    data["project_indicators"][row]["target"] = "≤90%"
    book = book_of(data)
    [finding] = findings(book, "JX-006")
    assert finding.cells == (book.ref("project_indicators", row, "target"),)


def test_duplicated_indicator_within_a_table_is_warned() -> None:
    assert findings(book_of(), "JX-007") == []
    data = copy_seed()
    row = project_row(data, 9, "补助发放率")
    data["project_indicators"].insert(row + 1, dict(data["project_indicators"][row]))
    book = book_of(data)
    [finding] = findings(book, "JX-007")
    assert set(finding.cells) == {book.ref("project_indicators", row, "target"),
                                  book.ref("project_indicators", row + 1, "target")}


# -- agreement with the budget ------------------------------------------------------------------------------


def test_quantity_times_unit_cost_agrees_with_the_village_party_budget() -> None:
    book = book_of()
    assert [f for f in findings(book, "JX-008") if f.severity != "info"] == []
    cost = _find(indicators(book), BUDGET_PROJECT, 5, "补助金额")
    [item] = [a for a in audit(book).items if a.indicator == cost]
    assert item.findings == []
    assert "664 人 × 200 元 = 13.28 万元，与村党组织活动经费 13.28 万元一致" in item.passed


def test_quantity_times_unit_cost_fires_when_the_budget_figure_changes() -> None:
    data = copy_seed()
    data["details"][_detail_row(data, "村党组织活动经费")]["amount"] = D("15.28")
    book = book_of(data)
    [finding] = [f for f in findings(book, "JX-008") if f.severity == "error"]
    assert book.ref("details", _detail_row(data, "村党组织活动经费"), "amount") in finding.cells
    assert finding.expected == D("13.28") and finding.actual == D("15.28")
    assert "664 人 × 200 元 = 13.28 万元" in finding.message


def test_quantity_times_unit_cost_fires_when_the_count_changes() -> None:
    data = copy_seed()
    data["project_indicators"][project_row(data, 5, "党员人数")]["target"] = "≥700 人"
    assert [f.severity for f in findings(book_of(data), "JX-008") if f.severity == "error"] == ["error"]


def test_cross_checks_without_a_budget_figure_say_they_could_not_run() -> None:
    found = findings(book_of(), "JX-008") + findings(book_of(), "JX-009")
    skipped = [f for f in found if f.severity == "info"]
    assert all(f.message.startswith("未能核对") for f in skipped)
    texts = " ".join(f.message for f in skipped)
    for stated in ("2.64万元", "10.12 万元", "57 人 × 11.77 万元 = 670.89 万元", "5.49 万元"):
        assert stated in texts
    assert [f for f in found if f.severity != "info"] == []


def test_stated_amount_bound_is_checked_against_the_culture_budget() -> None:
    book = book_of()
    item = _find(indicators(book), BUDGET_PROJECT, 20, "项目预算控制数")
    [audited] = [a for a in audit(book).items if a.indicator == item]
    assert audited.findings == [] and audited.passed
    data = copy_seed()
    data["details"][_detail_row(data, "文化活动经费")]["amount"] = D("12")
    book = book_of(data)
    [finding] = [f for f in findings(book, "JX-009") if f.severity == "error"]
    assert book.ref("details", _detail_row(data, "文化活动经费"), "amount") in finding.cells


@pytest.mark.parametrize(("budget", "fires"), [(D("2.64"), False), (D("3"), True)])
def test_stated_amount_is_matched_to_a_procurement_budget_by_project_name(budget: Decimal, fires: bool) -> None:
    data = copy_seed()
    record = dict(data["procurement"][1])
    record.update(project="安全员经费", project_budget=budget)
    data["procurement"].append(record)
    errors = [f for f in findings(book_of(data), "JX-009") if f.severity == "error" and "安全员经费" in f.message]
    assert bool(errors) is fires


def test_cross_check_raises_missing_data_when_nothing_could_run() -> None:
    data = copy_seed()
    data["project_indicators"] = [r for r in data["project_indicators"] if int(r["no"]) in (2, 15)]
    with pytest.raises(MissingData):
        findings(book_of(data), "JX-009")
    with pytest.raises(NotApplicable):
        findings(book_of(data), "JX-008")


# -- outputs ------------------------------------------------------------------------------------------------


def test_runner_records_every_performance_rule() -> None:
    ids = {f"JX-{n:03d}" for n in range(1, 10)}
    assert set(performance.CHECKS) == ids and all(CATALOGUE[i].scope == "绩效" for i in ids)
    report = run_rules(book_of(), only=ids)
    assert set(report.ledger) == ids
    assert report.ledger["JX-001"] == "failed" and report.ledger["JX-004"] == "passed"


def test_render_lists_every_indicator_as_text_and_json() -> None:
    book = book_of()
    payload = json.loads(render(book, "json"))
    assert len(payload["indicators"]) == 173
    [missing] = [i for i in payload["indicators"] if i["kind"] == "缺失"]
    assert missing["cell"] == "分项绩效目标!D21" and missing["findings"][0]["rule"] == "JX-001"
    [control] = [i for i in payload["indicators"] if i["name"] == "预算(成本)控制率"]
    assert (control["comparison"], control["number"], control["unit"]) == ("≤", 100, "%")
    text = render(book, "text")
    assert "一级指标 | 二级指标 | 三级指标" in text and "信访事项受理及时率" in text
    assert text.count("项目绩效指标!G") == 95
    with pytest.raises(ValueError):
        render(book, "xml")


def test_review_rows_count_indicators_quantified_share_and_findings_per_table() -> None:
    review = review_rows(book_of())
    assert len(review.rows) == 173
    assert len(review.tables) == 26 + 1 + 21
    [overall] = [t for t in review.totals if t["source"] == "合计"]
    assert (overall["indicators"], overall["quantified"]) == (173, 154)
    assert overall["quantified_share"] == D(154) / D(173)
    [goal18] = [t for t in review.tables if (t["source"], t["table_no"]) == (SUB_GOAL, 18)]
    assert (goal18["indicators"], goal18["quantified"], goal18["errors"]) == (3, 2, 1)
    [table17] = [t for t in review.tables if (t["source"], t["table_no"]) == (BUDGET_PROJECT, 17)]
    assert table17["warnings"] == 1 and table17["benefit_label"] == "效果指标"
