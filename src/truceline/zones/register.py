"""The zones register as a file: a GeoJSON FeatureCollection with one Feature per boundary version.

Each feature's ``geometry`` is one boundary (Polygon or MultiPolygon, WGS84) and its ``properties`` hold
the zone's fields (``key``, ``name``, ``kind``, ``agreement``, ``admin_areas``, ``approximate``,
``description``, ``release``) and that version's fields (``valid_from``, ``valid_until``, ``status``,
``note``)::

    {"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "idlib/1", "geometry": {"type": "Polygon", "coordinates": [...]},
       "properties": {"key": "idlib", "name": "Idlib de-escalation zone", "kind": "de_escalation_zone",
                      "valid_from": "2017-09-15", "valid_until": null, "status": "active", ...}}]}

Features with the same ``key`` (or, without a key, the same ``name``) are the versions of one zone, in any
order. The zone's fields may be given on one feature only; where repeated they must agree. The feature
``id`` (``<key>/<version number>``) is written on export and ignored on import. Importing a zone that exists
replaces its versions with those of the file. Export writes this same shape, so the register round-trips.
"""

from __future__ import annotations

from typing import Any

from truceline.errors import FileInputError
from truceline.geo.geometry import to_geojson
from truceline.registers import ALL, RegisterSpec
from truceline.zones import service
from truceline.zones.models import Zone, ZoneQuery
from truceline.zones.schemas import ZoneCreate, ZoneImportUpdate

ZONE_FIELDS = ("key", "name", "kind", "agreement", "admin_areas", "approximate", "description", "release")
VERSION_FIELDS = ("valid_from", "valid_until", "status", "note")
FILE_SHAPE = 'a GeoJSON FeatureCollection: {"type": "FeatureCollection", "features": [...]}'


def spec() -> RegisterSpec:
    return RegisterSpec(
        name="zones", entity=service.ENTITY, create_schema=ZoneCreate, update_schema=ZoneImportUpdate,
        get_by_key=lambda store, key: store.zones.get_by_key(key),
        create=service.create_zone, update=service.update_zone,
        list_all=lambda store: service.list_zones(store, ZoneQuery(), ALL).items,
        file_format="geojson", file_shape=FILE_SHAPE,
        items_from_document=zone_items, document_from_records=zone_document,
    )


def features_of(doc: Any, *, register: str) -> list[dict[str, Any]] | None:
    """The features of a FeatureCollection, each checked to be a Feature object; ``None`` if ``doc`` is not
    a FeatureCollection."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" \
            or not isinstance(doc.get("features"), list):
        return None
    for i, feature in enumerate(doc["features"], start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise FileInputError(f"{register} feature {i}: not a GeoJSON Feature object")
        if not isinstance(feature.get("properties"), dict):
            raise FileInputError(f"{register} feature {i}: 'properties' must be an object")
    return doc["features"]


def zone_items(doc: Any) -> list[dict[str, Any]] | None:
    """Group the version features of a file into ``ZoneCreate`` items, in order of first appearance."""
    features = features_of(doc, register="zones")
    if features is None:
        return None
    items: dict[str, dict[str, Any]] = {}
    first_seen: dict[str, int] = {}
    for i, feature in enumerate(features, start=1):
        props = dict(feature["properties"])
        group = props.get("key") or props.get("name")
        if not isinstance(group, str) or not group:
            raise FileInputError(f"zones feature {i}: properties need a 'key' or a 'name'")
        version = {f: props.pop(f) for f in VERSION_FIELDS if f in props}
        version["geometry"] = feature.get("geometry")
        item = items.setdefault(group, {"versions": []})
        for field, value in props.items():
            if field in item and item[field] != value:
                raise FileInputError(f"zones feature {i}: '{field}' is {value!r} but feature "
                                     f"{first_seen[group]} of zone '{group}' says {item[field]!r}")
            item[field] = value
        first_seen.setdefault(group, i)
        item["versions"].append(version)
    return list(items.values())


def zone_document(zones: list[Zone]) -> dict[str, Any]:
    features = []
    for zone in zones:
        fields = zone.model_dump(mode="json", include=set(ZONE_FIELDS))
        for v in zone.versions:
            props = {**fields, **v.model_dump(mode="json", include=set(VERSION_FIELDS))}
            features.append({"type": "Feature", "id": f"{zone.key}/{v.number}",
                             "geometry": to_geojson(v.geometry), "properties": props})
    return {"type": "FeatureCollection", "features": features}
