"""Reading a person list from CSV.

Columns (a header line is required; any order; only ``id`` and ``full_name`` must be present)::

    id,full_name,given_name,father_name,grandfather_name,family_name,birth_year,place_of_origin,notes

and, optionally (``EXTRA_COLUMNS``), ``event_date`` and ``event_place``: when and where the person was
detained, abducted, last seen or died, by the list's kind; ``nisba``: a nisba or laqab written apart from
the family name (al-Halabi, Abu Ali); ``birth_date``: the date of birth when more than the year is known.
A date is YYYY, YYYY-MM or YYYY-MM-DD; a ``birth_date`` gives the ``birth_year`` when that is empty, and
the two must agree when both are given.

Encodings: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when the NUL pattern shows it) and
Windows-1256 (Arabic Windows exports) are recognised; a file whose lines are partly UTF-8 and partly
something else is refused as mixed.

Policy: **a list with any error is refused whole**. A person list is a party's formal submission; a
shortened list that silently drops the rows with problems would make people disappear from matching.
Every problem is reported at once, with its line number and code, so the sender fixes them in one pass.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime

from truceline.errors import (
    DuplicatePersonId,
    InvalidBirthYear,
    InvalidEventDate,
    MalformedPersonRow,
    MissingPersonField,
    PersonListColumns,
    PersonListEncoding,
    PersonListError,
)
from truceline.persons.models import ListKind, PersonList, PersonRecord

COLUMNS = ("id", "full_name", "given_name", "father_name", "grandfather_name", "family_name", "birth_year",
           "place_of_origin", "notes")
EXTRA_COLUMNS = ("event_date", "event_place", "nisba", "birth_date")  # optional, beyond the nine of the format
ALL_COLUMNS = COLUMNS + EXTRA_COLUMNS
REQUIRED = ("id", "full_name")
EVENT_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MIN_BIRTH_YEAR = 1900
MAX_DETAILS = 200
BOM_UTF8 = b"\xef\xbb\xbf"


def decode_list_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """The text of a list file and the encoding it was read with; ``PersonListEncoding`` when the bytes
    cannot be read as one encoding."""
    if encoding is not None:
        return _decode(data, encoding), encoding
    if data.startswith(BOM_UTF8):
        return _decode(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        head = data[:4096]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if max(odd, even) > len(head) // 4:
            enc = "utf-16-le" if odd > even else "utf-16-be"
            return _decode(data, enc), enc
        raise PersonListEncoding("the file contains NUL bytes: it is not a text CSV file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    good, bad = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good.append(number)
        except UnicodeDecodeError:
            bad.append(number)
    if good and bad:
        raise PersonListEncoding(
            f"mixed encodings: line(s) {_some(good)} are UTF-8 but line(s) {_some(bad)} are not; "
            "save the whole file in one encoding (UTF-8)",
            details=[{"line": n, "code": PersonListEncoding.code, "message": "not UTF-8"} for n in bad[:MAX_DETAILS]])
    return _decode(data, "cp1256"), "cp1256"


def _some(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:5])) + (" ..." if len(numbers) > 5 else "")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1 if not encoding.startswith("utf-16") else None
        where = f" at line {line}" if line else f" at byte {err.start}"
        raise PersonListEncoding(f"cannot decode the file as {encoding}{where}: {err.reason}") from None
    except LookupError:
        raise PersonListEncoding(f"unknown encoding '{encoding}'") from None


def parse_birth_year(value: str, *, this_year: int) -> int | None:
    """A four-digit year (Arabic-Indic digits accepted) between 1900 and this year; ``None`` when empty."""
    value = value.strip()
    if not value:
        return None
    if not (len(value) == 4 and value.isdecimal()):
        raise ValueError(f"birth_year '{value}' is not a four-digit year")
    year = int(value)
    if not MIN_BIRTH_YEAR <= year <= this_year:
        raise ValueError(f"birth_year {year} is outside {MIN_BIRTH_YEAR}–{this_year}")
    return year


def parse_event_date(value: str, *, this_year: int, column: str = "event_date") -> str:
    """A date of detention, disappearance or death (or of birth): YYYY, YYYY-MM or YYYY-MM-DD, a real date
    between 1900 and this year; "" when empty. Kept as written (a partial date stays partial)."""
    value = value.strip()
    if not value:
        return ""
    match = EVENT_DATE.match(value)
    if match is None:
        raise ValueError(f"{column} '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year or 0, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"{column} '{value}' is not a real date") from None
    if not MIN_BIRTH_YEAR <= (year or 0) <= this_year:
        raise ValueError(f"{column} {value} is outside {MIN_BIRTH_YEAR}–{this_year}")
    return value


def parse_birth(year_text: str, date_text: str, *, this_year: int) -> tuple[int | None, str]:
    """The birth year and date of a record: the year from ``birth_date`` when ``birth_year`` is empty; the
    two must agree when both are given (``ValueError`` otherwise)."""
    year = parse_birth_year(year_text, this_year=this_year)
    born = parse_event_date(date_text, this_year=this_year, column="birth_date")
    if born:
        if year is not None and year != int(born[:4]):
            raise ValueError(f"birth_year {year} and birth_date {born} disagree")
        year = int(born[:4])
    return year, born


def read_person_list(data: bytes, *, kind: ListKind = ListKind.missing, source: str = "", party: str = "",
                     encoding: str | None = None, this_year: int | None = None) -> PersonList:
    """Parse a whole CSV person list from bytes; raise a ``PersonListError`` (all problems in ``details``)
    if anything is wrong, so that a list is either read completely or not at all."""
    text, _ = decode_list_bytes(data, encoding=encoding)
    year = this_year or datetime.now(UTC).year
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise MalformedPersonRow(f"line 1: {err}") from None
    if header is None or not any(h.strip() for h in header):
        raise PersonListColumns("the file is empty: expected a header line with the columns " + ",".join(COLUMNS))
    index = _check_header(header)
    records: list[PersonRecord] = []
    problems: list[tuple[int, type[PersonListError], str]] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            rid = unicodedata.normalize("NFC", row[index["id"]]).strip() if len(row) > index["id"] else ""
            if rid in seen:
                problems.append((line, DuplicatePersonId, f"id '{rid}' is already used on line {seen[rid]}"))
                continue
            if rid:
                seen[rid] = line
            record = _row(row, index, line=line, kind=kind, this_year=year, problems=problems)
            if record is not None:
                records.append(record)
    except csv.Error as err:
        problems.append((reader.line_num, MalformedPersonRow, str(err)))
    if problems:
        raise _refusal(problems, source=source)
    return PersonList(kind=kind, records=tuple(records), party=party, source=source)


def records_from_rows(rows: Iterable[dict[str, str | int | None]], *, kind: ListKind = ListKind.missing,
                      source: str = "", this_year: int | None = None) -> tuple[PersonRecord, ...]:
    """Records given as mappings of the CSV column names (the JSON form of a list), checked by the same
    rules as a CSV file and refused whole in the same way; problems are numbered by record (from 1)."""
    year = this_year or datetime.now(UTC).year
    index = {name: i for i, name in enumerate(ALL_COLUMNS)}
    records: list[PersonRecord] = []
    problems: list[tuple[int, type[PersonListError], str]] = []
    seen: dict[str, int] = {}
    for number, mapping in enumerate(rows, start=1):
        unknown = sorted(set(mapping) - set(ALL_COLUMNS))
        if unknown:
            problems.append((number, PersonListColumns, f"unknown field(s) {', '.join(unknown)}"))
            continue
        row = ["" if mapping.get(c) is None else str(mapping.get(c)) for c in ALL_COLUMNS]
        rid = unicodedata.normalize("NFC", row[0]).strip()
        if rid and rid in seen:
            problems.append((number, DuplicatePersonId, f"id '{rid}' is already used by record {seen[rid]}"))
            continue
        if rid:
            seen[rid] = number
        record = _row(row, index, line=number, kind=kind, this_year=year, problems=problems)
        if record is not None:
            records.append(record)
    if problems:
        raise _refusal(problems, source=source, unit="record")
    return tuple(records)


def _check_header(header: list[str]) -> dict[str, int]:
    names = [unicodedata.normalize("NFC", h).strip().lower().lstrip("\ufeff") for h in header]
    unknown = [n for n in names if n not in ALL_COLUMNS]
    if unknown:
        raise PersonListColumns(f"unknown column(s) {', '.join(repr(n) for n in unknown)}; the columns are "
                                + ",".join(COLUMNS) + " (and optionally " + ",".join(EXTRA_COLUMNS) + ")")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise PersonListColumns(f"column(s) {', '.join(repeated)} appear more than once in the header")
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise PersonListColumns(f"missing required column(s) {', '.join(missing)}; the header is "
                                + ",".join(names))
    return {n: i for i, n in enumerate(names)}


def _row(row: list[str], index: dict[str, int], *, line: int, kind: ListKind, this_year: int,
         problems: list[tuple[int, type[PersonListError], str]]) -> PersonRecord | None:
    if len(row) != len(index):
        problems.append((line, MalformedPersonRow, f"{len(row)} fields where the header has {len(index)}"))
        return None
    cells = {name: unicodedata.normalize("NFC", row[i]).strip() for name, i in index.items()}
    empty = [c for c in REQUIRED if not cells[c]]
    if empty:
        problems.append((line, MissingPersonField, f"empty required field(s) {', '.join(empty)}"))
        return None
    try:
        birth_year, birth_date = parse_birth(cells.get("birth_year", ""), cells.get("birth_date", ""),
                                             this_year=this_year)
    except ValueError as err:
        problems.append((line, InvalidBirthYear, str(err)))
        return None
    try:
        event_date = parse_event_date(cells.get("event_date", ""), this_year=this_year)
    except ValueError as err:
        problems.append((line, InvalidEventDate, str(err)))
        return None
    return PersonRecord(id=cells["id"], full_name=cells["full_name"], given_name=cells.get("given_name", ""),
                        father_name=cells.get("father_name", ""), grandfather_name=cells.get("grandfather_name", ""),
                        family_name=cells.get("family_name", ""), nisba=cells.get("nisba", ""),
                        birth_year=birth_year, birth_date=birth_date,
                        place_of_origin=cells.get("place_of_origin", ""), notes=cells.get("notes", ""), kind=kind,
                        event_date=event_date, event_place=cells.get("event_place", ""))


def _refusal(problems: Iterable[tuple[int, type[PersonListError], str]], *, source: str,
             unit: str = "line") -> PersonListError:
    problems = list(problems)
    kinds = {cls for _, cls, _ in problems}
    cls = kinds.pop() if len(kinds) == 1 else PersonListError
    line, _, message = problems[0]
    name = f"{source}: " if source else ""
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    details = [{unit: ln, "code": c.code, "message": m} for ln, c, m in problems[:MAX_DETAILS]]
    return cls(f"{name}list refused: {unit} {line}: {message}{more}", details=details)
