"""How much a workbook may unpack to before it is refused (zip bombs, giant sheets).

Every limit is a setting with a default far above a real disclosure (the seed
workbook unpacks to 0.26 MB in 40 parts, compression ratio at most 11). A setting can be raised for one
run through an environment variable, e.g. ``BUDGET_ADDIN_MAX_PART_MB=500``:

=============================  ==========  =================================================
environment variable           default     what it bounds
=============================  ==========  =================================================
BUDGET_ADDIN_MAX_FILE_MB       200         size of the file on disk
BUDGET_ADDIN_MAX_PART_MB       256         uncompressed size of one part (e.g. one sheet)
BUDGET_ADDIN_MAX_TOTAL_MB      512         uncompressed size of the whole package
BUDGET_ADDIN_MAX_RATIO         200         compression ratio of a part larger than 1 MB
BUDGET_ADDIN_MAX_PARTS         5000        number of parts in the package
BUDGET_ADDIN_MAX_ROWS          1048576     row number of a cell (Excel's own limit)
BUDGET_ADDIN_MAX_COLUMNS       16384       column number of a cell (Excel's own limit, XFD)
BUDGET_ADDIN_MAX_CELLS         5000000     filled cells (and shared strings) read from a workbook
=============================  ==========  =================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

MB = 1024 * 1024
RATIO_FLOOR = MB  # parts smaller than this are never judged by their compression ratio


@dataclass(frozen=True)
class Limits:
    """Bounds on reading one workbook; see the module docstring for the settings."""

    max_file_mb: int = 200
    max_part_mb: int = 256
    max_total_mb: int = 512
    max_ratio: int = 200
    max_parts: int = 5000
    max_rows: int = 1_048_576
    max_columns: int = 16_384
    max_cells: int = 5_000_000


LIMIT_NAMES = {
    "max_file_mb": "文件大小上限 {} MB",
    "max_part_mb": "单个部件解压后大小上限 {} MB",
    "max_total_mb": "整个文件解压后大小上限 {} MB",
    "max_ratio": "压缩比上限 {} 倍",
    "max_parts": "部件数量上限 {} 个",
    "max_rows": "行号上限 {}",
    "max_columns": "列号上限 {}",
    "max_cells": "单元格数量上限 {} 个",
}


def env_name(field_name: str) -> str:
    """``max_part_mb`` → ``BUDGET_ADDIN_MAX_PART_MB``."""
    return "BUDGET_ADDIN_" + field_name.upper()


def current() -> Limits:
    """The limits in force: defaults, each overridable by its environment variable (a positive integer)."""
    values: dict[str, int] = {}
    for item in fields(Limits):
        raw = os.environ.get(env_name(item.name), "").strip()
        if raw.isdigit() and int(raw) > 0:
            values[item.name] = int(raw)
    return Limits(**values)


def describe(name: str, limits: Limits) -> str:
    """A limit in Chinese with its value and how to raise it."""
    return f"{LIMIT_NAMES[name].format(getattr(limits, name))}（可用环境变量 {env_name(name)} 调整）"


__all__ = ["Limits", "LIMIT_NAMES", "MB", "RATIO_FLOOR", "current", "describe", "env_name"]
