"""The zone repository contract, on the in-memory fake and on SQLite and PostgreSQL (PostGIS)."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import LineString, shape
from sqlalchemy import inspect, text

from tests.zones.places import (
    ALEPPO,
    ASTANA_6,
    DAMASCUS,
    DOUMA,
    GHOUTA,
    IDLIB,
    IDLIB_MAY,
    JISR_AL_SHUGHUR,
    KABANA,
    KHAN_SHAYKHUN,
    MEMORANDUM,
    RASTAN,
    ghouta_zone,
    homs_zone,
    idlib_zone,
)
from truceline.agreements import service as agreements
from truceline.agreements.schemas import AgreementCreate
from truceline.common.paging import Page
from truceline.errors import UnknownReference
from truceline.geo.geometry import BBox
from truceline.zones import service
from truceline.zones.models import ZoneKind, ZoneQuery
from truceline.zones.schemas import ZoneCreate, ZoneUpdate, ZoneVersionAdd

IDLIB_KEY = "idlib-de-escalation-zone"
AUTUMN = date(2017, 10, 30)


def _seed(store, ctx):
    for data in (idlib_zone(), ghouta_zone(), homs_zone(kind="security_belt")):
        service.create_zone(store, ctx, ZoneCreate.model_validate(data))


def test_repository_roundtrips_zone_and_versions(any_store, ctx):
    _seed(any_store, ctx)
    zone = service.get_zone(any_store, IDLIB_KEY)
    assert zone.admin_areas[:2] == ["SY-ID Idlib", "SY-HL Aleppo (part)"] and zone.approximate
    assert [(v.number, v.valid_from, v.valid_until, v.status) for v in zone.versions] == [
        (1, MEMORANDUM, ASTANA_6, "proposed"), (2, ASTANA_6, None, "active")]
    assert zone.versions[0].geometry.equals(shape(IDLIB_MAY))
    assert zone.versions[1].note == "Astana 6" and zone.created_at.tzinfo is not None
    assert service.get_zone(any_store, zone.id).key == IDLIB_KEY


def test_repository_lists_by_name_with_filters_and_paging(any_store, ctx):
    _seed(any_store, ctx)
    everything = service.list_zones(any_store, ZoneQuery(), Page(limit=2))
    assert everything.count == 3 and [z.name for z in everything.items] == ["Eastern Ghouta",
                                                                            "Idlib de-escalation zone"]
    belts = service.list_zones(any_store, ZoneQuery(kind=ZoneKind.security_belt), Page())
    assert [z.key for z in belts.items] == ["northern-homs"]
    june = service.list_zones(any_store, ZoneQuery(at=date(2017, 6, 1)), Page())
    assert [z.key for z in june.items] == [IDLIB_KEY]


def test_repository_bbox_filter_is_exact_and_follows_the_date(any_store, ctx):
    _seed(any_store, ctx)
    around_kabana = BBox(KABANA.x - 0.02, KABANA.y - 0.02, KABANA.x + 0.02, KABANA.y + 0.02)
    may = service.list_zones(any_store, ZoneQuery(bbox=around_kabana, at=date(2017, 6, 1)), Page())
    assert [z.key for z in may.items] == [IDLIB_KEY]
    autumn = service.list_zones(any_store, ZoneQuery(bbox=around_kabana, at=AUTUMN), Page())
    assert autumn.count == 0
    any_time = service.list_zones(any_store, ZoneQuery(bbox=around_kabana), Page())
    assert any_time.count == 1
    # the box lies within the Ghouta zone's bounding box but outside its boundary
    corner = BBox(36.331, 33.450, 36.335, 33.453)
    assert service.list_zones(any_store, ZoneQuery(bbox=corner), Page()).count == 0
    south = BBox(36.0, 33.0, 37.0, 35.0)
    assert [z.key for z in service.list_zones(any_store, ZoneQuery(bbox=south, at=AUTUMN), Page()).items] == \
        ["eastern-ghouta", "northern-homs"]


def test_repository_containing_point_on_each_engine(any_store, ctx):
    _seed(any_store, ctx)
    for point, keys in [(IDLIB, [IDLIB_KEY]), (KHAN_SHAYKHUN, [IDLIB_KEY]), (JISR_AL_SHUGHUR, [IDLIB_KEY]),
                        (DOUMA, ["eastern-ghouta"]), (RASTAN, ["northern-homs"]), (DAMASCUS, []),
                        (ALEPPO, [])]:
        assert [z.key for z in service.zones_containing(any_store, point, AUTUMN)] == keys, point


def test_repository_containing_across_two_versions(any_store, ctx):
    _seed(any_store, ctx)
    assert [z.key for z in service.zones_containing(any_store, KABANA, date(2017, 9, 14))] == [IDLIB_KEY]
    assert service.zones_containing(any_store, KABANA, ASTANA_6) == []
    assert service.zones_containing(any_store, IDLIB, date(2017, 5, 5)) == []


def test_repository_containing_counts_the_boundary_edge(any_store, ctx):
    _seed(any_store, ctx)
    on_edge = shape(GHOUTA).exterior.interpolate(0.1)
    assert [z.key for z in service.zones_containing(any_store, on_edge, AUTUMN)] == ["eastern-ghouta"]


def test_repository_intersecting_a_line(any_store, ctx):
    _seed(any_store, ctx)
    damascus_to_homs = LineString([(p.x, p.y) for p in (DAMASCUS, DOUMA, RASTAN)])
    assert [z.key for z in service.zones_intersecting(any_store, damascus_to_homs, AUTUMN)] == \
        ["eastern-ghouta", "northern-homs"]
    assert service.zones_intersecting(any_store, damascus_to_homs, date(2017, 7, 1)) == []


def test_repository_saves_new_versions_and_updates(any_store, ctx):
    _seed(any_store, ctx)
    service.add_zone_version(any_store, ctx, "eastern-ghouta", ZoneVersionAdd(
        valid_from=date(2018, 4, 14), status="dissolved", geometry=GHOUTA, note="government control"))
    service.update_zone(any_store, ctx, "eastern-ghouta", ZoneUpdate(description="Douma, Harasta, Arbin"))
    zone = service.get_zone(any_store, "eastern-ghouta")
    assert [(v.number, v.valid_until) for v in zone.versions] == [(1, date(2018, 4, 14)), (2, None)]
    assert zone.description == "Douma, Harasta, Arbin" and zone.version == 3
    assert [c.version for c in service.zone_history(any_store, "eastern-ghouta")] == [1, 2, 3]
    assert service.zones_containing(any_store, DOUMA, date(2018, 5, 1))[0].version_on(
        date(2018, 5, 1)).status == "dissolved"


def test_repository_keeps_the_agreement_by_key(any_store, ctx):
    memorandum = agreements.create_agreement(any_store, ctx, AgreementCreate(
        key="astana-memorandum-2017", name="Memorandum on the creation of de-escalation areas",
        kind="memorandum", signed_on=date(2017, 5, 4)))
    _seed(any_store, ctx)
    service.update_zone(any_store, ctx, IDLIB_KEY, ZoneUpdate(agreement=memorandum.key))
    assert service.get_zone(any_store, IDLIB_KEY).agreement == "astana-memorandum-2017"
    created = service.list_zones(any_store, ZoneQuery(agreement="astana-memorandum-2017"), Page())
    assert [z.key for z in created.items] == [IDLIB_KEY]
    assert service.list_zones(any_store, ZoneQuery(agreement="nothing"), Page()).count == 0
    with pytest.raises(UnknownReference, match="unknown agreement 'nothing'"):
        service.update_zone(any_store, ctx, IDLIB_KEY, ZoneUpdate(agreement="nothing"))


def test_geometry_columns_have_gist_indexes_on_postgresql_only(engine):
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%'"))
            names = {r[0] for r in rows}
        assert {"ix_zone_versions_geometry", "ix_posts_location"} <= names
    else:
        names = {i["name"] for i in inspect(engine).get_indexes("zone_versions")}
        assert "ix_zone_versions_geometry" not in names and "ix_zone_versions_bbox" in names
