"""BG-009: a 三公 table's own sums, as printed — 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 and
公务用车购置及运行费 = 购置费 + 运行费 — with the items as rows (其中 rows under the car item) or as columns under a
header tree (a 小计 over 购置费 | 运行费). A wrong 小计 is named alone when the 合计 holds its parts; a table with
other rows beside the items leaves its 合计 alone. Tables invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from table_builders import figure, table

from budget_addin.batch import check_document
from budget_addin.core.findings import Finding, Report
from budget_addin.core.published import Row, Table
from budget_addin.rules.published import check_published

TITLE = "2024年一般公共预算“三公”经费支出表"


def check(tables: list[Table]) -> Report:
    return check_published([], tables, "测试")


def found(report: Report, rule: str = "BG-009") -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


def by_rows(**plant: str) -> Table:
    """Items as rows, 2023 and 2024 as columns (the car item's parts under 其中, the second without it)."""
    rows = {"合计": ["16.10", "13.75"], "因公出国（境）费": ["0.00", "0.00"],
            "公务用车购置及运行维护费": ["12.60", "10.80"], "其中：公务用车购置费": ["0.00", "0.00"],
            "公务用车运行维护费": ["12.60", "10.80"], "公务接待费": ["3.50", "2.95"]}
    for key, text in plant.items():
        label, column = key.rsplit("_", 1)
        rows[label][int(column)] = text
    return table(6, TITLE, ["2023年预算数", "2024年预算数"], [(k, "", v) for k, v in rows.items()], scope="三公",
                 page=8)


CAR = "公务用车购置及运行维护费"
PATHS = ["合计", "因公出国（境）费", (CAR, "小计"), (CAR, "其中", "公务用车购置费"),
         (CAR, "其中", "公务用车运行维护费"), "公务接待费"]


def by_columns(**plant: str) -> Table:
    """Years as rows, items as columns under a two-level header: 公务用车购置及运行维护费 over 小计 | 其中 (购置费 |
    运行维护费)."""
    rows = {"2023年预算数": ["16.10", "0.00", "12.60", "0.00", "12.60", "3.50"],
            "2024年预算数": ["13.75", "0.00", "10.80", "0.00", "10.80", "2.95"]}
    for key, text in plant.items():
        label, column = key.rsplit("_", 1)
        rows[label][int(column)] = text
    return table(6, TITLE, PATHS, [(k, "", v) for k, v in rows.items()], scope="三公", page=8)


def test_consistent_three_public_tables_pass_either_way() -> None:
    for consistent in (by_rows(), by_columns()):
        report = check([consistent])
        assert report.findings == [] and report.ledger["BG-009"] == "passed"


def test_a_wrong_total_row_is_found() -> None:
    [finding] = found(check([by_rows(合计_1="13.85")]))
    assert finding.severity == "error"
    assert finding.message == "第8页 表6 合计 · 2024年预算数 13.85 ≠ 三公各项之和 13.75（0.00 + 10.80 + 2.95，差 0.10）"


def test_a_car_part_that_breaks_the_car_item_is_found_and_the_total_that_holds_is_not_blamed() -> None:
    [finding] = found(check([by_rows(公务用车运行维护费_1="11.80")]))
    assert finding.message == ("第8页 表6 公务用车购置及运行维护费 · 2024年预算数 10.80 ≠ 购置费与运行费之和 11.80"
                               "（0.00 + 11.80，差 1.00）")
    assert finding.cells[1:] == ("第8页 表6 其中：公务用车购置费 · 2024年预算数",
                                 "第8页 表6 公务用车运行维护费 · 2024年预算数")


def test_by_columns_a_wrong_subtotal_is_named_not_the_total() -> None:
    report = check([by_columns(**{"2024年预算数_2": "10.08"})])
    assert found(report, "BG-004") == []
    [finding] = found(report)
    assert finding.message == ("第8页 表6 2024年预算数 · 公务用车购置及运行维护费·小计 10.08 ≠ 购置费与运行费之和 10.80"
                               "（0.00 + 10.80，差 0.72）")


def test_by_columns_a_wrong_running_cost_and_a_wrong_total_are_found() -> None:
    [run] = found(check([by_columns(**{"2024年预算数_4": "11.80"})]))
    assert "小计 10.80 ≠ 购置费与运行费之和 11.80" in run.message
    [total] = found(check([by_columns(**{"2024年预算数_0": "13.85"})]))
    assert total.message == "第8页 表6 2024年预算数 · 合计 13.85 ≠ 三公各项之和 13.75（0.00 + 10.80 + 2.95，差 0.10）"


def test_a_total_wrong_and_a_subtotal_wrong_name_both() -> None:
    report = check([by_columns(**{"2024年预算数_0": "14.75", "2024年预算数_2": "10.08"})])
    messages = [f.message for f in found(report)]
    assert len(messages) == 2
    assert "小计 10.08 ≠ 购置费与运行费之和 10.80" in messages[0]
    assert messages[1].startswith("第8页 表6 2024年预算数 · 合计 14.75 ≠ 三公各项之和 13.03")


def test_a_completion_rate_column_is_not_summed() -> None:
    final = table(2, "2023年一般公共预算财政拨款“三公”经费支出决算表", ["预算数", "决算数", "完成率（%）"],
                  [("合计", "", ["16.10", "14.11", "87.64%"]), ("因公出国（境）费", "", ["0.00", "0.00", ""]),
                   ("公务用车购置及运行维护费", "", ["12.60", "11.33", "89.92%"]),
                   ("其中：公务用车购置费", "", ["0.00", "0.00", ""]),
                   ("公务用车运行维护费", "", ["12.60", "11.33", "89.92%"]),
                   ("公务接待费", "", ["3.50", "2.78", "79.43%"])],
                  scope="三公", page=4)
    assert found(check([final])) == []
    final.rows[0].figures[2] = figure("14.20")
    [finding] = found(check([final]))
    assert finding.message.startswith("第4页 表2 合计 · 决算数 14.20 ≠ 三公各项之和 14.11")


def test_a_row_beside_the_items_leaves_the_total_alone_and_other_scopes_are_not_read_as_three_public() -> None:
    other = by_rows(合计_1="13.85")
    other.rows.append(Row(7, "其他费用", "", dict(other.rows[1].figures)))
    assert found(check([other])) == []  # what the 合计 holds is not certain
    assert check([other]).ledger["BG-009"] == "passed"  # the car item against its parts is still judged
    elsewhere = by_rows(合计_1="13.85")
    elsewhere.scope = "一般公共预算"
    assert check([elsewhere]).ledger["BG-009"] == "not_applicable"


HORIZONTAL = """<html><head><meta charset='utf-8'></head><body>
<p>表6 2024年一般公共预算“三公”经费支出表</p><p>单位：万元</p>
<table border='1'>
<tr><th rowspan='3'>项目</th><th rowspan='3'>合计</th><th rowspan='3'>因公出国（境）费</th>
<th colspan='3'>公务用车购置及运行维护费</th><th rowspan='3'>公务接待费</th></tr>
<tr><th rowspan='2'>小计</th><th colspan='2'>其中</th></tr>
<tr><th>公务用车购置费</th><th>公务用车运行维护费</th></tr>
<tr><td>2023年预算数</td><td>16.10</td><td>0.00</td><td>12.60</td><td>0.00</td><td>12.60</td><td>3.50</td></tr>
<tr><td>2024年预算数</td><td>13.75</td><td>0.00</td><td>SUB</td><td>0.00</td><td>10.80</td><td>2.95</td></tr>
</table></body></html>"""


@pytest.mark.parametrize(("subtotal", "expected"),
                         [("10.80", None), ("10.08", "小计 10.08 ≠ 购置费与运行费之和 10.80")])
def test_a_web_page_with_the_header_tree_is_read_and_judged(tmp_path: Path, subtotal: str,
                                                            expected: str | None) -> None:
    path = tmp_path / "三公.html"
    path.write_text(HORIZONTAL.replace("SUB", subtotal), encoding="utf-8")
    report = check_document(path)
    table_findings = [f.message for f in report.findings if f.rule.startswith("BG-00")]
    if expected is None:
        assert table_findings == [] and report.ledger["BG-009"] == "passed"
    else:
        assert len(table_findings) == 1 and expected in table_findings[0]


def test_the_car_item_printed_only_as_its_two_parts_is_summed_through_them() -> None:
    rows = [("合计", "", ["13.75"]), ("因公出国（境）费", "", ["0.00"]), ("公务用车购置费", "", [""]),
            ("公务用车运行维护费", "", ["10.80"]), ("公务接待费", "", ["2.95"])]
    flat = table(6, TITLE, ["2024年预算数"], rows, scope="三公", page=8)
    report = check([flat])
    assert found(report) == [] and report.ledger["BG-009"] == "passed"  # the blank 购置费 is not 0, the sum holds
    flat.rows[0] = Row(1, "合计", "", {1: figure("14.75")})
    [finding] = found(check([flat]))
    assert finding.message.startswith("第8页 表6 合计 · 2024年预算数 14.75 ≠ 三公各项之和 13.75（0.00 + 10.80 + 2.95")
    assert "公务用车购置费为空" in finding.message and finding.severity == "warning"
