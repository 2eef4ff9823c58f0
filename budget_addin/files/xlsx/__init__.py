"""The parts of an .xlsx/.xlsm package the headless writer makes, one module a part (as XlsxWriter keeps them).

base (namespaces, types, serialising), styles, worksheet, drawings, charts, relationships, and
workbook (the package edit: :func:`~budget_addin.files.xlsx.workbook.write_sheets`).
"""
