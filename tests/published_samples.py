"""Invented disclosures in the shapes real ones are published in, and renderers to every published form.

Nothing here is copied from a real disclosure: the department (青山县文化广电和旅游局), its items and
its figures are invented. The shapes follow DOMAIN.md ("Provincial table variants"):

- :func:`jiangsu_2021`: a 江苏-style 预算 set in 万元 — 收支预算总表 with three label columns side by
  side (收入 | 功能科目 | 支出用途, one 金额 each), a 收入预算总表 whose 收入合计 includes 上年结转, a
  one-row 支出预算总表, function and economic tables with a code column, a "三公"经费、会议费、培训费
  table with a two-level header, and a 政府采购 table with 合计 / 大类 rows above the items;
- :func:`shanghai_2024`: a 上海-style set with codes split over 类 / 款 / 项 columns, amounts in 元 and a
  三公 table (in 万元) with a three-level header;
- :func:`final_accounts_2022`: a 决算 table with 年初预算数 / 调整预算数 / 决算数 and 完成率.

Figures are derived from the item figures below, so every total is consistent unless a test plants
an error with ``plant={(table_title_part, row_label, column_index): "printed text"}``.

Renderers: :func:`to_html`, :func:`to_docx`, :func:`to_xlsx`, :func:`to_csv` and :func:`to_pdf`
(LibreOffice renders the .docx, as a department's office would).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

D = Decimal
DEPARTMENT = "青山县文化广电和旅游局"


@dataclass(frozen=True)
class Head:
    """A header cell: its text and how many columns / rows it spans."""

    text: str
    cols: int = 1
    rows: int = 1


@dataclass
class SampleTable:
    """A table as printed: title, unit line, header rows (of :class:`Head`) and body rows (of strings)."""

    title: str
    unit_line: str
    header: list[list[Head]]
    body: list[list[str]]

    @property
    def width(self) -> int:
        return sum(h.cols for h in self.header[0])


@dataclass
class SampleDocument:
    """A disclosure: a title, prose paragraphs, then its tables (a text may sit before the tables)."""

    title: str
    paragraphs: list[str]
    tables: list[SampleTable] = field(default_factory=list)


def money(value: Decimal | None, places: int = 2) -> str:
    """A figure as departments print it: ``1,234.56``; blank for None."""
    if value is None:
        return ""
    return f"{value:,.{places}f}"


# -- the invented department's figures (万元) ----------------------------------------------------

# 功能分类 项: code, name, 基本支出, 项目支出 (all funds); 一般公共预算 differs only where noted.
ITEMS: list[tuple[str, str, Decimal, Decimal]] = [
    ("2070101", "行政运行", D("312.45"), D(0)),
    ("2070102", "一般行政管理事务", D(0), D("45.60")),
    ("2070109", "群众文化", D(0), D("128.30")),
    ("2070111", "文化创作与保护", D(0), D("36.00")),
    ("2080505", "机关事业单位基本养老保险缴费支出", D("38.72"), D(0)),
    ("2101101", "行政单位医疗", D("15.36"), D(0)),
    ("2210201", "住房公积金", D("24.18"), D(0)),
]
PRIOR_ITEMS = {"2070101": D("298.10"), "2070102": D("52.00"), "2070109": D("110.00"), "2070111": D(0),
               "2080505": D("36.40"), "2101101": D("14.80"), "2210201": D("23.10")}
OTHER_FUNDS = {"2070109": D("40.00")}  # 群众文化 is paid 40.00 from 其他收入 and 上年结转: not 一般公共预算
CLASSES = {"207": "文化旅游体育与传媒支出", "20701": "文化和旅游", "208": "社会保障和就业支出",
           "20805": "行政事业单位养老支出", "210": "卫生健康支出", "21011": "行政事业单位医疗", "221": "住房保障支出",
           "22102": "住房改革支出"}
# 经济分类 of 基本支出: code, name, amount; 301 and 303 are 人员经费, 302 公用经费.
ECONOMIC = [("30101", "基本工资", D("120.00")), ("30102", "津贴补贴", D("85.40")),
            ("30108", "机关事业单位基本养老保险缴费", D("38.72")), ("30110", "职工基本医疗保险缴费", D("15.36")),
            ("30113", "住房公积金", D("24.18")), ("30201", "办公费", D("12.00")), ("30211", "差旅费", D("8.50")),
            ("30217", "公务接待费", D("3.00")), ("30228", "工会经费", D("6.40")), ("30229", "福利费", D("5.25")),
            ("30231", "公务用车运行维护费", D("6.00")), ("30299", "其他商品和服务支出", D("56.10")),
            ("30305", "生活补助", D("9.80"))]
ECONOMIC_CLASSES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助"}
INCOME = {"一般公共预算拨款": D("560.61"), "政府性基金预算拨款": None, "其他收入": D("20.00")}
CARRIED = D("20.00")
THREE_PUBLIC = {"因公出国（境）费": D(0), "公务用车购置费": D(0), "公务用车运行维护费": D("6.00"),
                "公务接待费": D("3.00"), "会议费": D("2.40"), "培训费": D("4.20")}
THREE_PUBLIC_PRIOR = {"因公出国（境）费": D(0), "公务用车购置费": D(0), "公务用车运行维护费": D("7.00"),
                      "公务接待费": D("3.50")}


def basic_total() -> Decimal:
    return sum((b for _c, _n, b, _p in ITEMS), D(0))


def project_total() -> Decimal:
    return sum((p for _c, _n, _b, p in ITEMS), D(0))


def _general(code: str, basic: Decimal, project: Decimal) -> tuple[Decimal, Decimal]:
    return basic, project - OTHER_FUNDS.get(code, D(0))


def _function_rows(general: bool, prior: bool = False) -> list[tuple[str, str, Decimal, Decimal]]:
    """类, 款 and 项 rows in code order: (code, name, 基本, 项目) with class totals summed from the items."""
    rows: dict[str, list[Decimal]] = {}
    names: dict[str, str] = {}
    for code, name, basic, project in ITEMS:
        if general:
            basic, project = _general(code, basic, project)
        if prior:
            basic, project = PRIOR_ITEMS[code], D(0)
        for key in (code[:3], code[:5], code):
            totals = rows.setdefault(key, [D(0), D(0)])
            totals[0] += basic
            totals[1] += project
            names[key] = CLASSES.get(key, name)
    return [(key, names[key], b, p) for key, (b, p) in sorted(rows.items())]


# -- 江苏-style set ---------------------------------------------------------------------------

def jiangsu_2021(plant: dict[tuple[str, str, int], str] | None = None) -> SampleDocument:
    """The 江苏-style 2021 预算 set of the invented department, with its 情况说明."""
    basic, project = basic_total(), project_total()
    total = basic + project
    income = sum((v for v in INCOME.values() if v is not None), D(0))
    functions = [r for r in _function_rows(general=False) if len(r[0]) == 3]
    general = _function_rows(general=True)
    general_total = sum((b + p for c, _n, b, p in general if len(c) == 3), D(0))
    uses = [("一、基本支出", basic), ("二、项目支出", project), ("三、单位预留机动经费", None)]
    income_rows = [(f"{'一二三'[i]}、{name}", value) for i, (name, value) in enumerate(INCOME.items())]
    numbered = [(f"{'一二三四'[i]}、{name}", b + p) for i, (_c, name, b, p) in enumerate(functions)]
    summary: list[list[str]] = []
    for i in range(max(len(income_rows), len(numbered), len(uses))):
        left = income_rows[i] if i < len(income_rows) else ("", None)
        mid = numbered[i] if i < len(numbered) else ("", None)
        right = uses[i] if i < len(uses) else ("", None)
        summary.append([left[0], money(left[1]), mid[0], money(mid[1]), right[0], money(right[1])])
    summary += [["本年收入合计", money(income), "本年支出合计", money(total), "本年支出合计", money(total)],
                ["上年结转", money(CARRIED), "结转下年", "", "结转下年", ""],
                ["收入总计", money(income + CARRIED), "支出总计", money(total), "支出总计", money(total)]]
    tables = [
        SampleTable(f"{DEPARTMENT}2021年收支预算总表", "单位：万元",
                    [[Head("收入", 2), Head("支出", 4)],
                     [Head("项目名称"), Head("金额"), Head("功能科目名称"), Head("金额"), Head("支出用途项目名称"),
                      Head("金额")]], summary),
        SampleTable(f"{DEPARTMENT}2021年收入预算总表", "单位：万元", [[Head("项目"), Head("金额")]],
                    [["收入合计", money(income + CARRIED)]]
                    + [[name, money(value)] for name, value in INCOME.items()] + [["上年结转", money(CARRIED)]]),
        SampleTable(f"{DEPARTMENT}2021年支出预算总表", "单位：万元",
                    [[Head("合计"), Head("基本支出"), Head("项目支出"), Head("单位预留机动经费"),
                      Head("结转下年资金")]],
                    [[money(total), money(basic), money(project), "", ""]]),
        SampleTable(f"{DEPARTMENT}2021年一般公共预算支出预算表", "单位：万元",
                    [[Head("科目编码"), Head("科目名称"), Head("合计"), Head("基本支出"), Head("项目支出")]],
                    [["", "合计", money(general_total),
                      money(sum((b for c, _n, b, _p in general if len(c) == 3), D(0))),
                      money(sum((p for c, _n, _b, p in general if len(c) == 3), D(0)))]]
                    + [[c, n, money(b + p), money(b), money(p)] for c, n, b, p in general]),
        _economic_table(),
        _three_public_table(),
        SampleTable(f"{DEPARTMENT}2021年政府采购支出预算表", "单位：万元",
                    [[Head("采购项目"), Head("采购品目"), Head("数量"), Head("金额")]],
                    [["合计", "", "", "52.00"], ["货物类", "", "", "22.00"],
                     ["办公设备购置", "台式计算机", "10", "6.00"], ["办公设备购置", "复印机", "2", "4.00"],
                     ["文化设备购置", "舞台灯光设备", "1", "12.00"], ["服务类", "", "", "30.00"],
                     ["群众文化活动", "文艺演出服务", "1", "30.00"]]),
    ]
    return SampleDocument(f"{DEPARTMENT}2021年部门预算", jiangsu_text(), _planted(tables, plant))


def _three_public_table() -> SampleTable:
    """Two header levels: single-level columns span both rows, the car group spans three columns."""
    three = THREE_PUBLIC
    return SampleTable(
        f"{DEPARTMENT}2021年“三公”经费、会议费、培训费支出预算表",
        "单位：万元",
        [
            [
                Head("合计", rows=2),
                Head("因公出国（境）费", rows=2),
                Head("公务用车购置及运行费", 3),
                Head("公务接待费", rows=2),
                Head("会议费", rows=2),
                Head("培训费", rows=2),
            ],
            [Head("小计"), Head("公务用车购置费"), Head("公务用车运行维护费")],
        ],
        [
            [
                money(sum(three.values(), D(0))),
                money(three["因公出国（境）费"]),
                money(three["公务用车购置费"] + three["公务用车运行维护费"]),
                money(three["公务用车购置费"]),
                money(three["公务用车运行维护费"]),
                money(three["公务接待费"]),
                money(three["会议费"]),
                money(three["培训费"]),
            ]
        ],
    )


def _economic_table() -> SampleTable:
    rows: list[list[str]] = []
    staff = public = D(0)
    for head, name in ECONOMIC_CLASSES.items():
        parts = [(c, n, v) for c, n, v in ECONOMIC if c.startswith(head)]
        amount = sum((v for _c, _n, v in parts), D(0))
        is_public = head == "302"
        public += amount if is_public else D(0)
        staff += D(0) if is_public else amount
        rows.append(
            [head, name, money(amount), money(None if is_public else amount), money(amount if is_public else None)]
        )
        rows += [
            [c, n, money(v), money(None if is_public else v), money(v if is_public else None)] for c, n, v in parts
        ]
    return SampleTable(f"{DEPARTMENT}2021年一般公共预算基本支出预算表", "单位：万元",
                       [[Head("科目编码"), Head("科目名称"), Head("合计"), Head("人员经费"), Head("公用经费")]],
                       [["", "合计", money(staff + public), money(staff), money(public)], *rows])


def jiangsu_text() -> list[str]:
    """The 情况说明 of the 江苏-style set: every figure agrees with its tables (tests plant errors)."""
    basic, project = basic_total(), project_total()
    total = basic + project
    prior_total = sum(PRIOR_ITEMS.values(), D(0))
    change = total - prior_total
    three = sum(v for k, v in THREE_PUBLIC.items() if k not in ("会议费", "培训费"))
    three_prior = sum(THREE_PUBLIC_PRIOR.values(), D(0))
    return [
        "一、部门预算编制说明",
        f"{DEPARTMENT}2021年收入预算总计{money(total)}万元，支出预算总计{money(total)}万元。与上年相比，"
        f"收、支预算总计各增加{money(change)}万元，增长{(change / prior_total * 100):.2f}%。",
        f"一般公共预算拨款{money(INCOME['一般公共预算拨款'])}万元，其他收入{money(INCOME['其他收入'])}万元，"
        f"上年结转{money(CARRIED)}万元。",
        f"支出预算中，基本支出{money(basic)}万元，占{(basic / total * 100):.2f}%；项目支出{money(project)}万元，"
        f"占{(project / total * 100):.2f}%。",
        f"行政运行（项）{money(D('312.45'))}万元，比上年增加{money(D('312.45') - PRIOR_ITEMS['2070101'])}万元，"
        f"主要原因是人员调资。住房公积金（项）{money(D('24.18'))}万元。",
        f"2021年“三公”经费预算{money(three)}万元，比上年减少{money(three_prior - three)}万元。其中，"
        f"公务用车运行维护费{money(THREE_PUBLIC['公务用车运行维护费'])}万元，公务接待费{money(THREE_PUBLIC['公务接待费'])}万元。",
    ]


# -- 上海-style set ---------------------------------------------------------------------------

def shanghai_2024() -> SampleDocument:
    """Codes split over 类/款/项 columns, amounts in 元, and a 三公 table in 万元 with a three-level header."""
    body = []
    for code, name, basic, project in _function_rows(general=True):
        parts = [code[:3], code[3:5] if len(code) >= 5 else "", code[5:7] if len(code) == 7 else ""]
        body.append([*parts, name, money((basic + project) * 10000), money(basic * 10000), money(project * 10000)])
    functions = SampleTable(f"{DEPARTMENT}2024年一般公共预算支出功能分类预算表", "单位：元",
                            [[Head("功能分类科目编码", 3), Head("功能分类科目名称", rows=2), Head("合计", rows=2),
                              Head("基本支出", rows=2), Head("项目支出", rows=2)],
                             [Head("类"), Head("款"), Head("项")]], body)
    three = THREE_PUBLIC
    car = three["公务用车购置费"] + three["公务用车运行维护费"]
    total = three["因公出国（境）费"] + car + three["公务接待费"]
    prior_car = THREE_PUBLIC_PRIOR["公务用车购置费"] + THREE_PUBLIC_PRIOR["公务用车运行维护费"]
    prior_total = sum(THREE_PUBLIC_PRIOR.values(), D(0))
    three_table = SampleTable(
        f"{DEPARTMENT}2024年“三公”经费财政拨款预算表", "单位：万元",
        [[Head("2023年预算数", 6), Head("2024年预算数", 6)],
         [Head("合计", rows=2), Head("因公出国（境）费", rows=2), Head("公务用车购置及运行费", 3),
          Head("公务接待费", rows=2)] * 2,
         [Head("小计"), Head("购置费"), Head("运行费")] * 2],
        [[money(prior_total), money(THREE_PUBLIC_PRIOR["因公出国（境）费"]), money(prior_car),
          money(THREE_PUBLIC_PRIOR["公务用车购置费"]), money(THREE_PUBLIC_PRIOR["公务用车运行维护费"]),
          money(THREE_PUBLIC_PRIOR["公务接待费"]),
          money(total), money(three["因公出国（境）费"]), money(car), money(three["公务用车购置费"]),
          money(three["公务用车运行维护费"]), money(three["公务接待费"])]])
    return SampleDocument(f"{DEPARTMENT}2024年部门预算", [], [functions, three_table])


# -- 决算 -----------------------------------------------------------------------------------------

def final_accounts_2022() -> SampleDocument:
    """A 决算 table: 年初预算数 / 调整预算数 / 决算数 and 完成率 (决算 ÷ 调整预算)."""
    rows = [["", "合计"]]
    body = []
    first = adjusted = final = D(0)
    for code, name, basic, project in _function_rows(general=True):
        budget = basic + project
        on_path = code in ("207", "20701", "2070102")  # 一般行政管理事务 was raised by 10.00, 3.50 of it unspent
        adjust = budget + (D("10.00") if on_path else D(0))
        spent = adjust - (D("3.50") if on_path else D(0))
        body.append([code, name, money(budget), money(adjust), money(spent), f"{spent / adjust * 100:.2f}%"])
        if len(code) == 3:
            first, adjusted, final = first + budget, adjusted + adjust, final + spent
    rows[0] += [money(first), money(adjusted), money(final), f"{final / adjusted * 100:.2f}%"]
    table = SampleTable(f"{DEPARTMENT}2022年一般公共预算财政拨款支出决算表", "单位：万元",
                        [[Head("科目编码"), Head("科目名称"), Head("年初预算数"), Head("调整预算数"), Head("决算数"),
                          Head("完成率")]], rows + body)
    return SampleDocument(f"{DEPARTMENT}2022年部门决算", [], [table])


def _planted(tables: list[SampleTable], plant: dict[tuple[str, str, int], str] | None) -> list[SampleTable]:
    """Replace printed cells: ``(a part of the title, the row's first non-empty text, column index 0-based)``."""
    for (title_part, label, column), text in (plant or {}).items():
        table = next(t for t in tables if title_part in t.title)
        row = next(r for r in table.body if label in r)
        row[column] = text
    return tables


# -- renderers ----------------------------------------------------------------------------------

def _grid(table: SampleTable) -> tuple[list[tuple[int, int, Head]], int]:
    """Header cells placed on a grid (row, column, cell), honouring row spans; and the header's height."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, heads in enumerate(table.header):
        c = 0
        for head in heads:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, head))
            taken.update((r + i, c + j) for i in range(head.rows) for j in range(head.cols))
            c += head.cols
    return placed, len(table.header)


def to_html(document: SampleDocument, path: Path) -> Path:
    """A web page: the title, the paragraphs, then each table under its title and unit line."""
    parts = [f"<html><head><meta charset='utf-8'><title>{document.title}</title></head><body>",
             f"<h1>{document.title}</h1>"]
    parts += [f"<p>{p}</p>" for p in document.paragraphs]
    for table in document.tables:
        parts.append(f"<p style='text-align:center'><b>{table.title}</b></p><p>{table.unit_line}</p><table border='1'>")
        for heads in table.header:
            cells = "".join(f"<th colspan='{h.cols}' rowspan='{h.rows}'>{h.text}</th>" for h in heads)
            parts.append(f"<tr>{cells}</tr>")
        parts += ["<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in table.body]
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def to_docx(document: SampleDocument, path: Path, landscape: bool = True) -> Path:
    """A Word file as a department's office writes it: paragraphs, then titled tables with merged headers."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.8)
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia",
                                 "Noto Sans CJK SC")
    doc.add_paragraph(document.title)
    for text in document.paragraphs:
        doc.add_paragraph(text)
    for table in document.tables:
        doc.add_paragraph(table.title)
        doc.add_paragraph(table.unit_line)
        placed, height = _grid(table)
        grid = doc.add_table(rows=height + len(table.body), cols=table.width)
        grid.style = "Table Grid"
        for r, c, head in placed:
            cell = grid.cell(r, c)
            if head.cols > 1 or head.rows > 1:
                cell = cell.merge(grid.cell(r + head.rows - 1, c + head.cols - 1))
            cell.text = head.text
        for i, row in enumerate(table.body):
            for j, value in enumerate(row):
                grid.cell(height + i, j).text = value
        doc.add_paragraph("")
    doc.save(str(path))
    return path


def to_xlsx(document: SampleDocument, path: Path, one_sheet: bool = False) -> Path:
    """The tables as a spreadsheet: one sheet per table (or all stacked on one), merged header cells."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet = None
    top = 1
    for number, table in enumerate(document.tables, start=1):
        if sheet is None or not one_sheet:
            sheet = book.create_sheet(f"表{number}")
            top = 1
        sheet.cell(top, 1, table.title)
        sheet.cell(top + 1, 1, table.unit_line)
        placed, height = _grid(table)
        for r, c, head in placed:
            sheet.cell(top + 2 + r, c + 1, head.text or None)
            if head.cols > 1 or head.rows > 1:
                sheet.merge_cells(start_row=top + 2 + r, start_column=c + 1, end_row=top + 2 + r + head.rows - 1,
                                  end_column=c + head.cols)
        for i, row in enumerate(table.body):
            for j, value in enumerate(row):
                sheet.cell(top + 2 + height + i, j + 1, _typed(value))
        top += 2 + height + len(table.body) + 2
    book.save(str(path))
    return path


def rows_xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    """A one-sheet workbook (sheet 表) holding ``rows`` as typed, with merged ranges such as ``"C3:E3"``."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表"
    for values in rows:
        sheet.append(values)
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(str(path))
    return path


def _typed(value: str) -> object:
    """A printed figure stored as a number, as a spreadsheet holds it; text stays text."""
    try:
        return float(value.replace(",", "")) if value and not value.endswith("%") else (value or None)
    except ValueError:
        return value


def to_csv(table: SampleTable, path: Path, encoding: str = "utf-8") -> Path:
    """One table as a .csv: title, unit line, header rows (a span's text in its first cell), body."""
    import csv

    placed, height = _grid(table)
    header = [[""] * table.width for _ in range(height)]
    for r, c, head in placed:
        header[r][c] = head.text
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerows([[table.title], [table.unit_line], *header, *table.body])
    return path


def soffice() -> str:
    """LibreOffice's command (the test extra's system packages install it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise RuntimeError("LibreOffice (soffice) is needed: run bash .ci/system-packages")
    return found


def to_pdf(source: Path, out_dir: Path | None = None, no_changes: bool = False) -> Path:
    """A PDF rendered by LibreOffice from a .docx/.xlsx/.html (a text layer, ruled tables, as offices publish).

    ``no_changes``: encrypted with a permissions password that forbids changes and annotations.
    """
    out_dir = out_dir or source.parent
    target = "pdf"
    if no_changes:
        target = ('pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},'
                  '"PermissionPassword":{"type":"string","value":"owner"},"Changes":{"type":"long","value":"0"}}')
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                        "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=180)
    pdf = out_dir / (source.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice wrote no PDF for {source}")
    return pdf


def figures_of(document: SampleDocument) -> Iterable[tuple[str, str]]:
    """Every non-empty printed figure of every table body: (table title, text) — what a reader must find."""
    for table in document.tables:
        for row in table.body:
            for value in row:
                text = value.replace(",", "").rstrip("%")
                if text and text.replace(".", "", 1).lstrip("-").isdigit():
                    yield table.title, value
