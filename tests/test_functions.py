"""Worksheet functions: their bodies, the xlwings layer, the VBA wrappers, and the formulas in the workbook."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import formulas
import numpy as np
import pytest
from conftest import COMMITTED, ROOT
from oletools.olevba import VBA_Parser

from budget_addin.core.functions import NOTHING, REGISTRY, call
from budget_addin.excel import udfs
from budget_addin.excel.vba_wrappers import UDF_MODULE_FILE, write_udf_module
from budget_addin.files.build import formula_cells
from budget_addin.files.grid import read_grid

F = REGISTRY


def test_total_skips_of_which_rows_and_reads_typed_variants() -> None:
    values = [[1304.85], ["1,117.20"], ["１８７．６５"], ["—"], [None], [2500.92]]
    labels = [["基本支出"], ["其中：人员经费"], ["其中：公用经费"], ["空"], ["空"], ["项目支出"]]
    assert F["YS_TOTAL"](values, labels) == pytest.approx(3805.77)
    assert F["YS_TOTAL"]([[None], ["—"]]) == NOTHING


def test_bad_input_is_a_short_chinese_message_naming_the_cell() -> None:
    text = call("YS_TOTAL", ([[1], ["三千八百"]],), lambda: "=YS_TOTAL(B4:B5)")
    assert text == '#数值错误：B5 "三千八百"（无法识别的数值）'
    assert call("YS_GROWTH", (1, "abc"), lambda: "=YS_GROWTH(收入支出!C5,'比上年 增减'!D9)").startswith(
        "#数值错误：比上年 增减!D9"
    )
    assert F["YS_SHARE"]("x", 2).startswith("#数值错误：第1个参数")  # no formula known: the position instead
    assert "Traceback" not in F["YS_CHECKSUM"]("#DIV/0!", 1)


def test_growth_share_prior_and_rounding() -> None:
    assert F["YS_PRIOR"](1304.85, 94.8) == pytest.approx(1210.05)
    assert F["YS_GROWTH"](1304.85, 1210.05) == pytest.approx(94.8 / 1210.05)
    assert F["YS_GROWTH"](15.3, 0) == "新增"
    assert F["YS_GROWTH"](None, 3) == NOTHING
    assert F["YS_SHARE"](6, 9) == pytest.approx(2 / 3)
    assert F["YS_SHARE"](6, 0) == NOTHING
    assert F["YS_ROUND"](2.675, 2) == 2.68
    assert F["YS_VARIANCE"](9, 9) == 0


def test_checks_answer_with_a_tick_or_the_difference() -> None:
    assert F["YS_CHECKSUM"](3805.77, [[2792.05], [1013.72], [0]]) == "✓"
    assert (
        F["YS_CHECKSUM"](541.67, [[40], [40], [-149.02], [562.18], [15.3], [2], [10], [13.28], [15], [-6.68]])
        == "✗ 差 0.39"
    )
    assert F["YS_CHECKPART"](2500.92, 2500.92) == "✓"
    assert F["YS_CHECKPART"](100, 101.5) == "✗ 超出 1.50"
    assert F["YS_CHECKRATIO"](0.07, 94.8, 1210.05) == "✗ 截尾才成立，应为 8%"
    assert F["YS_CHECKRATIO"](0.6667, 6, 9) == "✓"
    assert F["YS_CHECKRATIO"](0.179, 72.11, 404.13) == "✗ 应为 17.8%"
    assert F["YS_CHECKRATIO"](None, 1, 2) == NOTHING
    assert F["YS_CHECKPRODUCT"](1.28, 16, 0.08) == "✓"
    assert F["YS_CHECKPRODUCT"](1.38, 16, 0.08) == "✗ 差 0.10"


def test_procurement_categories() -> None:
    codes = [["A0999"], ["B07"], ["A05010101"], ["A060205"], ["C01"], [None]]
    amounts = [[8], [13], [5], [1.28], [2], [383.28]]
    assert F["YS_CATEGORY"]("B99") == "工程"
    assert F["YS_CATEGORY"]("Z1").startswith("#目录序号无法识别")
    assert F["YS_SUMCATEGORY"](amounts, codes, "货物") == pytest.approx(14.28)
    assert F["YS_SUMCATEGORY"](amounts, codes, "资产") == pytest.approx(6.28)
    assert F["YS_SUMCATEGORY"](amounts, codes, "全部") == pytest.approx(29.28)


class FakeCaller:
    """What xlwings hands a UDF as ``caller``: a Range with a formula."""

    def __init__(self, formula: str) -> None:
        self.formula = formula


def test_xlwings_layer_passes_through_and_names_the_cell() -> None:
    assert udfs.YS_CHECKSUM(FakeCaller("=YS_CHECKSUM(B4,B5:B9)"), 9, [[0], [6], [3]]) == "✓"
    message = udfs.YS_TOTAL(FakeCaller("=YS_TOTAL(C6:C10)"), [[1], [2], ["三千八百"]])
    assert message == '#数值错误：C8 "三千八百"（无法识别的数值）'


def test_target_parser_udf_uses_the_indicator_parser() -> None:
    assert F["YS_TARGET"]("$\\geq 90\\%$") == [["≥", 90.0, "%"]]
    assert F["YS_TARGET"]("≤10万元") == [["≤", 10.0, "万元"]]
    assert F["YS_TARGET"]("满意") == [["定性", NOTHING, NOTHING]]
    assert F["YS_TARGET"](None) == [["缺少指标值", NOTHING, NOTHING]]


class _Used:
    def __init__(self, values: list[list[object]]) -> None:
        self.value = values
        self.address = "$A$1:$" + chr(64 + max(len(r) for r in values)) + f"${len(values)}"


class _Sheet:
    def __init__(self, name: str, values: list[list[object]]) -> None:
        self.name = name
        self.used_range = _Used(values)


def test_findings_udf_spills_the_findings_of_the_calling_workbook() -> None:
    sheets = [_Sheet(name, [[c.value if c.kind != "n" else float(c.value) for c in row] for row in _rows(sheet)])
              for name, sheet in read_grid(COMMITTED).items()]
    book = type("Book", (), {"sheets": sheets, "name": "Changjiang2020.xlsm"})()
    caller = type("Caller", (), {"sheet": type("S", (), {"book": book})(), "formula": "=YS_FINDINGS()"})()
    table = udfs.YS_FINDINGS(caller)
    assert table[0] == ["规则", "级别", "范围", "单元格", "说明"]
    assert any(row[0] == "BN-013" and "国有资产!D10" in row[3] for row in table[1:])
    broken = type("Caller", (), {"sheet": None})()
    assert udfs.YS_FINDINGS(broken)[0][0].startswith("#校验未完成")


def _rows(sheet):  # noqa: ANN001, ANN202 - a grid sheet as a dense block from A1
    from budget_addin.files.grid import RawCell

    width = max(c for _, c in sheet.cells)
    empty = RawCell(None, "s")
    return [[sheet.cells.get((r, c), empty) for c in range(1, width + 1)] for r in range(1, sheet.max_row + 1)]


def _udf_functions() -> dict[str, object]:
    return {name: f for name, f in inspect.getmembers(udfs, inspect.isfunction) if name.startswith("YS_")}


def test_every_udf_has_a_body_a_chinese_docstring_and_a_vba_wrapper() -> None:
    wrappers = (ROOT / "macros" / UDF_MODULE_FILE).read_text(encoding="utf-8")
    functions = _udf_functions()
    assert set(functions) - {"YS_FINDINGS"} == set(REGISTRY)  # YS_FINDINGS reads the whole workbook
    for name, function in functions.items():
        assert re.search(r"[\u4e00-\u9fff]", function.__doc__ or ""), name
        assert re.search(rf"^Function {name}\(", wrappers, re.M), name
        assert f'XLPy.CallUDF("budget_addin.excel.udfs", "{name}"' in wrappers
    assert "Function YS_CHECKSUM(stated, ParamArray parts())" in wrappers
    assert "Function YS_CHECKRATIO(stated, part, whole, Optional decimals)" in wrappers


def test_generated_wrapper_module_is_up_to_date(tmp_path: Path) -> None:
    regenerated = write_udf_module(tmp_path)
    assert regenerated == tmp_path / UDF_MODULE_FILE
    assert (ROOT / "macros" / UDF_MODULE_FILE).read_bytes() == regenerated.read_bytes()
    assert b"\r\n" in regenerated.read_bytes()  # VBA sources are CRLF


def _norm(code: str) -> str:
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line).strip()


def test_olevba_reads_back_exactly_the_macros() -> None:
    parser = VBA_Parser(str(COMMITTED))
    found = {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    for path in sorted((ROOT / "macros").glob("*.bas")):
        source = path.read_text(encoding="utf-8")
        name = re.search(r'Attribute VB_Name = "([^"]+)"', source).group(1)
        assert _norm(found[name]) == _norm(source), name


# -- the workbook's formulas, evaluated by an independent engine ----------------------------------

def _plain(value: object) -> object:
    if type(value).__name__ == "Ranges":
        value = value.value
    if isinstance(value, np.ndarray):
        return [[_plain(x) for x in row] for row in value.tolist()]
    if isinstance(value, list):
        return [_plain(x) for x in value]
    if type(value) not in (int, float, str):  # the engine's tokens (empty, errors) subclass str
        return None if str(value) == "empty" else str(value)
    return value


def _figures(*ranges: object) -> list[float]:
    flat: list[object] = []
    for value in ranges:
        flat.extend(value if isinstance(value, list) else [value])
    flat = [x for item in flat for x in (item if isinstance(item, list) else [item])]
    return [float(x) for x in flat if isinstance(x, (int, float))]


def _one(value: object) -> object:
    """A single cell, as the engine hands it (a 1×1 block)."""
    while isinstance(value, list):
        value = value[0] if value else None
    return None if value in ("", "—") else value


def _prior(current: object, change: object, prior: object = None) -> object:
    current, change, prior = _one(current), _one(change), _one(prior)
    if prior is not None:
        return prior
    return "—" if current is None or change is None else current - change


def _subtotal(stated: object, *parts: object) -> object:
    stated = _one(stated)
    if stated is not None:
        return stated
    figures = _figures(*parts)
    return sum(figures) if figures else "—"


def _variance(current: object, prior: object) -> object:
    current, prior = _one(current), _one(prior)
    return "—" if current is None or prior is None else current - prior


def _share(part: object, whole: object) -> object:
    part, whole = _one(part), _one(whole)
    return "—" if part is None or not whole else part / whole


def _growth(current: object, prior: object) -> object:
    current, prior = _one(current), _one(prior)
    if current is None or prior is None:
        return "—"
    if prior == 0:
        return "新增" if current != 0 else "持平"
    return (current - prior) / prior


def _sum_category(amounts: list, codes: list, kind: str) -> float:
    letters = {"货物": "A", "工程": "B", "服务": "C"}
    pairs = zip([_one(a) for a in amounts], [str(_one(c) or "").upper() for c in codes], strict=True)
    return sum(float(a or 0) for a, c in pairs if (c[:1] in "ABC" and c if kind == "全部" else
                                                   c[:3] in {"A01", "A02", "A03", "A04", "A05", "A06"} if kind == "资产"
                                                   else c.startswith(letters[kind])))


# The arithmetic worksheet functions written again, plainly, as an oracle independent of calc/functions.
ORACLE = {
    "YS_TOTAL": lambda values, labels=None: sum(_figures(values)) if _figures(values) else "—",
    "YS_PRIOR": _prior,
    "YS_SUBTOTAL": _subtotal,
    "YS_VARIANCE": _variance,
    "YS_GROWTH": _growth,
    "YS_SHARE": _share,
    "YS_SUMCATEGORY": _sum_category,
}


@pytest.fixture(scope="module")
def evaluated() -> dict[str, object]:
    """The committed workbook evaluated by the formulas engine: arithmetic by the oracle, verdicts by the bodies."""
    registry = formulas.get_functions()
    for name, body in REGISTRY.items():
        registry[name] = (lambda f: lambda *args: f(*[_plain(a) for a in args]))(ORACLE.get(name, body))
    solution = formulas.ExcelModel().loads(str(COMMITTED)).finish().calculate()
    result = {}
    for key, value in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+\d+)", key)
        if match:
            result[f"{match.group(1)}!{match.group(2)}"] = np.asarray(value.value).ravel()[0]
    return result


def test_formulas_engine_agrees_with_every_cached_value(evaluated: dict[str, object], seed_data: dict) -> None:
    sheets = read_grid(COMMITTED)
    expected = formula_cells(seed_data)
    assert len(expected) > 150
    for ref, (formula, _cached) in expected.items():
        sheet, address = ref.split("!")
        cell = sheets[sheet].get(*_split(address))
        assert cell is not None and cell.formula == formula.lstrip("="), ref
        got = evaluated[ref]
        if cell.kind == "n":
            assert float(got) == pytest.approx(float(cell.value), abs=1e-9), ref
        else:
            assert str(got) == (cell.value or ""), ref


def _split(address: str) -> tuple[int, int]:
    from budget_addin.core.layout import split_ref

    return split_ref(address)


@pytest.mark.parametrize(("ref", "shown"), [
    ("收入支出!H18", "✓"), ("收入支出!H19", "✓"),  # 3805.77 = 1304.85 + 2500.92; 1304.85 = 1117.2 + 187.65
    ("收入支出!H5", "＝ 3805.77（按各项推算）"),  # 本年收入合计 not stated: 2792.05 + 1013.72 + 0 + 0 + 0
    ("收入支出!H4", "✗ 差 140.00"),  # 收入总计 3805.77 leaves out the 140 carried over
    ("三公经费预算!H8", 0.6667), ("三公经费预算!H9", 0.3333),
    ("政府采购构成!H5", 0.0529), ("政府采购构成!H6", 0.9471),
    ("国有资产!C5", 0.0473), ("国有资产!C6", 0.7467), ("国有资产!C10", 0.1784),
    # growth = change ÷ (current − change): 636.47 ÷ 3169.30, 94.8 ÷ 1210.05, 541.67 ÷ 1959.25, 2.49 ÷ 185.16
    ("收入支出!F18", 0.2008), ("收入支出!F19", 0.0783), ("收入支出!F22", 0.2765), ("机关运行经费!F4", 0.0134),
    ("收入支出!G19", "✗ 截尾才成立，应为 8%"), ("机关运行经费!G4", "✓"),
    ("明细!G4", 19.0), ("明细!G15", 15.3),  # 新增 project: prior 0, so its change is its amount
])
def test_cached_values_include_the_seed_figures(ref: str, shown: object) -> None:
    sheet, address = ref.split("!")
    cell = read_grid(COMMITTED)[sheet].get(*_split(address))
    if isinstance(shown, float):
        assert round(float(cell.value), 4) == shown
    else:
        assert cell.value == shown


def test_formula_cells_are_what_the_schema_says(seed_data: dict) -> None:
    cells = formula_cells(seed_data)
    assert cells["收入支出!F19"][0] == "=YS_GROWTH(B19,YS_PRIOR(B19,D19,C19))"
    # 收入总计 = 本年收入合计 (or, blank, 财政拨款 (or its three parts) + the other sources) + 事业基金 + 上年结转
    assert cells["收入支出!H4"][0] == (
        "=YS_CHECKSUM(B4,YS_SUBTOTAL(B5,YS_SUBTOTAL(B6,B7,B8,B9),B10,B11,B12,B13,B14,B15),B16,B17)"
    )
    assert cells["三公经费预算!J4"][0] == "=YS_CHECKSUM(B4,B5,YS_SUBTOTAL(B6,B7,B8),B9)"
    assert cells["政府采购构成!G5"][0] == "=YS_SUMCATEGORY('政府采购预算'!H4:H11,'政府采购预算'!D4:D11,\"货物\")"


def test_udf_module_path() -> None:
    assert Path(udfs.__file__).name == "udfs.py"
