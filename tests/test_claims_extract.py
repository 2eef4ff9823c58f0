"""What a statement of the text says, as the claims read it: counts written in words, rates whose word says they
fall, shares, amounts with a thousands comma, in 万, 元 or 亿元; 新增 N 个 is a change. Texts are invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_addin.narrative.claims import extract


@pytest.mark.parametrize(("text", "written", "kind", "value", "unit", "decimals", "direction"), [
    ("新增十个社区", "新增十个", "change", "10", "个", 0, "新增"),
    ("新增十二个社区", "新增十二个", "change", "12", "个", 0, "新增"),
    ("共二十三名同志", "二十三名", "count", "23", "名", 0, ""),
    ("共三十人", "三十人", "count", "30", "人", 0, ""),
    ("新设两个项目", "两个", "count", "2", "个", 0, ""),
    ("新增九个项目", "新增九个", "change", "9", "个", 0, "新增"),
    ("降幅为 5%", "降幅为 5%", "growth", "-5", "%", 0, "降幅"),
    ("减幅 3.5%", "减幅 3.5%", "growth", "-3.5", "%", 1, "减幅"),
    ("下降率为 2%", "下降率为 2%", "growth", "-2", "%", 0, "下降率"),
    ("增长率为 4%", "增长率为 4%", "growth", "4", "%", 0, "增长率"),
    ("基本工资 1,234.5 万", "1,234.5 万", "amount", "1234.5", "万元", 1, ""),
    ("公用经费 120000 元", "120000 元", "amount", "120000", "元", 0, ""),
    ("公务用车 2 辆", "2 辆", "count", "2", "辆", 0, ""),
    ("一般公共服务支出 1.2 亿元", "1.2 亿元", "amount", "12000", "万元", -3, ""),
    ("占收入的 3%", "占收入的 3%", "share", "3", "%", 0, ""),
    ("占比为 3.10%", "占比为 3.10%", "share", "3.10", "%", 2, ""),
    ("比重为 8%", "比重为 8%", "share", "8", "%", 0, ""),
    ("增长百分之七点六五", "增长百分之七点六五", "growth", "7.65", "%", 2, "增长"),
    ("比上年增加-5.00万元", "增加-5.00万元", "change", "-5.00", "万元", 2, "增加"),
    ("较上年减少 2 人", "减少 2 人", "change", "-2", "人", 0, "减少"),
    ("比上年下降 1.50 万元", "下降 1.50 万元", "change", "-1.50", "万元", 2, "下降"),
    ("本部门上年无结转资金", "无结转资金", "equal", "0", "", 2, "无"),
    ("公务接待费与上年持平", "与上年持平", "equal", "0", "", 2, "持平"),
    # last year's figure, even opening the paragraph
    ("上年预算数 100 万元", "100 万元", "prior", "100", "万元", 0, ""),
    ("支出总计【待核：表中为 100】100 万元", "100 万元", "amount", "100", "万元", 0, ""),  # right after a placeholder
])
def test_a_statement_is_read_with_its_kind_signed_value_unit_and_shown_decimals(
        text: str, written: str, kind: str, value: str, unit: str, decimals: int, direction: str) -> None:
    (claim,) = extract(["二、支出情况", text])
    assert (text[claim.start:claim.end], claim.kind, claim.value, claim.unit, claim.decimals, claim.direction) == (
        written, kind, Decimal(value), unit, decimals, direction)


def test_statements_written_back_to_back_are_both_read() -> None:
    assert [(c.text, c.kind) for c in extract(["二、支出情况", "增加5万元增长3%"])] == [("增加5万元", "change"),
                                                                                        ("增长3%", "growth")]


def test_what_a_nil_statement_is_about_is_its_noun() -> None:
    (claim,) = extract(["二、收入情况", "本部门上年无结转资金。"])
    assert claim.subject_text == "结转资金"


def test_a_text_given_as_one_string_is_read_a_line_a_paragraph_with_its_sections_and_blocks() -> None:
    claims = extract("基本支出 100 万元\n二、支出情况\n项目支出 50 万元")
    assert [(c.text, c.paragraph, c.section, c.block) for c in claims] == [("100 万元", 0, None, 0),
                                                                           ("50 万元", 2, "二", 1)]


def test_a_top_level_heading_naming_no_topic_starts_another_section_and_a_sub_heading_keeps_it() -> None:
    for heading in ("九、其他需说明的事项", "十、附件"):
        claims = extract(["二、支出情况", "基本支出 100 万元", heading, "某某 5 万元"])
        assert [c.section for c in claims] == ["二", "其他"]
    assert [c.section for c in extract(["二、支出情况", "（一）某某事项", "基本支出 100 万元"])] == ["二"]


def test_a_quoted_name_ending_in_a_known_item_is_not_that_item() -> None:
    (claim,) = extract(["二、支出情况", "“公用经费增加”项目增加 5 万元。"])
    assert claim.subject is None and "公用经费增加" in claim.subject_text


@pytest.mark.parametrize(("written", "subject"), [
    ("其中：货物 20 万元，服务 30 万元", "services"),  # 服务 on its own: the procurement category
    ("其中服务 30 万元", "services"),
    ("公共服务 30 万元", None),  # part of a longer name
    ("公共 服务 30 万元", None),  # a space does not cut the name
])
def test_a_procurement_category_is_one_only_standing_alone(written: str, subject: str | None) -> None:
    claims = extract(["六、政府采购预算情况", f"政府采购预算 100 万元，{written}。"])
    assert claims[-1].subject == subject
