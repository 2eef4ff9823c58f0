"""Across years: a department's disclosures of consecutive years checked against each other (跨年)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from table_builders import table

from budget_addin.cli import main
from budget_addin.core.dataset import complete
from budget_addin.core.model import Book
from budget_addin.core.published import Table
from budget_addin.exit_codes import EXIT_FINDINGS, EXIT_OK
from budget_addin.narrative.figures import as_paragraphs
from budget_addin.rules.across_years import (
    PRIOR_MATCH,
    book_disclosure,
    compare,
    pairs,
    tables_disclosure,
    text_disclosure,
)

NAME = "青山县文化广电和旅游局"


def _book(year: str, rows: dict[str, dict[str, D]], name: str = NAME, comparator: str = "上年预算数",
          code: str = "") -> Book:
    return Book(complete({"department": {"name": {"value": name}, "year": {"value": year}, "code": {"value": code},
                                         "comparator": {"value": comparator}},
                          "income_expenditure": rows}), source=f"{year}.xlsm")


EARLIER = {"income_total": {"amount": D("534.40")}, "basic": {"amount": D("371.20")},
           "project": {"amount": D("163.20")}}


def test_last_years_published_figures_agree_with_this_years_prior_year_figures() -> None:
    earlier = book_disclosure(_book("2020", EARLIER), "2020.xlsm")
    later = book_disclosure(_book("2021", {"income_total": {"amount": D("600.61"), "prior": D("534.40")},
                                           "basic": {"amount": D("390.71"), "prior": D("371.20")},
                                           "project": {"amount": D("209.90"), "change": D("46.70")}}), "2021.xlsm")
    assert pairs([later, earlier]) == [(earlier, later)]
    assert compare(earlier, later) == []


def test_a_carried_over_typo_is_reported_naming_both_documents() -> None:
    earlier = book_disclosure(_book("2020", EARLIER), "2020.xlsm")
    later = book_disclosure(_book("2021", {"basic": {"amount": D("390.71"), "prior": D("371.22")},
                                           "project": {"amount": D("209.90"), "change": D("46.40")}}), "2021.xlsm")
    found = compare(earlier, later)
    assert [(f.rule, f.severity, f.scope) for f in found] == [(PRIOR_MATCH, "error", "跨年")] * 2
    basic = next(f for f in found if "基本支出" in f.message)
    assert basic.cells[0].startswith("2021.xlsm › ") and basic.cells[1].startswith("2020.xlsm › ")
    assert "所列上年数 371.22 万元" in basic.message and "为 371.2 万元，相差 0.02 万元" in basic.message
    project = next(f for f in found if "项目支出" in f.message)
    assert "163.5 万元（209.9 − 46.4）" in project.message  # a prior derived as current − change


def test_another_comparator_makes_a_difference_a_note() -> None:
    earlier = book_disclosure(_book("2020", EARLIER), "2020.xlsm")
    later = book_disclosure(_book("2021", {"basic": {"amount": D("390.71"), "prior": D("380.00")}},
                                  comparator="上年执行数"), "2021.xlsm")
    (finding,) = compare(earlier, later)
    assert finding.severity == "info" and "按上年执行数比较" in finding.message


def test_only_one_department_in_consecutive_years_is_paired() -> None:
    a = book_disclosure(_book("2020", EARLIER), "a")
    b = book_disclosure(_book("2021", EARLIER), "b")
    other = book_disclosure(_book("2021", EARLIER, name="青山县水利局"), "c")
    later_still = book_disclosure(_book("2022", EARLIER), "d")
    assert pairs([a, b, other, later_still]) == [(a, b), (b, later_still)]


def test_texts_of_two_years_compare_stated_and_derived_priors() -> None:
    earlier = text_disclosure(
        as_paragraphs([f"{NAME}2020年部门预算", "2020年基本支出371.20万元，项目支出163.20万元。"]), "2020.pdf"
    )
    later = text_disclosure(as_paragraphs([
        f"{NAME}2021年部门预算",
        "基本支出390.71万元，比上年增加19.51万元。项目支出209.90万元，上年预算数为163.20万元。"]), "2021.pdf")
    assert pairs([earlier, later]) == [(earlier, later)]
    assert compare(earlier, later) == []
    slipped = text_disclosure(as_paragraphs([f"{NAME}2021年部门预算", "基本支出390.71万元，比上年增加19.81万元。"]),
                              "2021.pdf")
    (finding,) = compare(earlier, slipped)
    assert finding.cells == ("2021.pdf 第2段", "2020.pdf 第2段")
    assert "所列上年数 370.9 万元（390.71 − 19.81）" in finding.message and "相差 0.3 万元" in finding.message
    assert finding.spots  # where the later text states it, for an annotated copy


def test_a_renamed_department_is_paired_when_the_text_names_its_former_name() -> None:
    earlier = text_disclosure(as_paragraphs(["青山县文化广电新闻出版局2020年部门预算", "2020年基本支出371.20万元。"]),
                              "2020.pdf")
    later = text_disclosure(as_paragraphs([f"{NAME}2021年部门预算", "本局由原青山县文化广电新闻出版局更名组建。",
                                           "基本支出390.71万元，比上年增加19.81万元。"]), "2021.pdf")
    assert pairs([earlier, later]) == [(earlier, later)]
    assert len(compare(earlier, later)) == 1


def test_workbooks_of_a_renamed_department_pair_by_their_code() -> None:
    earlier = book_disclosure(_book("2020", EARLIER, name="青山县文化广电新闻出版局", code="118001"), "a")
    later = book_disclosure(_book("2021", EARLIER, code="118001"), "b")
    stranger = book_disclosure(_book("2021", EARLIER, code="120001"), "c")
    assert pairs([earlier, later, stranger]) == [(earlier, later)]


def _function_table(year: int, rows: list[tuple[str, str, str, str]], with_prior: bool) -> Table:
    """一般公共预算支出表 of a year: code, name, this year's amount (and last year's, as later sets print)."""
    paths = [f"{year}年预算数", f"{year - 1}年预算数"] if with_prior else ["合计"]
    printed = [(name, code, [now, before] if with_prior else [now]) for code, name, now, before in rows]
    return table(1, f"{NAME}{year}年一般公共预算支出表", paths, printed, scope="一般公共预算")


ROWS_2020 = [("2070101", "行政运行", "298.10", ""), ("2101101", "行政单位医疗", "14.80", "")]


def test_published_tables_of_two_years_are_compared_by_code_and_scope() -> None:
    earlier = tables_disclosure([_function_table(2020, ROWS_2020, with_prior=False)], [], "2020.pdf")
    agreeing = [("2070101", "行政运行", "312.45", "298.10"), ("2101101", "行政单位医疗", "15.36", "14.80")]
    later = tables_disclosure([_function_table(2021, agreeing, with_prior=True)], [], "2021.pdf")
    assert pairs([earlier, later]) == [(earlier, later)]
    assert compare(earlier, later) == []
    typo = [("2070101", "行政运行", "312.45", "298.01"), ("2101101", "行政单位医疗", "15.36", "14.80")]
    (finding,) = compare(earlier, tables_disclosure([_function_table(2021, typo, with_prior=True)], [], "2021.pdf"))
    assert finding.cells == ("2021.pdf 表1 行政运行 · 2020年预算数", "2020.pdf 表1 行政运行 · 合计")
    assert "所列上年数 298.01 万元" in finding.message and "相差 0.09 万元" in finding.message
    other_scope = _function_table(2020, ROWS_2020, with_prior=False)
    other_scope.scope = "部门"
    assert compare(tables_disclosure([other_scope], [], "2020.pdf"),
                   tables_disclosure([_function_table(2021, typo, with_prior=True)], [], "2021.pdf")) == []


def test_a_table_in_yuan_is_compared_with_one_in_wanyuan_exactly() -> None:
    earlier = tables_disclosure([_function_table(2020, ROWS_2020, with_prior=False)], [], "2020.pdf")
    in_yuan = _function_table(2021, [("2070101", "行政运行", "3,124,500.00", "2,981,000.00"),
                                     ("2101101", "行政单位医疗", "153,600.00", "148,000.00")], with_prior=True)
    in_yuan.unit = "元"
    assert compare(earlier, tables_disclosure([in_yuan], [], "2021.pdf")) == []


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


LATER_TEXT = [f"{NAME}2021年部门预算", "行政运行（项）312.45万元，比上年增加14.35万元。"]


def test_a_batch_compares_the_years_it_finds_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = _write(tmp_path, "2021.txt", LATER_TEXT)
    agreeing = _write(tmp_path, "2020.txt", [f"{NAME}2020年部门预算", "行政运行（项）298.10万元。"])
    assert main(["check", str(agreeing), str(later)]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"跨年比对：{NAME} 2020→2021（2020.txt → 2021.txt）" in out and "KN-001" not in out
    agreeing.write_text("\n".join([f"{NAME}2020年部门预算", "行政运行（项）298.20万元。"]), encoding="utf-8")
    assert main(["check", str(later), str(agreeing), "--format", "jsonl"]) == EXIT_FINDINGS
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (across,) = [line for line in lines if line["workbook"].startswith("跨年比对")]
    (finding,) = across["findings"]
    assert finding["rule"] == PRIOR_MATCH and finding["cells"] == ["2021.txt 第2段", "2020.txt 第2段"]
    assert "所列上年数 298.1 万元（312.45 − 14.35）" in finding["message"]


def test_a_batch_of_one_year_has_no_comparison(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _write(tmp_path, "a.txt", LATER_TEXT)
    b = _write(tmp_path, "b.txt", ["青山县水利局2020年部门预算", "行政运行（项）298.20万元。"])  # another department
    assert main(["check", str(a), str(b)]) == EXIT_OK
    assert "跨年比对" not in capsys.readouterr().out
