"""OGC API – Features: published zones, posts and incidents as GeoJSON collections."""
