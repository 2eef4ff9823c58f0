"""Where each figure of the invented disclosures (tests/published_samples.py) belongs in the template,
worked out from the samples' own item figures, and a score of an import against it.

A placed value is *right* when the template cell it went to is the cell the sample's figure belongs
in and holds that figure; it is *misplaced* otherwise (a figure in a cell it does not belong in, or
a wrong value). Run as a script to print the score of every sample in every rendered form.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import published_samples as ps  # noqa: E402

from budget_addin.files.importer.run import ImportResult, import_sources  # noqa: E402

D = Decimal
CellId = tuple[str, str, str]  # table key, row (form row key, class code or name, procurement item), column


def _class_cells(table: str, rows: list[tuple[str, str, Decimal, Decimal]]) -> dict[CellId, Decimal]:
    cells: dict[CellId, Decimal] = {}
    for code, _name, basic, project in rows:
        cells[(table, code, "total")] = basic + project
        cells[(table, code, "basic")] = basic
        cells[(table, code, "project")] = project
    return cells


def jiangsu_cells() -> dict[CellId, Decimal]:
    """jiangsu_2021: every printed figure that has a template cell, by that cell."""
    basic, project = ps.basic_total(), ps.project_total()
    total = basic + project
    income = sum((v for v in ps.INCOME.values() if v is not None), D(0))
    cells: dict[CellId, Decimal] = {}
    summary = {"gp_appropriation": ps.INCOME["一般公共预算拨款"], "other_income": ps.INCOME["其他收入"],
               "income_this_year": income, "carryover": ps.CARRIED, "income_total": income + ps.CARRIED,
               "basic": basic, "project": project, "expenditure_this_year": total, "expenditure_total": total}
    cells.update({("summary_table", k, "amount"): v for k, v in summary.items()})
    for code, name, b, p in ps._function_rows(general=False):
        if len(code) == 3:
            cells[("expenditure_table", name, "total")] = b + p
    cells.update({("expenditure_table", "合计", "total"): total, ("expenditure_table", "合计", "basic"): basic,
                  ("expenditure_table", "合计", "project"): project})
    cells.update(
        {
            ("income_table", "合计", "gp"): ps.INCOME["一般公共预算拨款"],
            ("income_table", "合计", "other"): ps.INCOME["其他收入"],
            ("income_table", "合计", "carryover"): ps.CARRIED,
            ("income_table", "合计", "total"): income + ps.CARRIED,
        }
    )
    general = ps._function_rows(general=True)
    cells.update(_class_cells("gp_expenditure_table", general))
    tops = [r for r in general if len(r[0]) == 3]
    cells.update(_class_cells("gp_expenditure_table", [("合计", "", sum((b for _c, _n, b, _p in tops), D(0)),
                                                                        sum((p for _c, _n, _b, p in tops), D(0)))]))
    staff = public = D(0)
    for head, _name in ps.ECONOMIC_CLASSES.items():
        parts = [(c, v) for c, _n, v in ps.ECONOMIC if c.startswith(head)]
        column = "public" if head == "302" else "personnel"
        for code, value in [(head, sum((v for _c, v in parts), D(0))), *parts]:
            cells[("gp_basic_table", code, "total")] = cells[("gp_basic_table", code, column)] = value
        if head == "302":
            public += sum((v for _c, v in parts), D(0))
        else:
            staff += sum((v for _c, v in parts), D(0))
    cells.update({("gp_basic_table", "合计", "total"): staff + public, ("gp_basic_table", "合计", "personnel"): staff,
                  ("gp_basic_table", "合计", "public"): public})
    three = ps.THREE_PUBLIC
    cells.update(
        {
            ("gp_three_public_table", "abroad", "amount"): three["因公出国（境）费"],
            ("gp_three_public_table", "vehicles", "amount"): three["公务用车购置费"] + three["公务用车运行维护费"],
            ("gp_three_public_table", "vehicle_purchase", "amount"): three["公务用车购置费"],
            ("gp_three_public_table", "vehicle_operation", "amount"): three["公务用车运行维护费"],
            ("gp_three_public_table", "reception", "amount"): three["公务接待费"],
            ("office_costs", "meeting", "amount"): three["会议费"],
            ("office_costs", "training", "amount"): three["培训费"],
        }
    )
    for item, quantity, amount in (("台式计算机", 10, "6.00"), ("复印机", 2, "4.00"), ("舞台灯光设备", 1, "12.00"),
                                   ("文艺演出服务", 1, "30.00")):
        cells[("procurement", item, "quantity")] = D(quantity)
        cells[("procurement", item, "amount")] = D(amount)
    return cells


def shanghai_cells() -> dict[CellId, Decimal]:
    """shanghai_2024: the function table (printed in 元, placed in 万元) and the 财政拨款 三公 table."""
    cells = _class_cells("gp_expenditure_table", ps._function_rows(general=True))
    three, prior = ps.THREE_PUBLIC, ps.THREE_PUBLIC_PRIOR
    for column, source in (("amount", three), ("prior", prior)):
        car = source["公务用车购置费"] + source["公务用车运行维护费"]
        rows = {"total": source["因公出国（境）费"] + car + source["公务接待费"], "abroad": source["因公出国（境）费"],
                "vehicles": car, "vehicle_purchase": source["公务用车购置费"],
                "vehicle_operation": source["公务用车运行维护费"], "reception": source["公务接待费"]}
        cells.update({("three_public", row, column): value for row, value in rows.items()})
    return cells


SAMPLES = {"jiangsu_2021": jiangsu_cells, "shanghai_2024": shanghai_cells,
           "final_accounts_2022": dict}  # a 决算 table has no place in a budget template


@dataclass
class Score:
    """An import of one rendered sample measured against where its figures belong."""

    printed: int
    belonging: int = 0  # printed figures that have a cell in the template
    placed: int = 0
    right: int = 0
    misplaced: list[str] = field(default_factory=list)
    not_placed: int = 0
    without_reason: int = 0

    def line(self) -> str:
        return (
            f"printed {self.printed} (with a template cell {self.belonging}), placed {self.placed} (right "
            f"{self.right}, misplaced {len(self.misplaced)}), "
            f"not placed {self.not_placed} (without a reason {self.without_reason})"
        )


CODE_HEADERS = ("类", "款", "项", "科目编码", "功能分类科目编码")


def printed_amounts(document: ps.SampleDocument) -> int:
    """The figures printed in the tables' bodies, code columns (207 | 01 | 01) left out."""
    count = 0
    for table in document.tables:
        placed, _height = ps._grid(table)
        leaves: dict[int, str] = {}
        for _r, c, head in placed:  # the lowest header over each column names it
            for col in range(c, c + head.cols):
                leaves[col] = head.text
        for row in table.body:
            for col, value in enumerate(row):
                text = value.replace(",", "").rstrip("%")
                if leaves.get(col) not in CODE_HEADERS and text and text.replace(".", "", 1).lstrip("-").isdigit():
                    count += 1
    return count


def _row_id(result: ImportResult, table: str, row: str | int) -> str:
    if isinstance(row, str):
        return row
    record = result.data[table][row]
    if table == "procurement":
        return str(record.get("item") or record.get("project") or "")
    return str(record.get("code") or record.get("name") or "")


def score(name: str, result: ImportResult) -> Score:
    """The score of ``result``, an import of the sample ``name`` (a key of :data:`SAMPLES`)."""
    expected = SAMPLES[name]()
    document = getattr(ps, name)()
    found = Score(printed=printed_amounts(document), belonging=len(expected))
    for (table, row, col), where in result.placer.sources.items():
        if table in ("department", "narrative"):
            continue
        value = result.data[table][row][col]
        if not isinstance(value, Decimal):
            continue
        found.placed += 1
        cell = (table, _row_id(result, table, row), col)
        if cell in expected and expected[cell] == value:
            found.right += 1
        else:
            found.misplaced.append(f"{where} → {cell} = {value} (belongs: {expected.get(cell)})")
    found.not_placed = len(result.placer.unplaced)
    found.without_reason = sum(1 for u in result.placer.unplaced if not u.reason)
    return found


def render(name: str, form: str, folder: Path) -> Path:
    """The sample ``name`` rendered as ``form`` (xlsx, xlsx-one-sheet, docx, html or pdf) into ``folder``."""
    document = getattr(ps, name)()
    if form == "docx":
        return ps.to_docx(document, folder / f"{name}.docx")
    if form == "pdf":  # rendered from the Word file by LibreOffice, as offices publish
        return ps.to_pdf(ps.to_docx(document, folder / f"{name}-pdf.docx"))
    if form == "html":
        return ps.to_html(document, folder / f"{name}.html")
    return ps.to_xlsx(document, folder / f"{name}-{form}.xlsx", one_sheet=form == "xlsx-one-sheet")


FORMS = ("xlsx", "xlsx-one-sheet", "docx", "html", "pdf")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name in SAMPLES:
            for form in FORMS:
                result = import_sources([render(name, form, Path(folder))])
                measured = score(name, result)
                print(f"{name} .{form}: {measured.line()}")
                for entry in measured.misplaced:
                    print(f"    misplaced: {entry}")


if __name__ == "__main__":
    main()
