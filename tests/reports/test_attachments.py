"""Attachment storage adapters and metadata stripping."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from truceline.errors import FileInputError, InvalidValue
from truceline.reports.attachments import (
    MAX_ATTACHMENT_BYTES,
    FileAttachmentStore,
    MemoryAttachmentStore,
    check_size,
    stripped,
)


@pytest.mark.parametrize("kind", ["file", "memory"])
def test_attachment_store_put_get_exists(kind, tmp_path):
    files = FileAttachmentStore(tmp_path) if kind == "file" else MemoryAttachmentStore()
    digest = files.put(b"evidence")
    assert digest == hashlib.sha256(b"evidence").hexdigest()
    assert files.put(b"evidence") == digest
    assert files.exists(digest) and files.get(digest) == b"evidence"
    assert files.get("0" * 64) is None and not files.exists("0" * 64)


def test_file_attachment_store_layout_and_refuses_bad_digest(tmp_path):
    files = FileAttachmentStore(tmp_path)
    digest = files.put(b"x")
    assert (tmp_path / digest[:2] / digest).read_bytes() == b"x"
    with pytest.raises(InvalidValue):
        files.get("../../etc/passwd")


def test_check_size_limit():
    check_size(MAX_ATTACHMENT_BYTES)
    with pytest.raises(FileInputError, match="largest accepted"):
        check_size(MAX_ATTACHMENT_BYTES + 1)


@pytest.mark.parametrize(("fmt", "media_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_stripped_removes_exif_from_png_and_webp(fmt, media_type):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, format=fmt, exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    clean = stripped(out.getvalue(), media_type)
    assert b"PhoneMaker" not in clean and Image.open(io.BytesIO(clean)).size == (8, 8)


def test_stripped_refuses_broken_image_and_passes_other_types():
    with pytest.raises(FileInputError, match="cannot be read"):
        stripped(b"not a jpeg", "image/jpeg")
    assert stripped(b"%PDF", "application/pdf") == b"%PDF"
