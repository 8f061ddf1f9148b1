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
    │   ├── Locked (E303)                    another analyst holds the record's edit lock
    │   └── AlreadyReviewed (E304)           a review decision on a record someone already decided
    ├── Forbidden (E400, 403)                the caller may not do this
    ├── PersonListError (E600, 422)          a person list or hash file refused (several kinds of problem)
    │   ├── PersonListEncoding (E601)        undecodable bytes or mixed encodings
    │   ├── PersonListColumns (E602)         missing, unknown or repeated columns, or no header
    │   ├── DuplicatePersonId (E603)         the same id on two rows
    │   ├── MissingPersonField (E604)        an empty required field (id, full_name)
    │   ├── InvalidBirthYear (E605)          a birth year that is not a plausible four-digit year
    │   ├── MalformedPersonRow (E606)        a row with the wrong number of fields, or an unparseable name
    │   ├── InvalidEventDate (E607)          a date of detention or death that is not YYYY[-MM[-DD]]
    │   ├── PersonHashFileError (E610)       a hash file that is not a Truceline hash file
    │   ├── PersonSecretError (E611)         a shared secret that is missing, unreadable or too short
    │   └── PersonSecretMismatch (E612)      two hash files made with different secrets or key schemes
    ├── PersonKeyUnusable (E620, 500)        the persons key file is missing, unreadable or malformed
    │   └── PersonKeyMismatch (E621)         stored person data does not open with the configured key
    └── ExtractionError (E700, 422)          text extraction: one document could not be taken in
        ├── UnreadableDocument (E701)        missing, unreadable, or a directory where a file was expected
        ├── BinaryDocument (E702)            bytes that are not text (NUL bytes, an image, an archive)
        ├── EmptyDocument (E703)             no text left after reading and cleaning
        ├── DocumentTooLarge (E704)          larger than the extraction size limit
        ├── UndecodableDocument (E705)       no text encoding fits the bytes
        ├── BadFixture (E706)                an evaluation fixture or its annotation is malformed
        ├── PipelineConfigError (E707)       the pipeline config names an unknown component or bad option
        ├── NoDocumentSource (E710)          a document with no source: give --source (an e-mail's From will do)
        ├── FeedUnreachable (E711, 502)      a feed that cannot be fetched: refused, timed out, no such host
        ├── FeedHttpError (E712, 502)        a feed whose server answered with an HTTP error status
        ├── FeedMalformed (E713)             a feed that is not RSS/Atom, or malformed or truncated XML
        ├── UnknownOrigin (E714)             an origin kind no document origin is registered under
        ├── WorkerNeedsPostgres (E715)       `truceline worker` on a database that is not PostgreSQL
        └── FeedAsDocument (E716)            a saved RSS/Atom feed given as one document: register it as a feed

Bulletins (E550-E599), a section of its own::

    InputError
    ├── InvalidPeriod (E550)                 a bulletin period that is unparseable, reversed or too long
    ├── BulletinFileError (E551)             a bulletin file that cannot be read: not JSON, duplicate keys,
    │                                        too large, not the bulletin shape
    ├── UnsupportedBulletin (E552)           a bulletin of a format version this release does not know
    ├── BulletinHashMismatch (E553)          the content hash does not match the content (tampered)
    └── BulletinInconsistent (E554)          the tables do not follow from the frozen incidents
    TrucelineError
    └── RenderUnavailable (E555, 500)        the PDF renderer (WeasyPrint) cannot run on this machine
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


class AlreadyReviewed(Conflict):
    code = "E304"
    title = "Already reviewed"


class Forbidden(TrucelineError):
    code = "E400"
    http_status = 403
    title = "Forbidden"


# --- Bulletins (E550-E599) -------------------------------------------------------------------------------


class InvalidPeriod(InputError):
    code = "E550"
    title = "Invalid bulletin period"


class BulletinFileError(InputError):
    code = "E551"
    title = "Unreadable bulletin file"


class UnsupportedBulletin(InputError):
    code = "E552"
    title = "Unsupported bulletin format"


class BulletinHashMismatch(InputError):
    code = "E553"
    title = "Bulletin content hash mismatch"


class BulletinInconsistent(InputError):
    code = "E554"
    title = "Bulletin tables inconsistent with its incidents"


class RenderUnavailable(TrucelineError):
    code = "E555"
    title = "Renderer unavailable"


# --- person lists (E600–E649) -------------------------------------------------------------------------


class PersonListError(InputError):
    code = "E600"
    title = "Person list refused"


class PersonListEncoding(PersonListError):
    code = "E601"
    title = "Person list encoding"


class PersonListColumns(PersonListError):
    code = "E602"
    title = "Person list columns"


class DuplicatePersonId(PersonListError):
    code = "E603"
    title = "Duplicate person id"


class MissingPersonField(PersonListError):
    code = "E604"
    title = "Empty required field"


class InvalidBirthYear(PersonListError):
    code = "E605"
    title = "Invalid birth year"


class MalformedPersonRow(PersonListError):
    code = "E606"
    title = "Malformed row"


class InvalidEventDate(PersonListError):
    code = "E607"
    title = "Invalid date of detention or death"


class PersonHashFileError(PersonListError):
    code = "E610"
    title = "Invalid person hash file"


class PersonSecretError(PersonListError):
    code = "E611"
    title = "Unusable shared secret"


class PersonSecretMismatch(PersonListError):
    code = "E612"
    title = "Hash files do not share a secret"


class PersonKeyUnusable(TrucelineError):
    code = "E620"
    http_status = 500
    title = "Persons key unusable"


class PersonKeyMismatch(PersonKeyUnusable):
    code = "E621"
    title = "Person data sealed with another key"


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


# --- Ingestion (E710–E729): documents stored with provenance, feeds, the worker ---------------------------


class NoDocumentSource(ExtractionError):
    code = "E710"
    title = "Document without a source"


class FeedUnreachable(ExtractionError):
    code = "E711"
    http_status = 502
    title = "Feed unreachable"


class FeedHttpError(ExtractionError):
    code = "E712"
    http_status = 502
    title = "Feed answered with an HTTP error"


class FeedMalformed(ExtractionError):
    code = "E713"
    title = "Malformed feed"


class UnknownOrigin(ExtractionError):
    code = "E714"
    title = "Unknown document origin"


class WorkerNeedsPostgres(ExtractionError):
    code = "E715"
    title = "The worker needs PostgreSQL"


class FeedAsDocument(ExtractionError):
    code = "E716"
    title = "A feed given as a document"


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


# --- Exchange (E500–E549): signed envelopes between instances, key rings and peers -----------------------
#
#     ExchangeError (E500, 422)                refused by the exchange layer (see docs/exchange.md)
#     ├── InputTooLarge (E501, 413)            an envelope or JSON text over the size limit
#     ├── NotUtf8 (E502)                       bytes that are not UTF-8
#     ├── MalformedJson (E503)                 not JSON at all
#     ├── DuplicateJsonKey (E504)              the same key twice in one JSON object
#     ├── JsonTooDeep (E505)                   nesting deeper than the limit
#     ├── NumberNotAllowed (E506)              a float, NaN, Infinity or an integer out of range
#     ├── EnvelopeShapeError (E507)            envelope fields missing, unknown or of the wrong type
#     ├── InvalidBase64 (E508)                 payload or signature not strict base64
#     ├── WrongPayloadType (E509)              payloadType other than the Truceline one
#     ├── NoIssuerSignature (E510)             no signature by a key of the issuer
#     ├── UnknownIssuer (E511)                 the issuer is not a configured peer
#     ├── UnknownKeyId (E512)                  a key id the issuer's peer entry does not hold
#     ├── WrongKey (E513)                      signed by another key than the key id names
#     ├── BadSignature (E514)                  the signature does not verify (tampered or forged)
#     ├── RevokedKey (E515)                    signed at or after the key's revocation
#     ├── KeyNotValidAtIssue (E516)            issued outside the key's validity (before it, after rotation)
#     ├── EnvelopeExpired (E517)               past its expiry
#     ├── IssuedInFuture (E518)                issue time ahead of this clock by more than the skew
#     ├── ReplayedSequence (E519, 409)         this exact payload was accepted already
#     ├── SequenceOutOfOrder (E520, 409)       a gap or a lower sequence number
#     ├── SequenceConflict (E521, 409)         a different payload under an accepted sequence number
#     ├── HeaderMissing (E522)                 a header field missing
#     ├── HeaderInvalid (E523)                 a header field of the wrong type or out of range
#     ├── PayloadNotCanonical (E524)           payload bytes that are not canonical JSON
#     ├── UnexpectedKind (E525)                a kind the caller does not accept here
#     ├── WrongAudience (E526)                 addressed to another instance
#     ├── UnsupportedVersion (E527)            a header version this instance does not read
#     ├── KeyExists (E530, 409)                a key ring exists already (generate without --force)
#     ├── NoKeyRing (E531, 404)                no key ring, or no active key to sign with
#     ├── UnknownKey (E532, 404)               no key with that id in the ring
#     ├── KeyAlreadyRevoked (E533, 409)        the key is revoked already
#     ├── KeyStoreCorrupt (E534, 500)          unreadable key files or metadata
#     ├── InvalidPublicKey (E535)              not an Ed25519 public key
#     ├── UnknownPeer (E536, 404)              no peer of that name
#     └── PeerKeyExists (E537, 409)            that peer already has that key


class ExchangeError(TrucelineError):
    code = "E500"
    http_status = 422
    title = "Refused by the exchange layer"


class InputTooLarge(ExchangeError):
    code = "E501"
    http_status = 413
    title = "Input too large"


class NotUtf8(ExchangeError):
    code = "E502"
    title = "Not UTF-8"


class MalformedJson(ExchangeError):
    code = "E503"
    title = "Not JSON"


class DuplicateJsonKey(ExchangeError):
    code = "E504"
    title = "Duplicate JSON key"


class JsonTooDeep(ExchangeError):
    code = "E505"
    title = "JSON nested too deep"


class NumberNotAllowed(ExchangeError):
    code = "E506"
    title = "Number not allowed"


class EnvelopeShapeError(ExchangeError):
    code = "E507"
    title = "Malformed envelope"


class InvalidBase64(ExchangeError):
    code = "E508"
    title = "Invalid base64"


class WrongPayloadType(ExchangeError):
    code = "E509"
    title = "Wrong payload type"


class NoIssuerSignature(ExchangeError):
    code = "E510"
    title = "No signature by the issuer"


class UnknownIssuer(ExchangeError):
    code = "E511"
    title = "Unknown issuer"


class UnknownKeyId(ExchangeError):
    code = "E512"
    title = "Unknown key id"


class WrongKey(ExchangeError):
    code = "E513"
    title = "Signed with another key"


class BadSignature(ExchangeError):
    code = "E514"
    title = "Bad signature"


class RevokedKey(ExchangeError):
    code = "E515"
    title = "Revoked key"


class KeyNotValidAtIssue(ExchangeError):
    code = "E516"
    title = "Key not valid at issue time"


class EnvelopeExpired(ExchangeError):
    code = "E517"
    title = "Expired"


class IssuedInFuture(ExchangeError):
    code = "E518"
    title = "Issued in the future"


class ReplayedSequence(ExchangeError):
    code = "E519"
    http_status = 409
    title = "Replayed"


class SequenceOutOfOrder(ExchangeError):
    code = "E520"
    http_status = 409
    title = "Sequence out of order"


class SequenceConflict(ExchangeError):
    code = "E521"
    http_status = 409
    title = "Two payloads under one sequence number"


class HeaderMissing(ExchangeError):
    code = "E522"
    title = "Header field missing"


class HeaderInvalid(ExchangeError):
    code = "E523"
    title = "Header field invalid"


class PayloadNotCanonical(ExchangeError):
    code = "E524"
    title = "Payload not canonical JSON"


class UnexpectedKind(ExchangeError):
    code = "E525"
    title = "Unexpected kind"


class WrongAudience(ExchangeError):
    code = "E526"
    title = "Addressed to another instance"


class UnsupportedVersion(ExchangeError):
    code = "E527"
    title = "Unsupported header version"


class KeyExists(ExchangeError):
    code = "E530"
    http_status = 409
    title = "Key ring exists"


class NoKeyRing(ExchangeError):
    code = "E531"
    http_status = 404
    title = "No key ring"


class UnknownKey(ExchangeError):
    code = "E532"
    http_status = 404
    title = "Unknown key"


class KeyAlreadyRevoked(ExchangeError):
    code = "E533"
    http_status = 409
    title = "Key already revoked"


class KeyStoreCorrupt(ExchangeError):
    code = "E534"
    http_status = 500
    title = "Key store unreadable"


class InvalidPublicKey(ExchangeError):
    code = "E535"
    title = "Invalid public key"


class UnknownPeer(ExchangeError):
    code = "E536"
    http_status = 404
    title = "Unknown peer"


class PeerKeyExists(ExchangeError):
    code = "E537"
    http_status = 409
    title = "Peer key exists"


# --- Exports (E750–E779): standard formats and the change feed of incidents and reports -------------------
#
#     ExportError (E750, 422)                  refused by the exports layer (see docs/exports.md)
#     ├── UnknownFormat (E751, 404)            a format no exporter is registered under (lists the known ones)
#     ├── UnknownRecordKind (E752, 404)        neither incidents nor reports
#     ├── InvalidCursor (E753)                 a feed cursor that is not one this instance issued
#     ├── CursorOtherFeed (E754)               a cursor of the incidents feed given to the reports feed, or back
#     ├── CursorAhead (E755, 409)              a cursor past this instance's history (another database?)
#     ├── FilterNotSupported (E756)            a map filter that does not apply to that kind of record
#     ├── InvalidFilter (E757)                 a filter value that cannot be read (date, bbox, enum, limit)
#     └── OutputNotWritable (E758)             the output file cannot be written


class ExportError(TrucelineError):
    code = "E750"
    http_status = 422
    title = "Refused by the exports layer"


class UnknownFormat(ExportError):
    code = "E751"
    http_status = 404
    title = "Unknown export format"


class UnknownRecordKind(ExportError):
    code = "E752"
    http_status = 404
    title = "Unknown kind of record"


class InvalidCursor(ExportError):
    code = "E753"
    title = "Invalid feed cursor"


class CursorOtherFeed(ExportError):
    code = "E754"
    title = "Cursor of another feed"


class CursorAhead(ExportError):
    code = "E755"
    http_status = 409
    title = "Cursor ahead of the history"


class FilterNotSupported(ExportError):
    code = "E756"
    title = "Filter not supported for this kind"


class InvalidFilter(ExportError):
    code = "E757"
    title = "Invalid filter value"


class OutputNotWritable(ExportError):
    code = "E758"
    title = "Output not writable"


# --- Accounts and access (E800–E829): users, sessions, API tokens, roles (see docs/access.md) ------------
#
#     AccessError (E800, 403)                  refused by accounts and access
#     ├── LoginRequired (E801, 401)            anonymous, and this needs an account: log in
#     ├── BadCredentials (E802, 401)           wrong username or password (or an inactive account)
#     ├── LoginThrottled (E803, 429)           too many failed logins: wait until the lock ends
#     ├── SessionInvalid (E804, 401)           the session is unknown, logged out or expired
#     ├── TokenInvalid (E805, 401)             the API token is unknown, revoked or its account inactive
#     ├── CsrfRejected (E806, 403)             a form post without the session's CSRF token
#     ├── NotAllowed (E807, 403)               logged in, but the role may not do this
#     ├── PasswordRejected (E810, 422)         a password the policy refuses (too short, the username...)
#     ├── UnknownUser (E811, 404)              no account of that username
#     ├── UsernameTaken (E812, 409)            an account of that username exists
#     ├── RoleMismatch (E813, 422)             a party liaison without a party, or a party for another role
#     ├── UnknownApiToken (E814, 404)          no API token of that id (for that account)
#     ├── TokenAlreadyRevoked (E815, 409)      the API token is revoked already
#     ├── AccountInactive (E816, 409)          the account is deactivated already, or cannot act
#     ├── LastAdmin (E817, 409)                the last active admin cannot be deactivated or demoted
#     └── SecretKeyUnusable (E820, 500)        the server secret file is unreadable or too short


class AccessError(TrucelineError):
    code = "E800"
    http_status = 403
    title = "Refused by accounts and access"


class LoginRequired(AccessError):
    code = "E801"
    http_status = 401
    title = "Login required"


class BadCredentials(AccessError):
    code = "E802"
    http_status = 401
    title = "Wrong username or password"


class LoginThrottled(AccessError):
    code = "E803"
    http_status = 429
    title = "Too many failed logins"


class SessionInvalid(AccessError):
    code = "E804"
    http_status = 401
    title = "Session expired"


class TokenInvalid(AccessError):
    code = "E805"
    http_status = 401
    title = "Invalid API token"


class CsrfRejected(AccessError):
    code = "E806"
    title = "CSRF token missing or wrong"


class NotAllowed(AccessError):
    code = "E807"
    title = "Not allowed for this role"


class PasswordRejected(AccessError):
    code = "E810"
    http_status = 422
    title = "Password refused"


class UnknownUser(AccessError):
    code = "E811"
    http_status = 404
    title = "Unknown user"


class UsernameTaken(AccessError):
    code = "E812"
    http_status = 409
    title = "Username taken"


class RoleMismatch(AccessError):
    code = "E813"
    http_status = 422
    title = "Role and party do not fit"


class UnknownApiToken(AccessError):
    code = "E814"
    http_status = 404
    title = "Unknown API token"


class TokenAlreadyRevoked(AccessError):
    code = "E815"
    http_status = 409
    title = "API token already revoked"


class AccountInactive(AccessError):
    code = "E816"
    http_status = 409
    title = "Account inactive"


class LastAdmin(AccessError):
    code = "E817"
    http_status = 409
    title = "Last active admin"


class SecretKeyUnusable(AccessError):
    code = "E820"
    http_status = 500
    title = "Server secret unusable"


# --- Exchange: bundles, confirmations, HTTP (E538–E549) -----------------------------------------------------
#
#     ExchangeError
#     ├── BodyInvalid (E538)                   a verified body that is not the shape its kind requires
#     ├── PartyMismatch (E539)                 positions that claim another party than the issuer
#     ├── UnknownIncident (E540)               positions on an incident this instance does not hold
#     ├── PeerUnreachable (E541, 502)          a peer's URL that cannot be reached or answers garbage
#     └── PeerRefused (E542, 502)              a peer that refused what was pushed (its code is quoted)


class BodyInvalid(ExchangeError):
    code = "E538"
    title = "Envelope body invalid"


class PartyMismatch(ExchangeError):
    code = "E539"
    title = "Positions of another party"


class UnknownIncident(ExchangeError):
    code = "E540"
    title = "Unknown incident"


class PeerUnreachable(ExchangeError):
    code = "E541"
    http_status = 502
    title = "Peer unreachable"


class PeerRefused(ExchangeError):
    code = "E542"
    http_status = 502
    title = "Peer refused"
