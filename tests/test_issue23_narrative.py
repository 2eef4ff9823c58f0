"""Issue 23: the generated 情况说明 passes the tool's own check; its numbering and wording read right."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_issue23_scenario import clerk_workbook

from budget_addin.cli import main


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("narrative")
    workbook = clerk_workbook(folder)
    text = folder / "说明.txt"
    assert main(["narrative", str(workbook), "-o", str(text)]) == 0
    return workbook, text


def _findings(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    capsys.readouterr()
    main(["check", *args, "--format", "json"])
    return json.loads(capsys.readouterr().out)["findings"]


def test_the_generated_text_agrees_with_its_workbook(generated: tuple[Path, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    workbook, text = generated
    assert "与 2023 年预算数相比，增加 500 万元，增长 11.36%" in text.read_text(encoding="utf-8")
    found = _findings(capsys, str(workbook), "--text", str(text))
    assert [(f["rule"], f["message"]) for f in found] == []  # no TX-SHARE, no SM-BLANK, no SM-UNLINKED …


def test_the_generated_text_binds_every_figure_on_its_own(generated: tuple[Path, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    found = _findings(capsys, str(generated[1]))
    assert [(f["rule"], f["message"]) for f in found] == []  # no TX-UNBOUND


def test_a_wrong_rate_in_the_standard_sentence_is_judged(generated: tuple[Path, Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "改.txt"
    text.write_text(generated[1].read_text(encoding="utf-8").replace("增长 11.36%", "增长 12.36%", 1), encoding="utf-8")
    found = _findings(capsys, str(text))
    assert any(f["rule"] == "TX-RATE" and "11.36%" in f["message"] for f in found)


def test_sections_are_numbered_without_gaps(generated: tuple[Path, Path]) -> None:
    text = generated[1].read_text(encoding="utf-8")
    numbers = re.findall(r"^([一二三四五六七八九十])、", text, flags=re.M)
    assert numbers == list("一二三四五六"[: len(numbers)]) and len(numbers) == 6  # no 五、预算绩效信息 in this workbook
    assert "五、政府采购预算情况" in text


def test_an_item_named_with_a_change_word_is_not_doubled(generated: tuple[Path, Path]) -> None:
    text = generated[1].read_text(encoding="utf-8")
    assert "增加增加" not in text
    assert "“公用经费增加”增加 10 万元" in text
