"""情况说明: claims are found where the text states them, judged against the tables, and the
generated text reads back with no inconsistency of its own."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from other_department import other_department

from budget_addin import cli
from budget_addin.core.dataset import Dataset, blank_dataset
from budget_addin.core.findings import Finding
from budget_addin.core.model import Book
from budget_addin.narrative import claims as c
from budget_addin.narrative.claims import extract, judge_text, link_and_judge, read_text_file, render
from budget_addin.narrative.docx_writer import write_docx
from budget_addin.narrative.generate import generate, placeholders, to_text
from budget_addin.rules import load_catalogue, run_rules

NARRATIVE_RULES = {rule_id for rule_id, r in load_catalogue().items() if r.scope == "说明"}


def narrative_findings(book: Book) -> list[Finding]:
    return run_rules(book, only=NARRATIVE_RULES).findings


def paragraph_cell(book: Book, text: str) -> str:
    """The 情况说明 cell of the seed paragraph containing ``text``."""
    index = next(i for i in book.rows("narrative") if text in book.text("narrative", i, "text"))
    return book.ref("narrative", index, "text")


# -- extraction ---------------------------------------------------------------------------------

H2, H4, H7 = "二、部门预算安排的总体情况", "四、财政拨款“三公”经费预算情况及增减变化原因", "七、国有资产信息"

# (paragraphs, the statement as written, kind, value, unit, decimals, subject key). Items the glossary does not
# know (a department's own reasons and head counts) get no subject: they are linked to the user's 明细 rows later,
# never charged to the total the sentence is about.
EXTRACTION = [
    ([H2, "其中：一般公共预算拨款 2792.05 万元，基金预算拨款 1013.72 万元。"],
     "2792.05 万元", "amount", "2792.05", "万元", 2, "gp_appropriation"),
    ([H2, "其中：一般公共预算拨款 2792.05 万元，基金预算拨款 1013.72 万元。"],
     "1013.72 万元", "amount", "1013.72", "万元", 2, "fund_appropriation"),
    ([H2, "2020 年预算安排 3805.77 万元，较 2019 年增加 636.47 万元，其中："],
     "增加 636.47 万元", "change", "636.47", "万元", 2, "expenditure_total"),
    ([H2, "居委会聘用人员工资保险减少 149.02 万，社区工作者工资保险增加 562.18 万元"],
     "减少 149.02 万", "change", "-149.02", "万元", 2, None),
    ([H2, "专项资金增加 40 万，社区惠民项目区级资金 40 万，原因为新增两个社区"],
     "40 万", "change", "40", "万元", 0, None),
    ([H2, "基本支出增加 94.8 万元，增加 7%，主要原因为人员增加"],
     "增加 7%", "growth", "7", "%", 0, "basic"),
    ([H4, "2、公务用车运行维护费支出预算 6 万元，占 66.67%。与上年持平。"],
     "占 66.67%", "share", "66.67", "%", 2, "vehicle_operation"),
    ([H4, "2、公务用车运行维护费支出预算 6 万元，占 66.67%。与上年持平。公务用车购置支出预算 0 万元。与上年持平。"],
     "与上年持平", "equal", "0", "", 2, "vehicle_operation"),
    ([H4, "1、因公出国（境）支出预算 0 万元，占 0%。较上年无变化。"],
     "较上年无变化", "equal", "0", "", 2, "abroad"),
    ([H7, "其中土地房屋及构筑物 19.12 万元，占固定资产的 4.7%；通用设备 301.76 万元"],
     "占固定资产的 4.7%", "share", "4.7", "%", 1, "land_buildings"),
    ([H7, "本年度拟购置固定资产总额为 6.28 万元，主要为书籍一批及会议桌。"],
     "6.28 万元", "amount", "6.28", "万元", 2, "planned_purchase"),
    ([H2, "2018-2019 原居委会人员纳入社区工作者薪酬管理的共 33 人，分配至我街道办事处 18 人，共计 57 人"],
     "33 人", "count", "33", "人", 0, None),
    ([H2, "2018-2019 原居委会人员纳入社区工作者薪酬管理的共 33 人，分配至我街道办事处 18 人，共计 57 人"],
     "57 人", "count", "57", "人", 0, None),
    ([H2, "市委组织部为我区新选配大学生社区工作者 40 名，较 2018 年社区工作者增加 45 人"],
     "40 名", "count", "40", "名", 0, None),
    ([H2, "市委组织部为我区新选配大学生社区工作者 40 名，较 2018 年社区工作者增加 45 人"],
     "增加 45 人", "change", "45", "人", 0, None),
    ([H2, "长江街道办事处 2019 年无结余，140 万市级惠民资金需结转至 2020 年"],
     "140 万", "amount", "140", "万元", 0, "carryover"),
    ([H2, "支出预算总计 ３８０５．７７万元，基本支出 1,304.85 万元"],
     "３８０５．７７万元", "amount", "3805.77", "万元", 2, "expenditure_total"),
    ([H2, "支出预算总计 ３８０５．７７万元，基本支出 1,304.85 万元"],
     "1,304.85 万元", "amount", "1304.85", "万元", 2, "basic"),
]


@pytest.mark.parametrize(("paragraphs", "written", "kind", "value", "unit", "decimals", "subject"), EXTRACTION)
def test_extracts_each_form_with_its_span_subject_and_precision(
    paragraphs: list[str], written: str, kind: str, value: str, unit: str, decimals: int, subject: str | None
) -> None:
    found = [x for x in extract(paragraphs) if paragraphs[x.paragraph][x.start:x.end] == written]
    assert found, f"“{written}” not extracted from {paragraphs[-1]}: {[x.text for x in extract(paragraphs)]}"
    claim = found[0]
    assert (claim.kind, claim.value, claim.unit, claim.decimals, claim.subject) == (
        kind, Decimal(value), unit, decimals, subject)
    assert claim.paragraph == 1 and claim.text == written


def test_equalities_without_a_table_row_and_counts_in_words_are_kept() -> None:
    text = [H2, "长江街道办事处 2019 年无结余，原因为新增两个社区。"]
    nil, two = extract(text)
    assert (text[1][nil.start:nil.end], nil.kind, nil.direction, nil.subject, nil.subject_text) == (
        "无结余", "equal", "无", None, "结余")
    assert (text[1][two.start:two.end], two.kind, two.value, two.unit) == ("新增两个", "change", Decimal(2), "个")


def test_dates_list_numbers_and_placeholders_are_not_claims() -> None:
    text = ["截止 2019 年 12 月 31 日本部门资产", "1、2018-2019 年度", "收入总计【未填：收入总计（收入支出!B4）】",
            "共计【待核：表中共计为 57 人（社区工作者!B4），所列各项 33+18=51 人】"]
    assert extract(text) == []


def test_a_yuan_amount_is_judged_in_wanyuan() -> None:
    (claim,) = extract([H2, "基本工资增加 190000 元"])
    assert (claim.kind, claim.amount, claim.places) == ("change", Decimal(19), 4)


# -- the seed's published text --------------------------------------------------------------------


def test_seed_claims_of_every_section_are_extracted_and_linked(seed_book: Book) -> None:
    judged = judge_text(seed_book)
    by_section = {s: [j for j in judged if j.claim.section == s] for s in ("二", "三", "四", "六", "七")}
    assert {s: len(v) for s, v in by_section.items()} == {"二": 43, "三": 12, "四": 16, "六": 5, "七": 14}
    unlinked = [j.claim.text for j in judged if j.cell is None]
    assert unlinked == ["无结余", "新增两个", "增加 45 人"]


def test_seed_inconsistencies_are_reported_with_the_arithmetic(seed_book: Book) -> None:
    findings = [f for f in narrative_findings(seed_book) if f.severity in {"error", "warning"}]
    by_rule = sorted((f.rule, f.severity) for f in findings)
    assert by_rule == [(c.GROWTH, "warning"), (c.GROWTH, "warning"), (c.SHARE, "error"), (c.SUM, "error")]
    text = {f.message: f for f in findings}

    basic = next(f for m, f in text.items() if m.startswith("基本支出增幅"))
    assert basic.message == "基本支出增幅 94.8÷1210.05=7.83%，说明中写 7%：仅在截尾取整时成立，四舍五入应为 8%"
    assert basic.cells == (paragraph_cell(seed_book, "增加 7%"), "收入支出!F19", "收入支出!E19")
    assert (basic.expected, basic.actual) == (Decimal("7.83"), Decimal(7))

    project = next(f for m, f in text.items() if m.startswith("项目支出增幅"))
    assert "541.67÷1959.25=27.65%" in project.message and "四舍五入应为 28%" in project.message

    furniture = next(f for f in findings if f.rule == c.SHARE)
    assert furniture.message == ("家具、用具、装具及动植物占比 72.11÷404.13=17.84%，说明中写 17.9%："
                                 "四舍五入与截尾均不成立，应为 17.8%")
    assert seed_book.ref("assets", "furniture", "share") in furniture.cells

    workers = next(f for f in findings if f.rule == c.SUM)
    assert "所列各项 33+18=51 人，相差 6 人" in workers.message
    assert workers.cells == (paragraph_cell(seed_book, "共计 57 人"), "人员情况!D4")
    assert (workers.expected, workers.actual) == (Decimal(51), Decimal(57))


@pytest.mark.parametrize("written", ["2792.05 万元", "占 66.67%", "占 5.3%", "与上年持平", "增长 1%", "占 94.7%",
                                     "减少 149.02 万", "40 万", "57 人"])
def test_consistent_seed_claims_are_not_reported(seed_book: Book, written: str) -> None:
    judged = [j for j in judge_text(seed_book) if j.claim.text == written]
    assert judged, written
    for j in judged:
        own = [k for k in j.checks if k.rule != c.SUM]  # 57 人 agrees with its cell; only its parts disagree
        assert [k.severity for k in own] and all(k.severity == "ok" for k in own), (written, own)


def test_itemised_changes_within_the_shown_precision_are_only_remarked(seed_book: Book) -> None:
    items = [f for f in narrative_findings(seed_book) if f.rule == c.ITEMS]
    assert [f.severity for f in items] == ["info"]
    assert any("19+6+6+50+11+7-5=94 万元，相差 0.8 万元" in f.message for f in items)


def test_an_unlinked_claim_is_reported_as_info(seed_book: Book) -> None:
    unlinked = [f for f in narrative_findings(seed_book) if f.rule == c.UNLINKED]
    assert {(f.severity, f.message, f.cells) for f in unlinked} == {
        ("info", "“无结余”未能对应到表格（“结余”在表格中没有对应项）", (paragraph_cell(seed_book, "无结余"),)),
        ("info", "“新增两个”未能对应到表格（“原因为”在表格中没有对应项）", (paragraph_cell(seed_book, "两个社区"),)),
        ("info", "“增加 45 人”未能对应到表格（“较 2018 年社区工作者”在表格中没有对应项）",
         (paragraph_cell(seed_book, "增加 45 人"),)),
    }


# -- a table figure changed: the claim that states it fires, naming both cells --------------------


def _perturbed(data: Dataset, table: str, row: str | int, col: str, value: str) -> Book:
    changed = copy.deepcopy(data)
    changed[table][row][col] = Decimal(value)
    return Book(changed, source="perturbed")


@pytest.mark.parametrize(("table", "row", "col", "value", "rule", "written"), [
    ("income_expenditure", "gp_appropriation", "amount", "2792.15", c.AMOUNT, "2792.05 万元"),
    ("details", 19, "change", "1.65", c.CHANGE, "增加 1.55 万元"),  # 工会经费
    ("details", 6, "change", "5", c.DIRECTION, "减少 5 万元"),  # 区级绩效奖励金
    ("three_public", "reception", "change", "1", c.DIRECTION, "与上年持平"),
    ("assets", "books", "amount", "8.85", c.SHARE, "占固定资产的 1.4%"),
    ("staff", 2, "count", "19", c.COUNT, "18 人"),  # 分配至我街道办事处
])
def test_a_perturbed_table_figure_fires_the_claim_that_states_it(
    data: Dataset, seed_book: Book, table: str, row: str | int, col: str, value: str, rule: str, written: str
) -> None:
    before = [f for f in narrative_findings(seed_book) if f.rule == rule and f.severity == "error"]
    book = _perturbed(data, table, row, col, value)
    fired = [f for f in narrative_findings(book) if f.rule == rule and f.severity == "error" and f not in before]
    assert len(fired) == 1, fired
    finding = fired[0]
    paragraph = next(j.where for j in judge_text(book) if j.claim.text == written
                     and any(k.rule == rule and k.severity == "error" for k in j.checks))
    assert finding.cells[0] == paragraph
    assert book.ref(table, row, col if rule != c.SHARE else "share") in finding.cells


def test_a_perturbed_amount_names_both_figures(data: Dataset) -> None:
    book = _perturbed(data, "income_expenditure", "gp_appropriation", "amount", "2792.15")
    (finding,) = [f for f in narrative_findings(book) if f.rule == c.AMOUNT]
    assert finding.message == ("一般公共预算拨款收入：说明中写 2792.05 万元，表中为 2792.15 万元（收入支出!B7），"
                               "相差 0.1 万元；四舍五入与截尾均不成立，应为 2792.15")
    assert finding.cells == (paragraph_cell(book, "2792.05"), "收入支出!B7")
    assert (finding.expected, finding.actual) == (Decimal("2792.15"), Decimal("2792.05"))


# -- generation -----------------------------------------------------------------------------------


def test_generated_text_follows_the_official_order_and_phrasing(seed_book: Book) -> None:
    paragraphs = generate(seed_book)
    headings = [p.text for p in paragraphs if p.kind == "heading"]
    assert headings == ["一、部门职责及机构设置情况", "（一）部门职责", "（二）机构设置",
                        "二、部门预算安排的总体情况", "（一）收入说明", "（二）支出说明", "（三）比上年增减情况",
                        "三、机关运行经费安排情况", "四、财政拨款“三公”经费预算情况及增减变化原因",
                        "五、预算绩效信息", "（一）部门整体绩效目标", "六、政府采购预算情况", "七、国有资产信息",
                        "八、名词解释"]
    text = to_text(paragraphs)
    assert paragraphs[0].kind == "title" and paragraphs[0].text.endswith("2020 年部门预算公开情况说明")
    for phrase in ("高新区长江街道 办事处（行政，正科级，财政拨款）",
                   "其中：一般公共预算拨款收入 2792.05 万元，政府性基金预算拨款收入 1013.72 万元",
                   "上年结转（结余） 140 万元。",
                   "基本支出 1304.85 万元，包括人员经费 1117.2 万元、公用经费 187.65 万元；"
                   "项目支出 2500.92 万元，其中本级项目支出 2500.92 万元。",
                   # 636.47 ÷ (3805.77 − 636.47) = 20.08%
                   "2020 年支出预算总计 3805.77 万元，与 2019 年预算数相比，增加 636.47 万元，增长 20.08%",
                   "区级绩效奖励金减少 5 万元", "新增供热管理工作经费 15.3 万元", "退役人员经费减少 6.68 万元",
                   # 2.49 ÷ (187.65 − 2.49) = 1.34%
                   "与 2019 年预算数相比，增加 2.49 万元，增长 1.34%，其中：办公费增加 0.4 万元，"
                   "工会经费增加 1.55 万元，福利费增加 0.48 万元。",
                   "“三公”经费财政拨款支出预算 9 万元，与 2019 年预算数相比，没有变化。",
                   "公务用车运行维护费 6 万元，占 66.67%，与上年持平",
                   "货物支出 20.28 万元，占 5.29%",  # 20.28 ÷ 383.28
                   "家具、用具、装具及动植物 72.11 万元，占固定资产的 17.84%",  # 72.11 ÷ 404.13
                   "本部门共有车辆 2 辆，车辆价值 21.8 万元",
                   "本年度拟购置固定资产总额为 6.28 万元，主要为书籍、课本和木制台、桌类",
                   "1. 一般公共预算拨款收入：指区级财政当年拨付的资金。"):
        assert phrase in text, phrase
    for seed_sentence in ("未列入收入总计", "包括本级支出", "社区工作者人数："):
        assert seed_sentence not in text


def test_missing_and_contradicted_figures_are_marked_not_invented(seed_book: Book) -> None:
    assert placeholders(generate(seed_book)) == [
        "【待核：表中共计为 57 人（人员情况!D4），所列各项 33+18=51 人】",
        # the 140 carry-over is stated beside a 收入总计 that leaves it out
        "【待核：表中收入总计为 3805.77 万元（收入支出!B4），所列各项之和 本年收入合计 3805.77+上年结转（结余） 140"
        "=3945.77 万元】",
        "【待核：表中基本支出增减额为 94.8 万元（收入支出!D19），所列明细增减额之和 19+6+6+50+11+7-5=94 万元】",
        "【待核：表中项目支出增减额为 541.67 万元（收入支出!D22），所列明细增减额之和 "
        "40+40-149.02+562.18+15.3+2+10+13.28+15-6.68=542.06 万元】",
    ]


def test_generated_text_reads_back_with_no_error_or_warning(seed_book: Book) -> None:
    paragraphs = [p.text for p in generate(seed_book)]
    judged = link_and_judge(seed_book, extract(paragraphs), c.file_locator("gen.txt"))
    assert len(judged) >= 80
    figures = [j for j in judged if j.claim.section != "一" and j.claim.kind in {"amount", "share", "growth", "equal"}]
    assert all(j.cell is not None for j in figures), [j.claim.text for j in figures if j.cell is None]
    assert [(j.claim.text, j.verdict) for j in judged if j.verdict in {"error", "warning"}] == []


def _detail(data: Dataset, item: str) -> dict:
    return next(row for row in data["details"] if row.get("item") == item)


def test_generated_text_of_a_changed_workbook_still_reads_back_clean(data: Dataset) -> None:
    data["three_public"]["reception"]["change"] = Decimal("-0.5")
    _detail(data, "区级绩效奖励金")["change"] = Decimal("-5.8")  # 19+6+6+50+11+7−5.8 = 93.2
    data["income_expenditure"]["basic"]["change"] = Decimal("93.2")
    data["income_expenditure"]["gp_appropriation"]["amount"] = Decimal("2900")
    data["income_expenditure"]["carryover"]["amount"] = Decimal(0)
    book = Book(data, source="changed")
    paragraphs = generate(book)
    text = to_text(paragraphs)
    # 3 − (−0.5) = 3.5 last year: 0.5 ÷ 3.5 = 14.29%
    assert "公务接待费支出预算 3 万元，占 33.33%，比上年减少 0.5 万元，下降 14.29%" in text
    # the 三公 total is stated unchanged, its parts now change by 0 + 0 − 0.5
    assert "【待核：表中“三公”经费增减额为 0 万元（三公经费预算!D4），所列各项增减额之和 因公出国（境）费 0+" \
           "公务用车购置及运行费 0-公务接待费 0.5=-0.5 万元】" in text
    # 93.2 ÷ (1304.85 − 93.2) = 7.69%; the reasons now make up the change
    assert "基本支出增加 93.2 万元，增长 7.69%，主要增减项目为：基本工资增加 19 万元" in text
    assert "区级绩效奖励金减少 5.8 万元" in text and "上年结转（结余） 0 万元" in text
    assert "收入总计【待核：表中收入总计为 3805.77 万元（收入支出!B4），所列各项之和 本年收入合计 3913.72+" \
           "上年结转（结余） 0=3913.72 万元】" in text  # 2900 + 1013.72 + 0 + 0 + 0
    judged = link_and_judge(book, extract([p.text for p in paragraphs]))
    assert [(j.claim.text, j.verdict) for j in judged if j.verdict in {"error", "warning"}] == []


def test_another_department_gets_its_own_text_and_no_seed_sentence() -> None:
    book = Book(other_department(), source="other")
    paragraphs = generate(book)
    text = to_text(paragraphs)
    for seed_word in (
        "长江",
        "街道",
        "社区",
        "居委会",
        "供热",
        "高新区",
        "2019",
        "结转至",
        "未列入收入总计",
        "本级支出",
        "本级项目",
        "预算数相比",
    ):
        assert seed_word not in text, seed_word
    for phrase in ("青山县农业技术推广中心 2022 年部门预算公开情况说明",
                   "1. 农业技术推广：负责全县农业新技术的引进、试验和示范。",
                   "本部门共有预算单位 3 家，其中：参照公务员法管理事业单位 1 家、事业单位 2 家。",
                   "县农技中心本级（本级，事业，全额拨款）；县土壤肥料站（二级，事业）",
                   "人员情况：编制数 48 人；实有人数 45 人，包括在职人员 40 人、退休人员 5 人。",
                   "县农技中心 2022 年度收入总计 1000 万元，其中：本年收入合计 950 万元，包括财政拨款收入 800 万元"
                   "（一般公共预算拨款收入 700 万元、政府性基金预算拨款收入 100 万元）、事业收入 120 万元、"
                   "上级补助收入 30 万元；上年结转（结余） 50 万元。",
                   "2022 年收入总计 1000 万元，与 2021 年执行数相比，增加 100 万元，增长 11.11%。",  # 100 ÷ 900
                   "2022 年支出预算总计 1000 万元，与 2021 年执行数相比，增加 80 万元，增长 8.70%",  # 80 ÷ 920
                   "基本支出增加 30 万元，增长 5.26%",  # 30 ÷ 570
                   "项目支出增加 60 万元，增长 18.75%，主要增减项目为：耕地质量监测增加 30 万元，"
                   "农技推广补助增加 20 万元，新增病虫害防控新技术示范 10 万元。",
                   "事业单位经营支出减少 10 万元，下降 33.33%",  # 10 ÷ 30
                   "政府性基金预算支出 100 万元，比上年增加 100 万元",
                   "机关运行经费支出预算 95 万元，主要包括差旅费 12 万元，印刷费 3 万元等，与 2021 年执行数相比，"
                   "减少 5 万元，下降 5.00%，其中：差旅费减少 2 万元。",
                   "培训费 6 万元，比上年增加 1 万元，增长 20.00%",  # 1 ÷ 5
                   "“三公”经费财政拨款支出预算 20 万元，与 2021 年执行数相比，减少 5 万元，下降 20.00%",
                   "公务用车购置及运行费支出预算 12 万元，占 60.00%",  # not typed: 0 + 12
                   "本部门共有车辆 3 辆，车辆价值 45 万元",
                   "1. 事业收入：指事业单位开展专业业务活动取得的收入。"):
        assert phrase in text, phrase
    assert "五、预算绩效信息" not in text  # nothing stated, nothing written
    # 50 ÷ 40 = 125%: never written as a fact
    assert "货物支出 50 万元，占比【待核：货物 50 万元÷政府采购预算 40 万元=125.00%，超过 100%】" in text
    assert placeholders(paragraphs) == [
        "【待核：表中政府采购预算为 40 万元（政府采购构成!B4），货物、工程、服务之和 50+10=60 万元】",
        "【待核：货物 50 万元÷政府采购预算 40 万元=125.00%，超过 100%】",
    ]


def test_a_negative_share_a_contradicted_change_and_an_unmatched_detail_are_marked() -> None:
    data = other_department()
    data["assets"]["furniture"]["amount"] = Decimal(-50)
    data["office_costs"]["training"]["prior"] = Decimal(4)  # 6 − 4 = 2, but the change is stated as 1
    data["details"].append({"parent": "其他支出", "kind": "构成", "item": "某项", "change": Decimal(3)})
    text = to_text(generate(Book(data, source="other")))
    assert (
        "家具、用具、装具及动植物 -50 万元，占比【待核：家具、用具、装具及动植物 -50 万元÷固定资产 500 万元=-10.00%，"
        "小于 0】" in text
    )
    assert "【待核：明细表第 6 行的所属项目“其他支出”未能对应到唯一的合计项目（明细!A9）】" in text
    assert "某项" not in text  # a row whose total is not known is not charged to any total
    assert (
        "培训费 6 万元，比上年增减【待核：表中培训费增减额为 1 万元（机关运行经费!D6），本年预算数 "
        "6−上年执行数 4=2 万元】" in text
    )


def test_changes_of_the_parts_are_written_when_the_total_states_none() -> None:
    data = other_department()
    del data["income_expenditure"]["expenditure_total"]["prior"]
    text = to_text(generate(Book(data, source="other")))
    assert "2022 年支出预算总计 1000 万元；与 2021 年执行数相比，基本支出增加 30 万元，增长 5.26%。" in text
    assert "支出预算总计 1000 万元，与 2021 年执行数相比，增加" not in text  # not derived from a partial list


def test_a_blank_workbook_generates_placeholders_everywhere() -> None:
    book = Book(blank_dataset("测试街道办事处", "001", "2021"), source="blank")
    paragraphs = generate(book)
    assert paragraphs[0].text == "测试街道办事处 2021 年部门预算公开情况说明"
    body = [p for p in paragraphs if p.kind == "text"]
    assert body and all("【未填：" in p.text for p in body)
    assert "收入总计【未填：收入总计（收入支出!B4）】" in body[2].text
    assert "“三公”经费财政拨款支出预算【未填：“三公”经费（三公经费预算!B4）】" in to_text(paragraphs)
    assert not [p for p in paragraphs if "预算绩效信息" in p.text or "名词解释" in p.text]  # optional topics left out
    assert "五、政府采购预算情况" in to_text(paragraphs)  # and the numbering closes the gap (issue 23)
    assert extract([p.text for p in paragraphs]) == []
    assert run_rules(book, only=NARRATIVE_RULES).ledger[c.AMOUNT] == "not_applicable"


# -- documents and the command line ----------------------------------------------------------------


def test_docx_round_trip_and_pdf_keep_the_chinese_text(seed_book: Book, tmp_path: Path) -> None:
    paragraphs = generate(seed_book)
    target = write_docx(paragraphs, tmp_path / "情况说明.docx")
    assert read_text_file(target) == [p.text for p in paragraphs]
    judged = judge_text(seed_book, target)
    assert judged[0].where.startswith(f"{target} 第 ") and judged[0].where.endswith(" 段")
    assert not [j for j in judged if j.verdict in {"error", "warning"}]

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail(
            "未找到 LibreOffice（soffice）：请安装 libreoffice-writer（apt-get install libreoffice-writer）后再运行"
        )
    if shutil.which("pdftotext") is None:
        pytest.fail("未找到 pdftotext：请安装 poppler-utils（apt-get install poppler-utils）后再运行")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(target)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "情况说明.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "".join(paragraphs[0].text.split()) in flat
    assert "四、财政拨款“三公”经费预算情况及增减变化原因" in flat


def test_cli_narrative_then_claims_finds_no_error_or_warning(built: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gen.docx"
    assert cli.main(["narrative", str(built), "-o", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["claims", str(built), "--text", str(out), "--format", "json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    verdicts = [claim["verdict"] for claim in listing["claims"]]
    assert len(verdicts) >= 80 and not {"error", "warning"} & set(verdicts)
    assert cli.main(["narrative", str(built), "-o", "-"]) == 0
    assert "二、部门预算安排的总体情况" in capsys.readouterr().out


def test_claims_listing_of_the_sheet(seed_book: Book) -> None:
    judged = judge_text(seed_book)
    listing = json.loads(render(judged, "json"))
    growth = next(item for item in listing["claims"] if item["text"] == "增加 7%")
    assert growth == {**growth, "kind": "growth", "subject": "basic", "value": "7", "unit": "%", "decimals": 0,
                      "linked_cell": "收入支出!F19", "verdict": "warning"}
    assert growth["span"][1] - growth["span"][0] == len("增加 7%")
    lines = render(judged, "text").splitlines()
    assert lines[-1] == "共 90 处数字表述，已对应表格 87 处；错误 2，警告 2，提示 4"
    with pytest.raises(ValueError, match="未知的输出格式"):
        render(judged, "xml")


def test_a_departments_own_items_link_to_its_detail_rows(seed_book: Book) -> None:
    """Items the glossary does not know are linked to the 明细/人员情况 row of that name, or left unlinked."""
    judged = {j.claim.text: j for j in judge_text(seed_book)}
    assert judged["增加 19 万元"].cell == "明细!F4"  # 基本工资, its own row, not 基本支出
    # 居委会聘用人员工资保险, not 聘用人员工资保险
    assert judged["减少 149.02 万"].cell == seed_book.ref("details", 9, "change")
    assert judged["33 人"].cell == "人员情况!D5"
    assert judged["减少 6.68 万元"].cell == seed_book.ref("details", 16, "change")  # 退役人员经费 is not 人员经费
    assert all(k.severity == "ok" for j in judged.values() if j.cell and j.cell.startswith("明细!") for k in j.checks)
