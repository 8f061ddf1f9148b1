"""Geometry helpers: GeoJSON in and out of shapely, WGS84 checks, distances on the sphere."""
