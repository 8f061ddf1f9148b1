"""Sealing personal values and the persons key file."""

from __future__ import annotations

import os
import stat

import pytest

from truceline.errors import PersonKeyMismatch, PersonKeyUnusable
from truceline.persons.crypto import PersonCipher
from truceline.persons.keyfile import create_key_file, load_cipher, read_key_file


def test_seal_opens_with_its_key_and_context_only():
    cipher = PersonCipher(b"k" * 32)
    blob = cipher.seal_json({"full_name": "محمد الحسن", "birth_year": 1985}, context="person:l:A-1")
    assert "محمد".encode() not in blob and b"1985" not in blob
    assert cipher.open_json(blob, context="person:l:A-1") == {"full_name": "محمد الحسن", "birth_year": 1985}
    with pytest.raises(PersonKeyMismatch, match="does not open"):
        cipher.open_json(blob, context="person:l:A-2")  # moved onto another row
    with pytest.raises(PersonKeyMismatch, match="does not open"):
        PersonCipher(b"x" * 32).open(blob, context="person:l:A-1")


def test_two_seals_of_one_value_differ():
    cipher = PersonCipher(b"k" * 32)
    assert cipher.seal(b"same", context="c") != cipher.seal(b"same", context="c")


def test_key_id_tells_another_key_clearly():
    right, wrong = PersonCipher(b"k" * 32), PersonCipher(b"w" * 32)
    blob = right.seal(b"x", context="c")
    assert right.key_id != wrong.key_id and len(right.key_id) == 16
    with pytest.raises(PersonKeyMismatch, match=f"encrypted with key {right.key_id}.*configured persons key is "
                                                f"{wrong.key_id}"):
        wrong.open(blob, context="c", key_id=right.key_id)


def test_cipher_refuses_a_key_of_the_wrong_length():
    with pytest.raises(PersonKeyUnusable, match="16 bytes"):
        PersonCipher(b"k" * 16)


def test_default_key_file_is_created_once_with_mode_0600(tmp_path):
    first = load_cipher(configured=None, data_dir=tmp_path / "data")
    path = tmp_path / "data" / "persons_key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_cipher(configured=None, data_dir=tmp_path / "data").key_id == first.key_id
    assert len(read_key_file(path)) == 32


def test_configured_key_file_is_never_created(tmp_path):
    missing = tmp_path / "elsewhere" / "key"
    with pytest.raises(PersonKeyUnusable, match="does not exist") as err:
        load_cipher(configured=missing, data_dir=tmp_path)
    assert err.value.code == "E620" and not missing.exists()


@pytest.mark.parametrize(("content", "message"), [("not base64 !!", "not base64"), ("YWJj", "holds 3 bytes")])
def test_malformed_key_file_is_refused(tmp_path, content, message):
    path = tmp_path / "key"
    path.write_text(content, encoding="ascii")
    with pytest.raises(PersonKeyUnusable, match=message):
        load_cipher(configured=path, data_dir=tmp_path)


def test_unreadable_key_file_is_refused(tmp_path):
    path = tmp_path / "key"
    path.mkdir()  # a directory where the file should be
    with pytest.raises(PersonKeyUnusable, match="cannot read"):
        read_key_file(path)


def test_existing_key_is_never_overwritten(tmp_path):
    path = create_key_file(tmp_path / "key")
    before = path.read_bytes()
    with pytest.raises(PersonKeyUnusable, match="never overwritten"):
        create_key_file(path)
    assert path.read_bytes() == before


def test_a_default_key_made_meanwhile_by_another_process_is_used(tmp_path, monkeypatch):
    from truceline.persons import keyfile

    made = {}

    def racing_create(path):
        made["id"] = PersonCipher(read_key_file(create_key_file(path))).key_id  # the other process wins...
        raise PersonKeyUnusable(f"{path} exists already")  # ...so this one finds the file there

    monkeypatch.setattr(keyfile, "create_key_file", racing_create)
    assert load_cipher(configured=None, data_dir=tmp_path).key_id == made["id"]
