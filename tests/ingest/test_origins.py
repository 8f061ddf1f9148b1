from pathlib import Path

import pytest

from truceline.errors import DocumentTooLarge, UnknownOrigin, UnreadableDocument
from truceline.extract.pipeline import Failure
from truceline.ingest.models import OriginKind
from truceline.ingest.origins import ORIGINS, FileOrigin, MemoryOrigin, build_origin, count_items


def test_file_origin_reads_folders_and_marks_emails_as_mail(tmp_path: Path):
    (tmp_path / "a.txt").write_text("One story.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.eml").write_bytes(b"From: x@y\r\n\r\nBody.")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    origin = build_origin("file", paths=[tmp_path])
    items = list(origin.items())
    assert [Path(i.location).name for i in items] == ["a.txt", "b.eml"]
    assert [i.origin for i in items] == [OriginKind.file, OriginKind.mail]
    assert items[0].data == b"One story." and items[0].suffix == ".txt" and items[0].reference_date is not None
    assert count_items(origin) == 2


def test_file_origin_gives_a_failure_per_unreadable_file(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    items = list(FileOrigin(paths=[big, tmp_path / "missing.txt"], max_bytes=1000).items())
    assert all(isinstance(i, Failure) for i in items)
    assert isinstance(items[0].error, DocumentTooLarge) and isinstance(items[1].error, UnreadableDocument)


def test_mail_origin_takes_only_emails_from_folders(tmp_path: Path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.eml").write_bytes(b"From: x@y\r\n\r\nBody.")
    items = list(build_origin("mail", paths=[tmp_path]).items())
    assert [Path(i.location).name for i in items] == ["b.eml"]


def test_origins_table_lists_the_built_ins_and_refuses_unknown_names():
    assert set(ORIGINS) == {"file", "mail", "feed", "push"}
    assert {o.kind for o in ORIGINS.values()} == set(OriginKind)
    with pytest.raises(UnknownOrigin, match="the origins are: file, mail, feed, push"):
        build_origin("carrier-pigeon")
    assert list(MemoryOrigin(given=[]).items()) == []
