"""Published tables built by hand for the rule tests: header paths and rows as printed → :class:`Table`.

The readers of ``files/published`` make these from PDF/Word/HTML/xlsx; the rules need only the model, so the tests
build it directly, with the readers' conventions: ``Column.path`` the header texts top-down, ``Row.label`` as
printed (numbering kept), ``Row.code`` the classification code or "", a figure's value None for a blank or "—".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from published_samples import SampleTable

from budget_addin.core.published import Column, Figure, Row, Table

Printed = tuple[str, str, Sequence[str]]  # (label, code, figures as printed)


def figure(text: str) -> Figure:
    """A printed cell: ``"1,234.50"`` → 1234.50, ``"7.83%"`` → 7.83, ``""``/``"—"``/``"新增"`` → None."""
    body = text.replace(",", "").replace("，", "").strip().rstrip("%％")
    try:
        value: Decimal | None = Decimal(body) if body and body not in {"-", "—", "－"} else None
    except InvalidOperation:
        value = None
    return Figure(value, text)


def table(number: int, title: str, paths: Sequence[tuple[str, ...] | str], rows: Sequence[Printed], *,
          unit: str = "万元", scope: str = "其他", page: int | None = None, part: str = "",
          problem: str | None = None, units: dict[int, str] | None = None) -> Table:
    """A table from its figure columns' header paths and its rows ``(label, code, [printed figures])``."""
    columns = [Column(i, (p,) if isinstance(p, str) else tuple(p), (units or {}).get(i))
               for i, p in enumerate(paths, start=1)]
    body = [Row(i, label, code, {c.index: figure(text) for c, text in zip(columns, printed, strict=True)})
            for i, (label, code, printed) in enumerate(rows, start=1)]
    return Table(number, title, unit=unit, scope=scope, page=page, columns=columns, rows=body, problem=problem,
                 part=part)


def from_sample(sample: SampleTable, number: int, *, scope: str, label: int | None = None, code: int | None = None,
                figures: Sequence[int] | None = None, paths: Sequence[tuple[str, ...] | str] | None = None,
                unit: str = "万元", page: int | None = None, part: str = "") -> Table:
    """A :class:`SampleTable`'s body read the way a reader would: ``label``/``code`` the label and code columns
    (0-based), ``figures`` the figure columns with their header ``paths`` (default: the one-level header texts)."""
    width = len(sample.body[0])
    figure_cols = list(figures) if figures is not None else [i for i in range(width) if i not in (label, code)]
    if paths is None:
        heads = [h.text for h in sample.header[0]]
        paths = [heads[i] for i in figure_cols]
    rows = [(body[label] if label is not None else "", body[code] if code is not None else "",
             [body[i] for i in figure_cols]) for body in sample.body]
    return table(number, sample.title, paths, rows, unit=unit, scope=scope, page=page, part=part)


def _half(sample: SampleTable, number: int, label: int, amount: int, part: str, page: int | None) -> Table:
    rows = [(body[label], "", [body[amount]]) for body in sample.body if body[label].strip() or body[amount].strip()]
    return table(number, sample.title, [(sample.header[0][0 if part == "收入" else 1].text, "金额")], rows,
                 scope="部门", page=page, part=part)


def jiangsu_tables(plant: dict[tuple[str, str, int], str] | None = None) -> list[Table]:
    """The 江苏-style 2021 set of :func:`published_samples.jiangsu_2021` as a reader gives it: the 收支总表 split
    into its three halves (收入 | 支出 by function | 支出 by use), the others one table each, on pages 3 to 9."""
    from published_samples import jiangsu_2021

    samples = jiangsu_2021(plant).tables
    summary, income, spending, general, economic, three, procurement = samples
    return [
        _half(summary, 1, 0, 1, "收入", 3),
        _half(summary, 1, 2, 3, "支出", 3),
        _half(summary, 1, 4, 5, "支出用途", 3),
        from_sample(income, 2, scope="部门", label=0, page=4),
        from_sample(spending, 3, scope="部门", page=5),
        from_sample(general, 4, scope="一般公共预算", label=1, code=0, page=6),
        from_sample(economic, 5, scope="一般公共预算", label=1, code=0, page=7),
        from_sample(
            three,
            6,
            scope="三公",
            page=8,
            paths=[
                "合计",
                "因公出国（境）费",
                ("公务用车购置及运行费", "小计"),
                ("公务用车购置及运行费", "公务用车购置费"),
                ("公务用车购置及运行费", "公务用车运行维护费"),
                "公务接待费",
                "会议费",
                "培训费",
            ],
        ),
        from_sample(procurement, 7, scope="政府采购", label=0, figures=[3], page=9),
    ]


def shanghai_tables() -> list[Table]:
    """The 上海-style set of :func:`published_samples.shanghai_2024`: the function table in 元 (its 类/款/项 columns
    joined into one code, as a reader does) and the 三公 table in 万元 with its three-level header."""
    from published_samples import shanghai_2024

    functions, three = shanghai_2024().tables
    rows = [(body[3], "".join(body[:3]), body[4:]) for body in functions.body]
    first = table(1, functions.title, ["合计", "基本支出", "项目支出"], rows, unit="元", scope="一般公共预算", page=2)
    paths: list[tuple[str, ...]] = []
    for year in ("2023年预算数", "2024年预算数"):
        paths += [
            (year, "合计"),
            (year, "因公出国（境）费"),
            (year, "公务用车购置及运行费", "小计"),
            (year, "公务用车购置及运行费", "购置费"),
            (year, "公务用车购置及运行费", "运行费"),
            (year, "公务接待费"),
        ]
    second = table(2, three.title, paths, [("", "", three.body[0])], scope="三公", page=3)
    return [first, second]


def final_accounts_table() -> Table:
    """The 决算 table of :func:`published_samples.final_accounts_2022` (年初预算数 / 调整预算数 / 决算数 / 完成率)."""
    from published_samples import final_accounts_2022

    (sample,) = final_accounts_2022().tables
    return from_sample(sample, 1, scope="一般公共预算", label=1, code=0, page=4)
