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

from collections.abc import Iterable

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
    return "退出码 / exit codes:\n" + "\n".join(f"  {code}  {MEANINGS[code]}（{NAMES[code]}）" for code in sorted(MEANINGS))


__all__ = ["EXIT_OK", "EXIT_FINDINGS", "EXIT_UNREADABLE", "EXIT_NOTHING", "EXIT_INTERNAL", "MEANINGS", "worst", "help_text"]
