"""Attachment files: content-addressed storage (a port with a filesystem adapter and an in-memory fake)
and metadata stripping of photos before they are served."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Protocol

from truceline.errors import FileInputError, InvalidValue

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
STRIPPABLE = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class AttachmentStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store ``data``; return its sha256 (hex)."""
        ...

    def get(self, sha256: str) -> bytes | None: ...

    def exists(self, sha256: str) -> bool: ...


def _check_digest(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise InvalidValue(f"{sha256!r} is not a sha256 digest (64 lower-case hex digits)")
    return sha256


class FileAttachmentStore:
    """Files under ``root/<sha256[:2]>/<sha256>``; writing the same bytes twice keeps one copy."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        _check_digest(sha256)
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        path = self._path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        return digest

    def get(self, sha256: str) -> bytes | None:
        path = self._path(sha256)
        return path.read_bytes() if path.exists() else None

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()


class MemoryAttachmentStore:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.files.setdefault(digest, data)
        return digest

    def get(self, sha256: str) -> bytes | None:
        return self.files.get(sha256)

    def exists(self, sha256: str) -> bool:
        return sha256 in self.files


def check_size(size: int, *, limit: int = MAX_ATTACHMENT_BYTES) -> None:
    if size > limit:
        raise FileInputError(f"the attachment is {size} bytes; the largest accepted is {limit} bytes")


def stripped(data: bytes, media_type: str) -> bytes:
    """A copy of a JPEG/PNG/WebP photo without EXIF (GPS included), XMP, comments or other metadata:
    only the pixels are re-encoded. Other media types are returned unchanged."""
    fmt = STRIPPABLE.get(media_type)
    if fmt is None:
        return data
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            clean = Image.frombytes(img.mode, img.size, img.tobytes())
            palette = img.getpalette() if img.mode == "P" else None
            if palette:
                clean.putpalette(palette)
            out = io.BytesIO()
            options = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
            clean.save(out, format=fmt, **options)
    except (OSError, ValueError) as err:
        raise FileInputError(f"the {media_type} file cannot be read as an image: {err}") from None
    return out.getvalue()
