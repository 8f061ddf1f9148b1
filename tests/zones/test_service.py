"""Zone register use-cases on the in-memory store (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from tests.zones.places import (
    ASTANA_6,
    DOUMA,
    GHOUTA,
    IDLIB,
    IDLIB_MAY,
    IDLIB_SEPT,
    KABANA,
    MEMORANDUM,
    ghouta_zone,
    idlib_zone,
    polygon,
)
from truceline.common.paging import Page
from truceline.errors import DatesOutOfOrder, DuplicateName, InvalidGeometry, NotFound, StaleVersion, UnknownReference
from truceline.testing.memory import MemoryStore
from truceline.zones import service
from truceline.zones.models import ZoneQuery, ZoneStatus
from truceline.zones.schemas import ZoneCreate, ZoneImportUpdate, ZoneUpdate, ZoneVersionAdd


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


def _create(store, ctx, data):
    return service.create_zone(store, ctx, ZoneCreate.model_validate(data))


def test_create_zone_derives_key_orders_and_numbers_versions(store, ctx):
    data = idlib_zone()
    data["versions"].reverse()
    zone = _create(store, ctx, data)
    assert zone.key == "idlib-de-escalation-zone" and zone.version == 1
    assert [(v.number, v.valid_from) for v in zone.versions] == [(1, MEMORANDUM), (2, ASTANA_6)]
    assert zone.versions[1].geometry.covers(IDLIB)


def test_create_zone_records_history_with_geojson_geometry(store, ctx):
    zone = _create(store, ctx, ghouta_zone())
    [change] = service.zone_history(store, zone.key)
    assert change.action == "create" and change.entity == "zone"
    assert change.after["versions"][0]["geometry"] == GHOUTA


def test_create_zone_rejects_duplicate_key(store, ctx):
    _create(store, ctx, ghouta_zone())
    with pytest.raises(DuplicateName, match="already exists"):
        _create(store, ctx, ghouta_zone())


@pytest.mark.parametrize("geometry, message", [
    (polygon((36.3, 33.4), (36.6, 33.7), (36.6, 33.4), (36.3, 33.7)), "Self-intersection"),
    ({"type": "Polygon", "coordinates": [[[36.3, 33.4], [36.6, 33.4], [36.6, 33.7], [36.3, 33.7]]]},
     "not closed"),
    (polygon((36.3, 33.4), (36.6, 95.0), (36.6, 33.4)), "latitude 95 is outside"),
    ({"type": "LineString", "coordinates": [[36.3, 33.4], [36.6, 33.7]]}, "LineString is not allowed"),
    ({"type": "MultiPolygon", "coordinates": []}, "is empty"),
])
def test_create_zone_rejects_invalid_geometry(store, ctx, geometry, message):
    data = ghouta_zone(versions=[{"valid_from": "2017-07-22", "geometry": geometry}])
    with pytest.raises(InvalidGeometry, match=message) as info:
        _create(store, ctx, data)
    assert info.value.user_message.startswith("versions[0].geometry: ")


@pytest.mark.parametrize("versions, message", [
    ([{"valid_from": "2017-05-06", "geometry": IDLIB_MAY},
      {"valid_from": "2017-09-15", "geometry": IDLIB_SEPT}], r"\(until open-ended\) is still in force"),
    ([{"valid_from": "2017-05-06", "valid_until": "2017-10-01", "geometry": IDLIB_MAY},
      {"valid_from": "2017-09-15", "geometry": IDLIB_SEPT}], "boundary versions overlap"),
    ([{"valid_from": "2017-05-06", "valid_until": "2017-05-06", "geometry": IDLIB_MAY}], "not after its"),
    ([{"valid_from": "2017-05-06", "valid_until": "2017-01-01", "geometry": IDLIB_MAY}], "not after its"),
])
def test_create_zone_rejects_versions_out_of_order(store, ctx, versions, message):
    with pytest.raises(DatesOutOfOrder, match=message):
        _create(store, ctx, idlib_zone(versions=versions))


def test_create_zone_allows_gap_between_versions(store, ctx):
    zone = _create(store, ctx, idlib_zone(versions=[
        {"valid_from": "2017-05-06", "valid_until": "2017-06-01", "geometry": IDLIB_MAY},
        {"valid_from": "2017-09-15", "geometry": IDLIB_SEPT}]))
    assert zone.version_on(date(2017, 7, 1)) is None


def test_create_zone_rejects_unknown_agreement(store, ctx):
    with pytest.raises(UnknownReference, match="unknown agreement 'astana-memorandum-2017'") as info:
        _create(store, ctx, idlib_zone(agreement="astana-memorandum-2017"))
    assert info.value.details == [{"field": "agreement", "value": "astana-memorandum-2017"}]


def test_version_on_is_the_boundary_in_force(store, ctx):
    zone = _create(store, ctx, idlib_zone())
    assert zone.version_on(date(2017, 5, 5)) is None
    assert zone.version_on(MEMORANDUM).number == 1
    assert zone.version_on(date(2017, 9, 14)).status == ZoneStatus.proposed
    assert zone.version_on(ASTANA_6).number == 2
    assert service.zone_on(store, zone.key, date(2018, 1, 1)).status == ZoneStatus.active
    with pytest.raises(NotFound):
        service.zone_on(store, "raqqa", ASTANA_6)


def test_add_zone_version_closes_open_version(store, ctx):
    zone = _create(store, ctx, idlib_zone(versions=[{"valid_from": "2017-05-06", "geometry": IDLIB_MAY}]))
    after = service.add_zone_version(store, ctx, zone.key, ZoneVersionAdd(
        valid_from=ASTANA_6, status="active", geometry=IDLIB_SEPT, reason="Astana 6 communique"))
    assert [(v.number, v.valid_from, v.valid_until) for v in after.versions] == [
        (1, MEMORANDUM, ASTANA_6), (2, ASTANA_6, None)]
    assert after.version == 2
    history = service.zone_history(store, zone.key)
    assert history[1].reason == "Astana 6 communique" and history[1].changed_fields() == ["versions"]


def test_add_zone_version_before_the_last_overlaps(store, ctx):
    zone = _create(store, ctx, idlib_zone())
    with pytest.raises(DatesOutOfOrder, match="overlap"):
        service.add_zone_version(store, ctx, zone.key, ZoneVersionAdd(valid_from=date(2017, 6, 1),
                                                                      geometry=IDLIB_MAY))


def test_add_zone_version_checks_geometry_and_version(store, ctx):
    zone = _create(store, ctx, ghouta_zone())
    with pytest.raises(InvalidGeometry, match="^geometry: "):
        service.add_zone_version(store, ctx, zone.key, ZoneVersionAdd(
            valid_from=date(2018, 1, 1), geometry={"type": "Point", "coordinates": [36.4, 33.57]}))
    with pytest.raises(StaleVersion):
        service.add_zone_version(store, ctx, zone.key, ZoneVersionAdd(
            valid_from=date(2018, 1, 1), geometry=GHOUTA, expected_version=3))


def test_update_zone_changes_fields_not_versions(store, ctx):
    zone = _create(store, ctx, ghouta_zone())
    after = service.update_zone(store, ctx, zone.key, ZoneUpdate(admin_areas=["SY-RD Rif Dimashq"],
                                                                 approximate=True))
    assert after.admin_areas == ["SY-RD Rif Dimashq"] and after.approximate and after.versions == zone.versions
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        ZoneUpdate.model_validate({"versions": []})


def test_import_update_replaces_versions(store, ctx):
    zone = _create(store, ctx, idlib_zone())
    after = service.update_zone(store, ctx, zone.key, ZoneImportUpdate(
        versions=[{"valid_from": "2017-09-15", "geometry": IDLIB_SEPT}]))
    assert [v.valid_from for v in after.versions] == [ASTANA_6]


def test_zones_containing_and_intersecting_use_the_boundary_in_force(store, ctx):
    _create(store, ctx, idlib_zone())
    _create(store, ctx, ghouta_zone())
    assert [z.key for z in service.zones_containing(store, KABANA, date(2017, 6, 1))] == \
        ["idlib-de-escalation-zone"]
    assert service.zones_containing(store, KABANA, date(2017, 10, 1)) == []
    assert [z.key for z in service.zones_containing(store, DOUMA, date(2017, 10, 1))] == ["eastern-ghouta"]
    both = service.zones_intersecting(store, IDLIB.buffer(3), date(2017, 10, 1))
    assert [z.key for z in both] == ["eastern-ghouta", "idlib-de-escalation-zone"]


def test_list_zones_filters(store, ctx):
    _create(store, ctx, idlib_zone())
    _create(store, ctx, ghouta_zone(kind="other"))
    assert service.list_zones(store, ZoneQuery(kind="other"), Page()).count == 1
    assert [z.key for z in service.list_zones(store, ZoneQuery(at=date(2017, 6, 1)), Page()).items] == \
        ["idlib-de-escalation-zone"]
