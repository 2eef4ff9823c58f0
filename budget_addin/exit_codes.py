"""The exit codes of ``budget-addin``: distinct, documented, relied on by scripts and CI.

======  =================  ==========================================================
code    name               meaning
======  =================  ==========================================================
0       EXIT_OK            checked; no error findings
1       EXIT_FINDINGS      checked; at least one error finding
2       EXIT_UNREADABLE    an input could not be read, or the command was refused
                           (output would overwrite an input, wrong extension, limit)
3       EXIT_NOTHING       nothing to check (empty folder, blank workbook, folder whose
                           workbooks sit only in subfolders)
4       EXIT_INTERNAL      internal error (a bug): a one-line message and the path of the
                           log file holding the details; never a traceback on the screen
======  =================  ==========================================================

A batch exits with the worst code of its files, worst first: 4, 2, 1, 3, 0.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
EXIT_NOTHING = 3
EXIT_INTERNAL = 4

MEANINGS = {
    EXIT_OK: "校验完成，无错误",
    EXIT_FINDINGS: "校验完成，有错误",
    EXIT_UNREADABLE: "输入无法读取或命令被拒绝",
    EXIT_NOTHING: "没有可校验的内容",
    EXIT_INTERNAL: "程序内部错误，详情见日志",
}
NAMES = {EXIT_OK: "EXIT_OK", EXIT_FINDINGS: "EXIT_FINDINGS", EXIT_UNREADABLE: "EXIT_UNREADABLE",
         EXIT_NOTHING: "EXIT_NOTHING", EXIT_INTERNAL: "EXIT_INTERNAL"}
_RANK = (EXIT_OK, EXIT_NOTHING, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL)


def worst(codes: Iterable[int]) -> int:
    """The worst of several exit codes (4 > 2 > 1 > 3 > 0); ``EXIT_OK`` for none."""
    return max(codes, key=_RANK.index, default=EXIT_OK)


def help_text() -> str:
    """The exit codes as printed by ``--help``."""
    return "退出码 / exit codes:\n" + "\n".join(
        f"  {code}  {MEANINGS[code]}（{NAMES[code]}）" for code in sorted(MEANINGS)
    )


def log_path() -> Path:
    """Where internal errors are logged: ``BUDGET_ADDIN_LOG``, else ``budget-addin.log`` in the temp folder."""
    configured = os.environ.get("BUDGET_ADDIN_LOG")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "budget-addin.log"


def setup_log() -> None:
    """Send the package's errors (with their tracebacks) to :func:`log_path`, never to the screen."""
    logger = logging.getLogger("budget_addin")
    if any(getattr(h, "_budget_addin", False) for h in logger.handlers):
        return
    try:
        handler: logging.Handler = logging.FileHandler(log_path(), encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler._budget_addin = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR)
    logger.propagate = False


def internal_error(exc: BaseException) -> str:
    """Log an unexpected exception with its traceback; the one-line Chinese message for the user."""
    logging.getLogger("budget_addin").error("internal error", exc_info=exc)
    return f"程序内部错误（{type(exc).__name__}），这是程序缺陷而非文件问题；详情已写入日志 {log_path()}"


__all__ = [
    "EXIT_OK",
    "EXIT_FINDINGS",
    "EXIT_UNREADABLE",
    "EXIT_NOTHING",
    "EXIT_INTERNAL",
    "MEANINGS",
    "worst",
    "help_text",
    "log_path",
    "setup_log",
    "internal_error",
]
