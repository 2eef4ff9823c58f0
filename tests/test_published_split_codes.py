"""Codes over 类 | 款 | 项 columns where each row prints only its own level's part (类 ``213``, 款 ``01``, 项 ``01``,
as some 上海 tables do): the full code is carried down from the 类 and 款 above — only when that pattern is certain —
so 类 = Σ款 and 款 = Σ项 are judged; a part with nothing above it to go under leaves the table unjudged, with its
reason. Tables invented, read from a web page as a reviewer receives one."""

from __future__ import annotations

from pathlib import Path

from budget_addin.batch import check_document
from budget_addin.files.published.document import read_tables

ROWS = [  # 类, 款, 项, name, 2023, 2024
    ("", "", "", "合计", "600.00", "640.00"),
    ("207", "", "", "文化旅游体育与传媒支出", "480.00", "500.00"),
    ("", "01", "", "文化和旅游", "480.00", "500.00"),
    ("", "", "01", "行政运行", "300.00", "310.00"),
    ("", "", "09", "群众文化", "180.00", "190.00"),
    ("208", "", "", "社会保障和就业支出", "120.00", "140.00"),
    ("", "05", "", "行政事业单位养老支出", "120.00", "140.00"),
    ("", "", "05", "机关事业单位基本养老保险缴费支出", "100.00", "110.00"),
    ("", "", "06", "机关事业单位职业年金缴费支出", "20.00", "30.00"),
]


def _page(rows: list[tuple[str, ...]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows)
    return ("<html><head><meta charset='utf-8'></head><body><p>表4 2024年一般公共预算支出表</p><p>单位：万元</p>"
            "<table border='1'><tr><th colspan='3'>功能分类科目编码</th><th rowspan='2'>科目名称</th>"
            "<th rowspan='2'>2023年预算数</th><th rowspan='2'>2024年预算数</th></tr>"
            f"<tr><th>类</th><th>款</th><th>项</th></tr>{body}</table></body></html>")


def _written(tmp_path: Path, rows: list[tuple[str, ...]]) -> Path:
    path = tmp_path / "公开.html"
    path.write_text(_page(rows), encoding="utf-8")
    return path


def test_each_level_printing_only_its_own_part_reads_as_full_codes(tmp_path: Path) -> None:
    [table] = read_tables(_written(tmp_path, ROWS))
    assert table.problem is None
    assert [row.code for row in table.rows] == ["", "207", "20701", "2070101", "2070109", "208", "20805", "2080505",
                                                "2080506"]
    report = check_document(_written(tmp_path, ROWS))
    assert [f for f in report.findings if f.rule.startswith("BG-00")] == []
    assert report.ledger["BG-001"] == "passed"


def test_a_planted_difference_under_carried_codes_is_found(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[2] = ("", "01", "", "文化和旅游", "480.00", "510.00")  # 款 ≠ Σ项 and 类 ≠ Σ款
    report = check_document(_written(tmp_path, rows))
    messages = [f.message for f in report.findings if f.rule == "BG-001"]
    assert "表1 20701 文化和旅游 · 2024年预算数 510.00 ≠ 各项之和 500.00（310.00 + 190.00，差 10.00）" in messages
    assert "表1 207 文化旅游体育与传媒支出 · 2024年预算数 500.00 ≠ 各款之和 510.00（差 10.00）" in messages


def test_full_parts_on_every_row_read_as_before(tmp_path: Path) -> None:
    rows = [("", "", "", "合计", "600.00", "640.00"), ("207", "", "", "文化旅游体育与传媒支出", "480.00", "500.00"),
            ("207", "01", "", "文化和旅游", "480.00", "500.00"), ("207", "01", "01", "行政运行", "300.00", "310.00")]
    [table] = read_tables(_written(tmp_path, rows))
    assert [row.code for row in table.rows] == ["", "207", "20701", "2070101"]


def test_a_part_with_nothing_above_it_to_go_under_is_not_certain(tmp_path: Path) -> None:
    rows = [ROWS[0], ("", "01", "", "文化和旅游", "480.00", "500.00"), *ROWS[3:5]]  # a 款 before any 类
    [table] = read_tables(_written(tmp_path, rows))
    assert table.problem is not None and "没有可承接的类编码" in table.problem
    skipped = [ROWS[0], ROWS[1], ("", "", "01", "行政运行", "300.00", "310.00")]  # a 项 under a 类 with no 款
    [table] = read_tables(_written(tmp_path, skipped))
    assert table.problem is not None and "没有可承接的款编码" in table.problem
    report = check_document(_written(tmp_path, skipped))
    assert [f for f in report.findings if f.rule.startswith("BG-00")] == []
    assert any("没有可承接的款编码" in issue for issue in report.read_issues)
