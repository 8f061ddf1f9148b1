"""docs/access.md shows exactly the table in policy.py."""

from __future__ import annotations

from pathlib import Path

from truceline.accounts.policy import matrix_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_access_doc_matrix_equals_the_policy():
    text = DOC.read_text(encoding="utf-8")
    shown = text.split("<!-- matrix:start -->", 1)[1].split("<!-- matrix:end -->", 1)[0].strip()
    assert shown == matrix_markdown(), "regenerate the matrix in docs/access.md from policy.matrix_markdown()"
