"""The humanitarian windows register as a file: a GeoJSON FeatureCollection, one Feature per window.

Each feature's ``geometry`` is the window's area (Polygon or MultiPolygon) or its route (LineString, with
``buffer_m`` in the properties); its ``properties`` are the other fields of ``WindowCreate`` (``key``,
``name``, ``purpose``, ``buffer_m``, ``start``, ``end`` with their timezone, ``status`` — requested,
agreed or cancelled —, ``parties_notified``, ``guarantees``, ``description``, ``release``). The feature
``id`` is the key. Parties are named by key and must exist (import the parties file first). Export writes
this same shape, so the register round-trips; importing a window that exists replaces its fields and may
move its status through an allowed transition.
"""

from __future__ import annotations

from typing import Any

from truceline.errors import FileInputError
from truceline.geo.geometry import to_geojson
from truceline.humanitarian import window_service as service
from truceline.humanitarian.window_models import HumanitarianWindow, WindowQuery
from truceline.humanitarian.window_schemas import WindowCreate, WindowImportUpdate
from truceline.registers import ALL, RegisterSpec
from truceline.zones.register import FILE_SHAPE, features_of

FIELDS = ("key", "name", "purpose", "buffer_m", "start", "end", "status", "parties_notified", "guarantees",
          "description", "release")


def spec() -> RegisterSpec:
    return RegisterSpec(
        name="windows", entity=service.ENTITY, create_schema=WindowCreate, update_schema=WindowImportUpdate,
        get_by_key=lambda store, key: store.windows.get_by_key(key),
        create=service.create_window, update=service.update_window,
        list_all=lambda store: service.list_windows(store, WindowQuery(), ALL).items,
        file_format="geojson", file_shape=FILE_SHAPE,
        items_from_document=window_items, document_from_records=window_document,
    )


def window_items(doc: Any) -> list[dict[str, Any]] | None:
    features = features_of(doc, register="windows")
    if features is None:
        return None
    items = []
    for i, feature in enumerate(features, start=1):
        item = dict(feature["properties"])
        if "area" in item or "route" in item:
            raise FileInputError(f"windows feature {i}: the area or route is the feature's geometry, "
                                 "not a property")
        geometry = feature.get("geometry")
        is_route = isinstance(geometry, dict) and geometry.get("type") == "LineString"
        item["route" if is_route else "area"] = geometry
        if "key" not in item and isinstance(feature.get("id"), str):
            item["key"] = feature["id"]
        items.append(item)
    return items


def window_document(windows: list[HumanitarianWindow]) -> dict[str, Any]:
    features = []
    for w in windows:
        geometry = w.route if w.route is not None else w.area
        assert geometry is not None
        features.append({"type": "Feature", "id": w.key, "geometry": to_geojson(geometry),
                         "properties": w.model_dump(mode="json", include=set(FIELDS))})
    return {"type": "FeatureCollection", "features": features}
