"""The hazard areas register as a file: a GeoJSON FeatureCollection with one Polygon Feature per area.

Each feature's ``geometry`` is the area and its ``properties`` are the other fields of ``HazardCreate``
(``key``, ``name``, ``type``, ``history``, ``clearances``, ``accidents`` — each accident's ``place`` a
GeoJSON Point —, ``description``, ``release``). The feature ``id`` is the key, used when ``properties``
have no ``key``. Export writes this same shape, so the register round-trips; importing an area that exists
replaces its fields and lists.
"""

from __future__ import annotations

from typing import Any

from truceline.errors import FileInputError
from truceline.geo.geometry import to_geojson
from truceline.humanitarian import hazard_service as service
from truceline.humanitarian.hazard_models import HazardArea, HazardQuery
from truceline.humanitarian.hazard_schemas import HazardCreate, HazardUpdate
from truceline.registers import ALL, RegisterSpec
from truceline.zones.register import FILE_SHAPE, features_of

FIELDS = ("key", "name", "type", "history", "clearances", "accidents", "description", "release")


def spec() -> RegisterSpec:
    return RegisterSpec(
        name="hazards", entity=service.ENTITY, create_schema=HazardCreate, update_schema=HazardUpdate,
        get_by_key=lambda store, key: store.hazards.get_by_key(key),
        create=service.create_hazard, update=service.update_hazard,
        list_all=lambda store: service.list_hazards(store, HazardQuery(), ALL).items,
        file_format="geojson", file_shape=FILE_SHAPE,
        items_from_document=hazard_items, document_from_records=hazard_document,
    )


def hazard_items(doc: Any) -> list[dict[str, Any]] | None:
    features = features_of(doc, register="hazards")
    if features is None:
        return None
    items = []
    for i, feature in enumerate(features, start=1):
        item = dict(feature["properties"])
        if "geometry" in item:
            raise FileInputError(f"hazards feature {i}: the area is the feature's geometry, not a property")
        item["geometry"] = feature.get("geometry")
        if "key" not in item and isinstance(feature.get("id"), str):
            item["key"] = feature["id"]
        items.append(item)
    return items


def hazard_document(hazards: list[HazardArea]) -> dict[str, Any]:
    features = [{"type": "Feature", "id": h.key, "geometry": to_geojson(h.geometry),
                 "properties": h.model_dump(mode="json", include=set(FIELDS))} for h in hazards]
    return {"type": "FeatureCollection", "features": features}
