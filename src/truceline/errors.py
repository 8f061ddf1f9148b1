"""The error tree.

Every error the domain raises carries a stable ``code``, an ``http_status`` and a ``user_message``.
The web layer maps them to one JSON shape in ``web/errors.py``; the CLI prints the same message and exits
non-zero. The domain never raises HTTP exceptions.

::

    TrucelineError (E000, 500)
    ├── InputError (E100, 422)               bad input the caller can fix
    │   ├── SchemaError (E101)               wrong shape or type (pydantic validation)
    │   ├── InvalidGeometry (E102)           not a valid Polygon/MultiPolygon/Point in WGS84
    │   ├── DatesOutOfOrder (E103)           an interval whose end is before its start
    │   ├── InvalidValue (E104)              a value outside its domain (e.g. bad key, bad status)
    │   ├── PostOutsideZone (E105)           a post that names a zone but lies outside it
    │   ├── InvalidTransition (E106)         a lifecycle step that is not allowed
    │   └── FileInputError (E107)            an import file that cannot be read (encoding, size, JSON)
    ├── NotFound (E200, 404)                 a record asked for by id or key does not exist
    │   └── UnknownReference (E201, 422)     an input names a record (party, zone...) that does not exist
    ├── Conflict (E300, 409)
    │   ├── DuplicateName (E301)             a key or name already taken in that register
    │   ├── StaleVersion (E302)              an update based on an old version of the record
    │   └── Locked (E303)                    another analyst holds the record's edit lock
    ├── Forbidden (E400, 403)                the caller may not do this
    └── ExtractionError (E700, 422)          text extraction: one document could not be taken in
        ├── UnreadableDocument (E701)        missing, unreadable, or a directory where a file was expected
        ├── BinaryDocument (E702)            bytes that are not text (NUL bytes, an image, an archive)
        ├── EmptyDocument (E703)             no text left after reading and cleaning
        ├── DocumentTooLarge (E704)          larger than the extraction size limit
        ├── UndecodableDocument (E705)       no text encoding fits the bytes
        ├── BadFixture (E706)                an evaluation fixture or its annotation is malformed
        └── PipelineConfigError (E707)       the pipeline config names an unknown component or bad option
"""

from __future__ import annotations

from typing import Any


class TrucelineError(Exception):
    code = "E000"
    http_status = 500
    title = "Internal error"

    def __init__(self, user_message: str, *, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.details = details or []

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": False,
            "status": self.http_status,
            "code": self.code,
            "error": self.user_message,
            "errors": self.details,
        }


class InputError(TrucelineError):
    code = "E100"
    http_status = 422
    title = "Invalid input"


class SchemaError(InputError):
    code = "E101"
    title = "Input does not match the schema"


class InvalidGeometry(InputError):
    code = "E102"
    title = "Invalid geometry"


class DatesOutOfOrder(InputError):
    code = "E103"
    title = "Dates out of order"


class InvalidValue(InputError):
    code = "E104"
    title = "Invalid value"


class PostOutsideZone(InputError):
    code = "E105"
    title = "Post outside its zone"


class InvalidTransition(InputError):
    code = "E106"
    title = "Transition not allowed"


class FileInputError(InputError):
    code = "E107"
    title = "Unreadable input file"


class NotFound(TrucelineError):
    code = "E200"
    http_status = 404
    title = "Not found"


class UnknownReference(NotFound):
    code = "E201"
    http_status = 422
    title = "Unknown reference"


class Conflict(TrucelineError):
    code = "E300"
    http_status = 409
    title = "Conflict"


class DuplicateName(Conflict):
    code = "E301"
    title = "Duplicate name"


class StaleVersion(Conflict):
    code = "E302"
    title = "Stale version"


class Locked(Conflict):
    code = "E303"
    title = "Locked"


class Forbidden(TrucelineError):
    code = "E400"
    http_status = 403
    title = "Forbidden"


# --- Text extraction (E700–E749) -------------------------------------------------------------------------


class ExtractionError(TrucelineError):
    code = "E700"
    http_status = 422
    title = "Document could not be extracted"


class UnreadableDocument(ExtractionError):
    code = "E701"
    title = "Unreadable document"


class BinaryDocument(ExtractionError):
    code = "E702"
    title = "Binary document"


class EmptyDocument(ExtractionError):
    code = "E703"
    title = "Empty document"


class DocumentTooLarge(ExtractionError):
    code = "E704"
    title = "Document too large"


class UndecodableDocument(ExtractionError):
    code = "E705"
    title = "Undecodable document"


class BadFixture(ExtractionError):
    code = "E706"
    title = "Malformed evaluation fixture"


class PipelineConfigError(ExtractionError):
    code = "E707"
    http_status = 500
    title = "Invalid extraction pipeline config"


def all_error_classes() -> list[type[TrucelineError]]:
    """Every error class, depth first: used by docs tests and the API error catalogue."""
    out: list[type[TrucelineError]] = []

    def walk(cls: type[TrucelineError]) -> None:
        out.append(cls)
        for sub in cls.__subclasses__():
            walk(sub)

    walk(TrucelineError)
    return out


def schema_error(errors: list[Any]) -> SchemaError:
    """A ``SchemaError`` from pydantic's error list: the first problem in the message, all in details."""
    details = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p != "body"]
        details.append({"field": ".".join(loc), "message": e.get("msg", ""), "type": e.get("type", "")})
    first = details[0] if details else {"field": "", "message": "invalid input"}
    where = f" at '{first['field']}'" if first["field"] else ""
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return SchemaError(f"invalid input{where}: {first['message']}{more}", details=details)
