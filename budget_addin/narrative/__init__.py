"""情况说明: written from the tables, and a published text checked against them.

- :func:`generate` → the paragraphs of sections 二、三、四、六、七; :func:`to_text`;
  :func:`budget_addin.narrative.docx_writer.write_docx` → a .docx for publication.
- :func:`extract` → every numeric statement of a text; :func:`link_and_judge` → each one linked
  to the table figure it states and judged with calc's interval arithmetic; :func:`render_for`
  → the listing of ``budget-addin claims``.
"""

from __future__ import annotations

from budget_addin.narrative.claims import (
    Check,
    Claim,
    JudgedClaim,
    extract,
    judge_text,
    link_and_judge,
    read_text_file,
    render,
    render_for,
)
from budget_addin.narrative.generate import ROUNDING_POLICY, Paragraph, generate, placeholders, to_text

__all__ = [
    "ROUNDING_POLICY", "Check", "Claim", "JudgedClaim", "Paragraph", "extract", "generate", "judge_text",
    "link_and_judge", "placeholders", "read_text_file", "render", "render_for", "to_text",
]
