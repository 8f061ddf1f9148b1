"""The posts register as a file: a GeoJSON FeatureCollection with one Point Feature per post.

Each feature's ``geometry`` is the post's location and its ``properties`` are the fields of ``PostCreate``
other than ``location`` (``key``, ``name``, ``kind``, ``zone``, ``guarantor``, ``staffed_by``,
``description``, ``release``, ``lifecycle``)::

    {"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "salwa", "geometry": {"type": "Point", "coordinates": [36.78, 36.25]},
       "properties": {"key": "salwa", "name": "Salwa observation post", "kind": "observation_post",
                      "zone": "idlib", "guarantor": "turkey",
                      "lifecycle": [{"state": "deployed", "on": "2017-10-13", "note": null}], ...}}]}

The feature ``id`` is the post's key: it is used when ``properties`` have no ``key``. Zones and parties are
named by key and must exist (import the zones file first). Export writes this same shape, so the register
round-trips; importing a post that exists replaces its fields, lifecycle included.
"""

from __future__ import annotations

from typing import Any

from truceline.errors import FileInputError
from truceline.geo.geometry import to_geojson
from truceline.posts import service
from truceline.posts.models import Post, PostQuery
from truceline.posts.schemas import PostCreate, PostUpdate
from truceline.registers import ALL, RegisterSpec
from truceline.zones.register import FILE_SHAPE, features_of

FIELDS = ("key", "name", "kind", "zone", "guarantor", "staffed_by", "description", "release", "lifecycle")


def spec() -> RegisterSpec:
    return RegisterSpec(
        name="posts", entity=service.ENTITY, create_schema=PostCreate, update_schema=PostUpdate,
        get_by_key=lambda store, key: store.posts.get_by_key(key),
        create=service.create_post, update=service.update_post,
        list_all=lambda store: service.list_posts(store, PostQuery(), ALL).items,
        file_format="geojson", file_shape=FILE_SHAPE,
        items_from_document=post_items, document_from_records=post_document,
    )


def post_items(doc: Any) -> list[dict[str, Any]] | None:
    features = features_of(doc, register="posts")
    if features is None:
        return None
    items = []
    for i, feature in enumerate(features, start=1):
        item = dict(feature["properties"])
        if "location" in item:
            raise FileInputError(f"posts feature {i}: the location is the feature's geometry, "
                                 "not a property")
        item["location"] = feature.get("geometry")
        if "key" not in item and isinstance(feature.get("id"), str):
            item["key"] = feature["id"]
        items.append(item)
    return items


def post_document(posts: list[Post]) -> dict[str, Any]:
    features = [{"type": "Feature", "id": post.key, "geometry": to_geojson(post.location),
                 "properties": post.model_dump(mode="json", include=set(FIELDS))} for post in posts]
    return {"type": "FeatureCollection", "features": features}
