"""Worksheet functions for Excel, through xlwings (``UDF MODULES = budget_addin.excel.udfs``).

A thin layer: each function hands its arguments to the body in
:mod:`budget_addin.core.functions` and, only when a value cannot be read, asks the
calling cell for its formula so the message names the cell (``B5``). The VBA
wrappers in ``macros/xlwings_udfs.bas`` are generated from this module.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from budget_addin.core import functions as fx
from budget_addin.excel import composed

CATEGORY = "预算公开"


def _formula(caller: Any) -> Any:
    return lambda: getattr(caller, "formula", None) if caller is not None else None


def _number_format(caller: Any, arg: int) -> str | None:
    """The number format of the cell an argument refers to (``None`` when the formula does not say).

    A percentage shows the decimals of its format (0.053 as ``0.00%`` is 5.30%), which the
    value handed over cannot tell; the checks read it here, as the reader does from the file.
    """
    sheet = getattr(caller, "sheet", None)
    address = fx.arg_address(getattr(caller, "formula", None), arg, 0, 0)
    if sheet is None or address is None:
        return None
    if "!" in address:
        name, address = address.rsplit("!", 1)
        sheet = sheet.book.sheets[name]
    return sheet.range(address).number_format


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc="要合计的区域")
@xw.arg("row_labels", ndim=2, doc="可选：行标签区域，标签以“其中”开头的行不计入")
def YS_TOTAL(caller, values, row_labels=None):  # noqa: N802 - Excel function names are upper case
    """合计：对区域求和，跳过空白和“其中”行。可识别“1,304.85”、全角数字、“—”。"""
    return fx.call("YS_TOTAL", (values, row_labels), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("current", doc="本年数")
@xw.arg("prior", doc="上年数")
def YS_VARIANCE(caller, current, prior):  # noqa: N802
    """增减额：本年数 − 上年数；任一为空则为空。"""
    return fx.call("YS_VARIANCE", (current, prior), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("current", doc="本年数")
@xw.arg("change", doc="说明所列增减额（减少为负数）")
@xw.arg("prior", doc="可选：已填的上年数（填了就取它）")
def YS_PRIOR(caller, current, change, prior=None):  # noqa: N802
    """上年数：已填上年数时取上年数，否则按 本年数 − 增减额 推算。"""
    return fx.call("YS_PRIOR", (current, change, prior), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("stated", doc="所填小计（可为空）")
@xw.arg("parts", doc="各组成部分（单元格或区域）")
def YS_SUBTOTAL(caller, stated, *parts):  # noqa: N802
    """小计：已填则取所填数，未填则按各组成部分之和推算。"""
    return fx.call("YS_SUBTOTAL", (stated, *parts), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("current", doc="本年数")
@xw.arg("prior", doc="上年数")
def YS_GROWTH(caller, current, prior):  # noqa: N802
    """增减率：(本年 − 上年) ÷ 上年；上年为零返回“新增”，缺数为空。"""
    return fx.call("YS_GROWTH", (current, prior), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("part", doc="部分")
@xw.arg("whole", doc="合计")
def YS_SHARE(caller, part, whole):  # noqa: N802
    """占比：部分 ÷ 合计（合计为零或空时为空）。"""
    return fx.call("YS_SHARE", (part, whole), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("value", doc="数值")
@xw.arg("decimals", doc="小数位数，默认 2")
def YS_ROUND(caller, value, decimals=2):  # noqa: N802
    """四舍五入到指定小数位（Excel 的 ROUND 对 2.675 这类二进制误差不可靠）。"""
    return fx.call("YS_ROUND", (value, decimals), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("stated", doc="所列合计")
@xw.arg("parts", ndim=2, doc="组成部分（单元格或区域，可多个）")
def YS_CHECKSUM(caller, stated, *parts):  # noqa: N802
    """校验合计：所列合计与各部分之和是否相等（到分），返回“✓”或“✗ 差 x”。"""
    return fx.call("YS_CHECKSUM", (stated, *parts), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("stated", doc="总数")
@xw.arg("parts", ndim=2, doc="“其中”各项")
def YS_CHECKPART(caller, stated, *parts):  # noqa: N802
    """校验“其中”项：各项之和不得超过总数，返回“✓”或“✗ 超出 x”。"""
    return fx.call("YS_CHECKPART", (stated, *parts), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("stated", doc="所列百分比，如 7%")
@xw.arg("part", doc="分子（部分或增减额）")
@xw.arg("whole", doc="分母（合计或上年数）")
@xw.arg("decimals", doc="可选：所列百分比的小数位，默认按所列单元格的数字格式判断")
def YS_CHECKRATIO(caller, stated, part, whole, decimals=None):  # noqa: N802
    """校验百分比：所列百分比与 部分÷整体 在所示精度内是否一致，并说明四舍五入或截尾。"""
    if decimals is None:
        decimals = _number_format(caller, 0)
    return fx.call("YS_CHECKRATIO", (stated, part, whole, decimals), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("current", doc="本年数")
@xw.arg("prior", doc="上年数（上年预算数或上年执行数，可为空）")
@xw.arg("change", doc="所列增减额（可为空）")
@xw.arg("stated_growth", doc="所列增减率（可为空）")
def YS_CHECKYOY(caller, current, prior, change, stated_growth):  # noqa: N802
    """同比校验：本年 − 上年 = 所列增减额，所列增减率与 增减额 ÷ 上年数 在所示精度内一致。"""
    decimals = _number_format(caller, 3)  # the stated rate shows the decimals of its cell's format
    return fx.call("YS_CHECKYOY", (current, prior, change, stated_growth, decimals), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("amount", doc="金额")
@xw.arg("quantity", doc="数量")
@xw.arg("unit_price", doc="单价")
def YS_CHECKPRODUCT(caller, amount, quantity, unit_price):  # noqa: N802
    """校验金额 = 数量 × 单价（到分）。"""
    return fx.call("YS_CHECKPRODUCT", (amount, quantity, unit_price), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("code", doc="政府采购目录序号，如 A0999、B07")
def YS_CATEGORY(caller, code):  # noqa: N802
    """政府采购品目类别：A 货物、B 工程、C 服务。"""
    return fx.call("YS_CATEGORY", (code,), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("amounts", ndim=2, doc="金额区域")
@xw.arg("codes", ndim=2, doc="目录序号区域")
@xw.arg("kind", doc="货物、工程、服务、全部或资产")
def YS_SUMCATEGORY(caller, amounts, codes, kind):  # noqa: N802
    """按品目类别汇总采购金额（“资产”指 A01–A06 固定资产类品目）。"""
    return fx.call("YS_SUMCATEGORY", (amounts, codes, kind), _formula(caller))


@xw.func(category=CATEGORY)
@xw.arg("text", doc="指标值，如 ≥90%、不少于4次、2.64万元")
def YS_TARGET(caller, text):  # noqa: N802
    """解析绩效指标值：返回比较符、数值、单位三格（动态数组）；定性目标返回“定性”。"""
    return fx.call("YS_TARGET", (text,), _formula(caller))


@xw.func(category=CATEGORY, volatile=False)
def YS_FINDINGS(caller):  # noqa: N802
    """全面校验：以动态数组返回整个工作簿的审核结果（规则、级别、范围、单元格、说明）。"""
    try:
        from budget_addin.excel.xl_grid import sheets_from_xlwings
        from budget_addin.files.reader import read_sheets
        from budget_addin.rules import run_rules

        book = caller.sheet.book
        result = read_sheets(sheets_from_xlwings(book), getattr(book, "fullname", "") or book.name)
        return composed.findings_table(run_rules(result.book))
    except Exception as exc:  # noqa: BLE001 - never a traceback in a cell
        return [[f"#校验未完成：{exc}"]]
