"""Pure domain objects of the zones register: zones and their dated boundary versions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel

from truceline.common.models import ReleaseLevel, in_force
from truceline.common.visibility import Visibility
from truceline.geo.geometry import BBox, Shape, bbox_of


class ZoneKind(StrEnum):
    de_escalation_zone = "de_escalation_zone"
    security_belt = "security_belt"
    disengagement_area = "disengagement_area"
    buffer_zone = "buffer_zone"
    other = "other"


class ZoneStatus(StrEnum):
    proposed = "proposed"
    active = "active"
    suspended = "suspended"
    dissolved = "dissolved"


class ZoneVersion(BaseModel):
    """One boundary of a zone, in force over ``[valid_from, valid_until)``; ``number`` counts from 1 in
    ``valid_from`` order."""

    number: int
    valid_from: date
    valid_until: date | None = None
    status: ZoneStatus
    geometry: Shape  # Polygon or MultiPolygon, WGS84
    note: str | None = None

    def in_force(self, at: date) -> bool:
        return in_force(self.valid_from, self.valid_until, at)

    def bbox(self) -> BBox:
        return bbox_of(self.geometry)


class Zone(BaseModel):
    id: int
    key: str
    name: str
    kind: ZoneKind
    agreement: str | None = None  # key of the agreement that created the zone
    admin_areas: list[str] = []
    approximate: bool = False  # the boundary is drawn approximately
    description: str | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: list[str] = []  # party keys a party_restricted record is released to
    versions: list[ZoneVersion] = []  # ordered by valid_from, never overlapping
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def version_on(self, at: date) -> ZoneVersion | None:
        """The boundary in force on ``at``, if any."""
        return next((v for v in self.versions if v.in_force(at)), None)


class ZoneQuery(BaseModel):
    """Filters of the zone list; ``matches`` is the reference meaning that repositories implement."""

    kind: ZoneKind | None = None
    agreement: str | None = None
    bbox: BBox | None = None  # the boundary (in force on ``at`` when given, else any) intersects the box
    at: date | None = None  # only zones with a boundary in force that day
    releases: frozenset[ReleaseLevel] | None = None  # only records of these release levels (who may read)
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, zone: Zone) -> bool:
        if self.view is not None and not self.view.admits_record(zone):
            return False
        if self.releases is not None and zone.release not in self.releases:
            return False
        if self.kind is not None and zone.kind != self.kind:
            return False
        if self.agreement is not None and zone.agreement != self.agreement:
            return False
        versions = zone.versions
        if self.at is not None:
            current = zone.version_on(self.at)
            if current is None:
                return False
            versions = [current]
        if self.bbox is not None:
            box = self.bbox.polygon()
            return any(v.geometry.intersects(box) for v in versions)
        return True
