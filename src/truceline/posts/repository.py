"""SQLAlchemy adapter of the posts register.

A post is a row of ``posts`` (location as ``Geometry`` — a PostGIS geometry with a GiST index on
PostgreSQL, WKB on SQLite — plus ``lon``/``lat`` columns for bounding-box filters on both engines) and its
lifecycle rows of ``post_events``. The zone and the guarantor are foreign keys to ``zones`` and
``parties``; files and the API name them by key.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, exists, func, select
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column, relationship

from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import Geometry, KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.posts.models import Post, PostEvent, PostKind, PostQuery, PostState
from truceline.registry.repository import PartyRow
from truceline.zones.repository import ZoneRow


class PostRow(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    location: Mapped[BaseGeometry] = mapped_column(Geometry())
    lon: Mapped[float] = mapped_column(Float, index=True)
    lat: Mapped[float] = mapped_column(Float, index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    guarantor_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    staffed_by: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.public.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    events: Mapped[list[PostEventRow]] = relationship(
        cascade="all, delete-orphan", order_by="PostEventRow.position", lazy="selectin"
    )

    __table_args__ = (
        Index("ix_posts_location", "location", postgresql_using="gist").ddl_if(dialect="postgresql"),
    )


class PostEventRow(Base):
    __tablename__ = "post_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class SqlPostRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, post_id: int) -> Post | None:
        row = self.session.get(PostRow, post_id)
        return None if row is None else self._to_domain([row])[0]

    def get_by_key(self, key: str) -> Post | None:
        row = self.session.scalars(select(PostRow).where(PostRow.key == key)).first()
        return None if row is None else self._to_domain([row])[0]

    def add(self, post: Post) -> Post:
        row = PostRow()
        self._fill(row, post)
        self.session.add(row)
        self.session.flush()
        return post.model_copy(update={"id": row.id})

    def save(self, post: Post) -> None:
        row = self.session.get(PostRow, post.id)
        assert row is not None, f"post {post.id} vanished"
        self._fill(row, post)
        self.session.flush()

    def list(self, query: PostQuery, page: Page) -> Paged[Post]:
        stmt = select(PostRow)
        stmt = with_view(stmt, PostRow, query.view)
        if query.releases is not None:
            stmt = stmt.where(PostRow.release.in_(sorted(r.value for r in query.releases)))
        if query.zone is not None:
            stmt = stmt.where(PostRow.zone_id.in_(select(ZoneRow.id).where(ZoneRow.key == query.zone)))
        if query.guarantor is not None:
            stmt = stmt.where(PostRow.guarantor_id.in_(select(PartyRow.id).where(PartyRow.key == query.guarantor)))
        if query.kind is not None:
            stmt = stmt.where(PostRow.kind == query.kind.value)
        if query.bbox is not None:
            box = query.bbox
            stmt = stmt.where(PostRow.lon.between(box.min_lon, box.max_lon),
                              PostRow.lat.between(box.min_lat, box.max_lat))
        if query.at is not None:
            stmt = stmt.where(exists(select(PostEventRow.id).where(
                PostEventRow.post_id == PostRow.id, PostEventRow.on_date <= query.at)))
        if query.state is not None:
            event = aliased(PostEventRow)
            latest = select(event.state).where(event.post_id == PostRow.id)
            if query.at is not None:
                latest = latest.where(event.on_date <= query.at)
            state_then = latest.order_by(event.position.desc()).limit(1).correlate(PostRow).scalar_subquery()
            stmt = stmt.where(state_then == query.state.value)
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(PostRow.name, PostRow.id)
                                    .limit(page.limit).offset(page.offset)).all()
        return Paged(self._to_domain(rows), count)

    def _fill(self, row: PostRow, post: Post) -> None:
        row.key = post.key
        row.name = post.name
        row.kind = post.kind.value
        row.location = post.location
        row.lon = post.lon
        row.lat = post.lat
        row.zone_id = None if post.zone is None else self._id_of(ZoneRow, post.zone)
        row.guarantor_id = self._id_of(PartyRow, post.guarantor)
        row.staffed_by = post.staffed_by
        row.description = post.description
        row.release = post.release.value
        row.released_to = post.released_to
        row.version = post.version
        row.created_at = post.created_at
        row.updated_at = post.updated_at
        row.events = [PostEventRow(position=i, state=e.state.value, on_date=e.on, note=e.note)
                      for i, e in enumerate(post.lifecycle)]

    def _id_of(self, table: type[ZoneRow] | type[PartyRow], key: str) -> int:
        found = self.session.scalar(select(table.id).where(table.key == key))
        assert found is not None, f"post names unknown {table.__tablename__} key {key}"
        return found

    def _keys(self, table: type[ZoneRow] | type[PartyRow], ids: Iterable[int | None]) -> dict[int, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = self.session.execute(select(table.id, table.key).where(table.id.in_(wanted)))
        return {int(i): str(k) for i, k in rows}

    def _to_domain(self, rows: Sequence[PostRow]) -> builtins.list[Post]:
        zones = self._keys(ZoneRow, (r.zone_id for r in rows))
        parties = self._keys(PartyRow, (r.guarantor_id for r in rows))
        return [_post(r, zone=None if r.zone_id is None else zones[r.zone_id], guarantor=parties[r.guarantor_id])
                for r in rows]


def _post(row: PostRow, *, zone: str | None, guarantor: str) -> Post:
    return Post(
        id=row.id, key=row.key, name=row.name, kind=PostKind(row.kind), location=row.location,
        zone=zone, guarantor=guarantor,
        staffed_by=row.staffed_by, description=row.description, release=ReleaseLevel(row.release),
        released_to=row.released_to,
        version=row.version, created_at=row.created_at, updated_at=row.updated_at,
        lifecycle=[PostEvent(state=PostState(e.state), on=e.on_date, note=e.note) for e in row.events],
    )
