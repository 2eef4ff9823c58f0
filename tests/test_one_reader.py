"""One reader of figures: the text-against-table claims are the figures :func:`read_figures` reads, each with the
role that reader gave it; what it leaves out (a threshold, a performance target, percentage points) is no claim
either. Texts are invented, except the seed disclosure and the test texts of the project."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budget_addin.files.documents import read_paragraphs
from budget_addin.narrative.claims import extract
from budget_addin.narrative.figures import as_paragraphs, read_figures
from budget_addin.narrative.text_check import check_paragraphs, claim_paragraphs

ROOT = Path(__file__).resolve().parents[1]
_TEXTS = [ROOT / "budget_addin" / "data" / "source" / "changjiang2020_disclosure.txt",
          *sorted((ROOT / "tests" / "texts").glob("*.txt"))]
_KIND_OF_ROLE = {"amount": "amount", "count": "count", "change": "change", "rate": "growth", "share": "share",
                 "percent": "percent", "prior": "prior", "equal": "equal"}


@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: p.name)
def test_every_claim_is_a_figure_of_the_one_reader_in_its_role(path: Path) -> None:
    texts = claim_paragraphs(read_paragraphs(path))
    reading = read_figures(as_paragraphs(texts))
    figures = {(f.para, reading.origins[f.para][f.end - 1] + 1): f for f in reading.figures}
    claims = extract(texts)
    assert len(claims) > 20
    for claim in claims:
        figure = figures[(claim.paragraph, claim.end)]
        implied = (figure.role, claim.kind) == ("amount", "change")  # an amount continuing a list of changes
        assert claim.kind == _KIND_OF_ROLE[figure.role] or implied, claim
        assert claim.amount == figure.value or claim.kind == "equal", claim
    # every figure a table could state is a claim (a count of 家 or 次 no table counts is not)
    kept = {(c.paragraph, c.end) for c in claims}
    assert [f.written for key, f in figures.items() if key not in kept and f.unit in {"万元", "%", "人"}] == []


@pytest.mark.parametrize("text", [
    "单价 50 万元以上的设备 2 台。",  # a threshold
    "绩效目标：群众满意度 ≥ 90%。",  # a performance target
    "占比提高 2 个百分点。",  # percentage points
])
def test_what_the_reader_leaves_out_is_no_claim(text: str) -> None:
    assert [c.text for c in extract(["一、总体情况", text]) if c.unit in {"万元", "%"}] == []


def test_a_prior_named_by_its_year_is_a_prior_for_the_claims_too() -> None:
    """2020 年预算 P in a 2021 text is last year's figure, never this year's amount."""
    claims = extract(["某局 2021 年部门预算", "一、收支总体情况",
                      "2020 年收入预算 100 万元，2021 年收入预算 120 万元。"])
    assert [(c.kind, c.value) for c in claims] == [("prior", Decimal(100)), ("amount", Decimal(120))]


def test_amounts_in_yuan_stay_in_yuan_and_a_hundred_million_is_read_in_ten_thousands() -> None:
    yuan, yi = extract(["一、支出情况", "公用经费 123,456.78 元，项目支出 1.2 亿元。"])
    assert (yuan.value, yuan.unit, yuan.decimals, yuan.amount) == (Decimal("123456.78"), "元", 2, Decimal("12.345678"))
    assert (yi.value, yi.unit, yi.decimals, yi.text) == (Decimal("12000.0"), "万元", -3, "1.2 亿元")


def test_counts_in_words_are_summed_by_the_text_checks() -> None:
    """The reader reads 两名 for both: a 其中 list in words is checked like one in figures."""
    assert check_paragraphs(["本部门编制 5 名，其中行政编制两名、事业编制三名。"]) == []
    (finding,) = check_paragraphs(["本部门编制 6 名，其中行政编制两名、事业编制五名。"])
    assert "2+5=7 名" in finding.message
