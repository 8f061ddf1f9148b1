"""Where documents come from, behind one small port: an *origin* yields ``Incoming`` items (raw bytes with
their provenance) or a per-item ``Failure``. ("Origin", not "source": a *source* is who the claims come
from, a key of the sources register; a feed of one outlet is an origin whose documents have that source.)

Built-in origins are entries of ``ORIGINS``, the one table the CLI, the routes and the worker use:

=======  ============================================================================================
file     files and folders (plain text, HTML; an ``.eml`` among them is taken as an e-mail)
mail     ``.eml`` files: the ``Date`` header is the fallback publication date, ``From`` the author
feed     an RSS/Atom feed fetched over HTTP (``ingest/feeds.py``)
push     the bodies of ``POST /api/v1/documents``
=======  ============================================================================================

``MemoryOrigin`` is the in-memory fake for tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from truceline.errors import DocumentTooLarge, ExtractionError, UnknownOrigin, UnreadableDocument
from truceline.extract.pipeline import DOCUMENT_SUFFIXES, Failure, expand_paths
from truceline.extract.reading import DEFAULT_MAX_BYTES
from truceline.ingest.models import OriginKind


@dataclass(frozen=True)
class Incoming:
    """Raw bytes of one document and what the origin knows about them."""

    data: bytes
    origin: OriginKind
    location: str  # path or URL (a feed item's link)
    suffix: str = ""  # how to read the bytes: "", ".txt", ".html", ".eml"
    fetched_at: datetime | None = None
    reference_date: date | None = None  # feed or file date: gives a dateline without a year its year
    published_on: date | None = None  # a publication date the origin states (a feed entry's, a push's)
    title: str | None = None
    author: str | None = None
    source: str | None = None  # a source key the origin names (a feed's source); --source wins over it


Item = Incoming | Failure


class Origin(Protocol):
    """The port: an iterable of items, in order, each a document's bytes or why it could not be had."""

    kind: OriginKind

    def items(self) -> Iterator[Item]: ...


@dataclass
class MemoryOrigin:
    """The fake: items given in advance."""

    given: list[Item]
    kind: OriginKind = OriginKind.push

    def items(self) -> Iterator[Item]:
        return iter(self.given)


@dataclass
class FileOrigin:
    """Files as given and the documents inside folders (recursively, by suffix, sorted). A file's
    modification date is its reference date unless ``reference_date`` is given (copied archives carry the
    copy's date, not the article's); an e-mail is a ``mail`` item."""

    paths: list[Path]
    max_bytes: int = DEFAULT_MAX_BYTES
    reference_date: date | None = None
    kind: OriginKind = OriginKind.file
    suffixes: frozenset[str] = field(default_factory=lambda: frozenset(DOCUMENT_SUFFIXES))
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def files(self) -> list[Path]:
        return [p for p in expand_paths(self.paths) if not p.is_file() or p.suffix.lower() in self.suffixes
                or p in self.paths]

    def items(self) -> Iterator[Item]:
        for path in self.files():
            try:
                yield self._read(path)
            except ExtractionError as err:
                yield Failure(source=str(path), error=err)

    def _read(self, path: Path) -> Incoming:
        try:
            if path.is_dir():
                raise UnreadableDocument(f"{path} is a directory, not a document")
            stat = path.stat()
            if stat.st_size > self.max_bytes:
                raise DocumentTooLarge(f"{path} is {stat.st_size:,} bytes, over the limit of {self.max_bytes:,}")
            data = path.read_bytes()
        except FileNotFoundError:
            raise UnreadableDocument(f"{path} does not exist") from None
        except OSError as err:
            raise UnreadableDocument(f"cannot read {path}: {err.strerror}") from None
        suffix = path.suffix.lower()
        kind = OriginKind.mail if suffix == ".eml" else self.kind
        return Incoming(data=data, origin=kind, location=str(path), suffix=suffix, fetched_at=self.clock(),
                        reference_date=self.reference_date or datetime.fromtimestamp(stat.st_mtime, tz=UTC).date())


@dataclass
class PushOrigin:
    """Documents pushed over HTTP, one item per body."""

    bodies: list[Incoming]
    kind: OriginKind = OriginKind.push

    def items(self) -> Iterator[Item]:
        return iter(self.bodies)


@dataclass(frozen=True)
class OriginSpec:
    name: str
    kind: OriginKind
    title: str
    build: Callable[..., Origin]


def _files(**options: Any) -> Origin:
    return FileOrigin(paths=list(options["paths"]), max_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES),
                      reference_date=options.get("reference_date"))


def _mail(**options: Any) -> Origin:
    return FileOrigin(paths=list(options["paths"]), max_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES),
                      kind=OriginKind.mail, suffixes=frozenset({".eml"}), reference_date=options.get("reference_date"))


def _feed(**options: Any) -> Origin:
    from truceline.ingest.feeds import FeedOrigin

    return FeedOrigin(url=options["url"], fetcher=options["fetcher"], source=options.get("source"),
                      max_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES), clock=options["clock"])


def _push(**options: Any) -> Origin:
    return PushOrigin(bodies=list(options["bodies"]))


ORIGINS: dict[str, OriginSpec] = {o.name: o for o in (
    OriginSpec(name="file", kind=OriginKind.file, title="Files and folders (text, HTML, .eml)", build=_files),
    OriginSpec(name="mail", kind=OriginKind.mail, title="E-mails saved as .eml files", build=_mail),
    OriginSpec(name="feed", kind=OriginKind.feed, title="An RSS or Atom feed over HTTP", build=_feed),
    OriginSpec(name="push", kind=OriginKind.push, title="Bodies of POST /api/v1/documents", build=_push),
)}


def build_origin(name: str, **options: Any) -> Origin:
    spec = ORIGINS.get(name)
    if spec is None:
        known = ", ".join(ORIGINS)
        raise UnknownOrigin(f"no document origin {name!r}; the origins are: {known}",
                            details=[{"field": "origin", "value": name, "known": known}])
    return spec.build(**options)


def count_items(origin: Origin) -> int | None:
    """How many items a file origin will yield (for a progress bar); None when unknown in advance."""
    if isinstance(origin, FileOrigin):
        return len(origin.files())
    if isinstance(origin, MemoryOrigin):
        return len(origin.given)
    if isinstance(origin, PushOrigin):
        return len(origin.bodies)
    return None
