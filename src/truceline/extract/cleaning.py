"""Cleaning: blank out the cruft agency pages carry around the story, keeping every offset in place.

Removed lines are replaced by spaces of the same length, so character offsets into the cleaned text are
offsets into the document. What counts as cruft (seen in agency copy): photo credits (``© Sputnik/ ...``)
and the caption lines beside them, share counters (``0 113 0 0``), "All news"/"Updated at:" chrome,
section labels, editor signatures (``Qabas/ H. Said``), and "Check Also"/"Read also" blocks to the end.
"""

from __future__ import annotations

import re

SECTION_LABELS = frozenset({
    "middle east", "world", "politics", "military & defense", "military", "defense", "news", "top news",
    "opinion", "analysis", "society", "economy", "business", "russia", "international", "world news",
    "latest news", "breaking news", "in brief", "region", "local", "syria news",
})
_CHROME = re.compile(r"^\s*(all news|updated at:.*|published at:\s*|share|tweet|print|e-?mail|comments?)\s*$", re.I)
_TAIL_BLOCK = re.compile(r"^\s*(check also|read also|see also|related( news| articles| stories)?|more on this"
                         r"( topic)?|most read|recommended)\s*:?\s*$", re.I)
_CREDIT = re.compile(r"^\s*(©|\(c\)\s|photo\s*(credit)?\s*:|photo:|image:|picture:|(AP|AFP|Reuters|EPA|TASS|"
                     r"Sputnik|SANA)\s+photo\b)", re.I)
_COUNTER = re.compile(r"^\s*\d+(\s+\d+){2,}\s*$")
_SIGNATURE = re.compile(r"^\s*[A-Z][\w.'-]{1,20}\s?/\s?[A-Z][\w.]*\.?(\s[A-Z][\w.'-]+){0,3}\s*$")
_SPACES = str.maketrans({c: " " for c in "\xa0\u2007\u2009\u202f\u200a\u2002\u2003\t"})
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def clean(text: str) -> str:
    """The text with cruft lines replaced by spaces (newlines kept) and odd spaces (no-break, thin, tab)
    made plain: same length, same offsets."""
    lines = text.translate(_SPACES).split("\n")
    drop = [False] * len(lines)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _TAIL_BLOCK.match(stripped):
            for j in range(i, len(lines)):
                drop[j] = True
            break
        if (_CHROME.match(stripped) or _COUNTER.match(stripped) or _SIGNATURE.match(stripped)
                or stripped.lower() in SECTION_LABELS):
            drop[i] = True
        elif _CREDIT.match(stripped):
            drop[i] = True
            _drop_captions(lines, drop, i)
    return "\n".join(" " * len(line) if gone else line for line, gone in zip(lines, drop, strict=True))


def _drop_captions(lines: list[str], drop: list[bool], credit: int) -> None:
    """A caption is the sentence-case line without a full stop before a credit (skipping one headline);
    a Title Case line right after the credit is a link to another story."""
    skipped_headline = False
    for j in range(credit - 1, max(-1, credit - 6), -1):
        line = lines[j].strip()
        if not line or drop[j]:
            continue
        if is_headline(line) and not skipped_headline:
            skipped_headline = True
            continue
        if _is_caption(line):
            drop[j] = True
        break
    for j in range(credit + 1, min(len(lines), credit + 4)):
        line = lines[j].strip()
        if not line:
            continue
        if is_headline(line) and not line.endswith("."):
            drop[j] = True
        break


def is_headline(line: str) -> bool:
    """Title Case: most words of four letters or more start with a capital."""
    words = [w for w in _WORD.findall(line) if len(w) >= 4]
    if not words or line.endswith((".", '"', "”")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _is_caption(line: str) -> bool:
    return not line.endswith((".", '"', "”", ":")) and len(_WORD.findall(line)) <= 40
