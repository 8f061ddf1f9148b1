"""Reading: bytes from a file, an e-mail or a web page into a ``SourceDocument`` of plain text.

``read_bytes`` is the pure core (any source can hand it bytes: a file, a feed item, an HTTP push);
``read_path`` is the file adapter. Every failure is an ``ExtractionError`` with its own code, raised before
anything else happens, so a batch can report it and go on.
"""

from __future__ import annotations

import email
import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from truceline.errors import (
    BinaryDocument,
    DocumentTooLarge,
    EmptyDocument,
    FeedAsDocument,
    UndecodableDocument,
    UnreadableDocument,
)
from truceline.extract.models import SourceDocument

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000  # what the language model reads at once (spaCy's own limit)
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
EML_SUFFIXES = {".eml"}
_MAGIC = {b"%PDF": "PDF", b"\x89PNG": "PNG image", b"GIF8": "GIF image", b"\xff\xd8\xff": "JPEG image",
          b"PK\x03\x04": "ZIP archive", b"\x1f\x8b": "gzip archive", b"\x7fELF": "executable"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_FEED_SNIFF = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*"
                         rb"<(?:rss|feed|rdf:RDF)\b", re.I | re.S)
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<!--)", re.I)
_EML_SNIFF = re.compile(rb"^(?:[A-Za-z-]+: .*\r?\n)*(?:From|Subject|Date|Message-ID): ", re.I)


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, reference_date: date | None = None) -> SourceDocument:
    """Read one file; its modification time is the reference date unless one is given or the file has one."""
    try:
        if path.is_dir():
            raise UnreadableDocument(f"{path} is a directory, not a document")
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentTooLarge(f"{path} is {size:,} bytes, over the limit of {max_bytes:,}")
        data = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
    except FileNotFoundError:
        raise UnreadableDocument(f"{path} does not exist") from None
    except OSError as err:
        raise UnreadableDocument(f"cannot read {path}: {err.strerror}") from None
    return read_bytes(data, source=str(path), suffix=path.suffix.lower(), max_bytes=max_bytes,
                      reference_date=reference_date, fallback_date=mtime)


def read_bytes(data: bytes, *, source: str, suffix: str = "", max_bytes: int = DEFAULT_MAX_BYTES,
               reference_date: date | None = None, fallback_date: date | None = None,
               metadata_date: date | None = None, max_chars: int = MAX_TEXT_CHARS) -> SourceDocument:
    """Decode and unwrap ``data``: plain text, HTML (main text only) or an RFC 5322 e-mail.
    ``metadata_date``: a publication date the caller knows (a feed entry's, a push's); the container's own
    (e-mail Date, HTML meta) wins. A date in ``source`` when it is a URL (``/2017/02/13/``) gives a dateline
    without a year its year when nothing closer does."""
    if len(data) > max_bytes:
        raise DocumentTooLarge(f"{source} is {len(data):,} bytes, over the limit of {max_bytes:,}")
    if not data.strip():
        raise EmptyDocument(f"{source} is empty")
    _refuse_binary(data, source)
    if _FEED_SNIFF.match(data[:4096]):
        raise FeedAsDocument(f"{source} is an RSS or Atom feed, not one document: register its URL with "
                             "`truceline ingest feed-add` so that each entry is read as a document")
    digest = hashlib.sha256(data).hexdigest()
    title = author = None
    if suffix in EML_SUFFIXES or (suffix not in HTML_SUFFIXES and _EML_SNIFF.match(data[:4096])):
        kind, text, meta_date = "eml", *_read_email(data, source)
        title, author = _email_headers(data)
    else:
        raw = decode(data, source=source)
        if suffix in HTML_SUFFIXES or _HTML_SNIFF.match(data[:512]):
            kind, (text, meta_date) = "html", html_main_text(raw)
            title = text.split("\n", 1)[0].strip()[:500] or None
        else:
            kind, text, meta_date = "text", raw, None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(f"{source} has no text once its markup is removed")
    if len(text) > max_chars:
        raise DocumentTooLarge(f"{source} has {len(text):,} characters of text, over the {max_chars:,} that are "
                               "extracted at once: split it into documents")
    meta_date = meta_date or metadata_date
    return SourceDocument(source=source, text=text, kind=kind, content_hash=digest, metadata_date=meta_date,
                          reference_date=reference_date or meta_date or url_date(source) or fallback_date,
                          title=title, author=author)


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([/-])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def url_date(source: str) -> date | None:
    """The date a URL carries in its path (``/2017/02/13/``, ``2017-02-13``; ``/2017/02/`` as the month's
    last day, a bound for inferring a year); None for a file path or a URL without one."""
    if "://" not in source:
        return None
    path = source.split("://", 1)[1].partition("/")[2]
    if m := _URL_DATE.search(path):
        try:
            return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            return None
    if m := _URL_MONTH.search("/" + path):
        year, month = int(m.group(1)), int(m.group(2))
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return None


def _email_headers(data: bytes) -> tuple[str | None, str | None]:
    """An e-mail's Subject and From (display name and address as written)."""
    msg = email.message_from_bytes(data, policy=policy.default)
    subject, sender = str(msg["Subject"] or "").strip(), str(msg["From"] or "").strip()
    return subject[:500] or None, sender[:300] or None


# single-byte encodings that field messages and old mail still come in, tried when the detector's guess
# reads as implausible text (detectors need a few sentences; an SMS-length message is too short for them)
LEGACY_ENCODINGS = ("cp1252", "cp1256", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "koi8-r")
PLAUSIBLE = 0.98


def decode(data: bytes, *, source: str) -> str:
    """UTF-8 (with or without BOM) first; otherwise the encoding charset-normalizer finds most plausible,
    unless its reading is not plausible text (``plausibility``) and a common single-byte encoding's is."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    sample = data[:20_000]
    guessed = best.encoding if best is not None else None
    if guessed is not None and plausibility(sample.decode(guessed, errors="replace")) >= PLAUSIBLE:
        return data.decode(guessed, errors="replace")
    scored = []
    for rank, encoding in enumerate(([guessed] if guessed else []) + list(LEGACY_ENCODINGS)):
        try:
            scored.append((plausibility(sample.decode(encoding)), -rank, encoding))
        except UnicodeDecodeError:
            continue
    if not scored:
        raise UndecodableDocument(f"{source}: no text encoding fits its bytes")
    return data.decode(max(scored)[2], errors="replace")


_WORD = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250:
        return "latin"
    if 0x370 <= o < 0x400:
        return "greek"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    if 0x590 <= o < 0x600:
        return "hebrew"
    if 0x600 <= o < 0x700 or 0x750 <= o < 0x780:
        return "arabic"
    return "other"  # CJK, half-width forms, presentation forms: what a wrong guess produces


def plausibility(text: str) -> float:
    """The share of letters that sit in plausible words: one script per word, in cased scripts lower case,
    upper case or a capital first, and Latin words with accents on at most half their letters (a wrong
    single-byte guess mixes scripts or cases inside words, accents every letter, or turns letters into
    CJK and presentation forms); 1.0 for text without letters."""
    total = good = 0
    for word in _WORD.findall(text):
        total += len(word)
        scripts = {_script(c) for c in word}
        if len(scripts) != 1 or "other" in scripts:
            continue
        if scripts == {"latin"} and len(word) > 1 and sum(not c.isascii() for c in word) * 2 > len(word):
            continue  # Latin with accents on most letters: another script's bytes read as Latin-1
        cased = any(c.isupper() or c.islower() for c in word)  # Arabic and Hebrew are not
        if not cased or word.islower() or word.isupper() or word[0].isupper() and word[1:].islower():
            good += len(word)
    return good / total if total else 1.0


def html_main_text(html: str) -> tuple[str, date | None]:
    """The main text of a page (trafilatura), without navigation, scripts and comments; and its date."""
    import trafilatura

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=True)
    text, when = "", None
    if result is not None and not isinstance(result, dict):
        text = (result.text or "").strip()
        title = (result.title or "").strip()
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}" if text else title
        when = _parse_iso_date(result.date)
    return text, when


def _read_email(data: bytes, source: str) -> tuple[str, date | None]:
    msg = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(msg, EmailMessage):  # pragma: no cover - the default policy always gives one
        raise UnreadableDocument(f"{source} is not an e-mail message")
    when = None
    if msg["Date"]:
        try:
            when = parsedate_to_datetime(str(msg["Date"])).date()
        except (TypeError, ValueError):
            when = None
    part = msg.get_body(preferencelist=("plain", "html"))
    body = ""
    if part is not None:
        try:
            body = part.get_content()
        except (LookupError, UnicodeError):
            payload = part.get_payload(decode=True)
            body = decode(payload if isinstance(payload, bytes) else b"", source=source)
        if part.get_content_subtype() == "html":
            body, html_date = html_main_text(body)
            when = when or html_date
    subject = str(msg["Subject"] or "").strip()
    text = f"{subject}\n\n{body.strip()}" if subject else body.strip()
    return text, when


def _refuse_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryDocument(f"{source} is a {what}, not text")
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return  # UTF-16 text has NUL bytes
    if b"\x00" in head:
        raise BinaryDocument(f"{source} contains NUL bytes: binary, not text")
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > len(head) * 0.05:
        raise BinaryDocument(f"{source} is mostly control bytes: binary, not text")


def _parse_iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
