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
    └── Forbidden (E400, 403)                the caller may not do this

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
