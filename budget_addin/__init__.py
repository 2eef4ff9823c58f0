"""budget_addin: 部门预算公开 workbook engine (schema, calc, checks, summaries).

The core never imports xlwings; only ``udfs`` and ``ribbon`` do.
"""

__version__ = "0.1.0"
