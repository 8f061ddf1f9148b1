"""Bulletin files: canonical bytes, and every way a file can be refused when read back."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.bulletins import scenario
from tests.incidents.fakes import memory_store
from truceline.bulletins import codec
from truceline.bulletins.service import issue
from truceline.errors import BulletinFileError, BulletinHashMismatch, BulletinInconsistent, UnsupportedBulletin


@pytest.fixture
def bulletin(ctx):
    store = memory_store()
    scenario.build(store, ctx)
    return issue(store, start=scenario.START, end=scenario.END, issuer="truceline-a", now=ctx.clock.now())


def test_dumps_is_canonical_json(bulletin):
    raw = codec.dumps(bulletin)
    doc = json.loads(raw)
    assert raw == json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert "حلب".encode() in raw  # non-ASCII as itself, not escaped


def test_content_hash_is_sha256_of_everything_but_the_hash(bulletin):
    doc = json.loads(codec.dumps(bulletin))
    del doc["content_hash"]
    assert bulletin.content_hash == hashlib.sha256(codec.canonical_json(doc)).hexdigest()


def test_loads_round_trips_byte_for_byte(bulletin):
    raw = codec.dumps(bulletin)
    again = codec.loads(raw)
    assert again == bulletin and codec.dumps(again) == raw


def _edited(bulletin, edit, *, rehash=False):
    doc = json.loads(codec.dumps(bulletin))
    edit(doc)
    if rehash:
        doc["content_hash"] = _hash(doc)
    return json.dumps(doc).encode()


def _hash(doc):
    return hashlib.sha256(codec.canonical_json({k: v for k, v in doc.items() if k != "content_hash"})).hexdigest()


def test_loads_refuses_a_tampered_count(bulletin):
    raw = _edited(bulletin, lambda d: d["tables"]["overall"]["total"].update(count=99))
    with pytest.raises(BulletinHashMismatch, match="changed after it was issued") as info:
        codec.loads(raw)
    assert info.value.code == "E553"


def test_loads_refuses_a_tampered_byte(bulletin):
    raw = codec.dumps(bulletin).replace(b'"issuer":"truceline-a"', b'"issuer":"truceline-b"')
    with pytest.raises(BulletinHashMismatch):
        codec.loads(raw)


def test_loads_refuses_tables_that_do_not_follow_from_the_incidents(bulletin):
    forged = bulletin.model_copy(update={"tables": bulletin.tables.model_copy(
        update={"overall": bulletin.tables.overall.model_copy(update={"label": "forged"})})})
    raw = codec.dumps(codec.seal(forged))  # a fresh hash over forged tables
    with pytest.raises(BulletinInconsistent) as info:
        codec.loads(raw)
    assert info.value.code == "E554"


@pytest.mark.parametrize(("raw", "message"), [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe", "not UTF-8"),
    (b"[1, 2]", "a JSON object, not a list"),
    (b'{"format": "truceline.bulletin/1", "format": "x"}', "duplicate key 'format'"),
    (b'{"format": "truceline.bulletin/1", "issuer": "a", "content_hash": "%s"}'
     % _hash({"format": "truceline.bulletin/1", "issuer": "a"}).encode(), "not a bulletin: period"),
])
def test_loads_refuses_unreadable_files(raw, message):
    with pytest.raises(BulletinFileError, match=message) as info:
        codec.loads(raw)
    assert info.value.code == "E551"


def test_loads_refuses_an_unknown_format(bulletin):
    with pytest.raises(UnsupportedBulletin, match="truceline.bulletin/9") as info:
        codec.loads(_edited(bulletin, lambda d: d.update(format="truceline.bulletin/9")))
    assert info.value.code == "E552"


def test_loads_refuses_a_missing_hash(bulletin):
    with pytest.raises(BulletinHashMismatch):
        codec.loads(_edited(bulletin, lambda d: d.pop("content_hash")))


def test_loads_refuses_values_not_in_canonical_form(bulletin):
    def plus_zero(doc):
        doc["issued_at"] = doc["issued_at"].replace("Z", "+00:00")
    with pytest.raises(BulletinFileError, match="not written in canonical form"):
        codec.loads(_edited(bulletin, plus_zero, rehash=True))


def test_loads_refuses_an_oversized_file(monkeypatch):
    monkeypatch.setattr(codec, "MAX_BYTES", 10)
    with pytest.raises(BulletinFileError, match="more than the 10"):
        codec.loads(b"{" + b" " * 20 + b"}")


def test_loads_refuses_unknown_fields(bulletin):
    with pytest.raises(BulletinFileError, match="note: Extra inputs are not permitted"):
        codec.loads(_edited(bulletin, lambda d: d.update(note="added later"), rehash=True))
