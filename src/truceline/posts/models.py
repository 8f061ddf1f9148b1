"""Pure domain objects of the posts register: observation posts and checkpoints and their lifecycle."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import Visibility
from truceline.errors import InvalidTransition
from truceline.geo.geometry import BBox, Shape


class PostKind(StrEnum):
    observation_post = "observation_post"
    checkpoint = "checkpoint"
    monitoring_centre = "monitoring_centre"
    patrol_base = "patrol_base"


class PostState(StrEnum):
    """Lifecycle states, in the only order a post may move through them (skipping forward is allowed)."""

    proposed = "proposed"
    agreed = "agreed"
    deployed = "deployed"
    withdrawn = "withdrawn"


STATE_ORDER = {state: i for i, state in enumerate(PostState)}


class PostEvent(BaseModel):
    state: PostState
    on: date
    note: str | None = None


class Post(BaseModel):
    id: int
    key: str
    name: str
    kind: PostKind
    location: Shape  # a Point, WGS84
    zone: str | None = None  # key of the zone the post watches
    guarantor: str  # key of the responsible party (a guarantor or an observer)
    staffed_by: str | None = None  # e.g. "Russian military police"
    description: str | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: list[str] = []  # party keys a party_restricted record is released to
    lifecycle: list[PostEvent] = []
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def lon(self) -> float:
        return float(self.location.x)

    @property
    def lat(self) -> float:
        return float(self.location.y)

    @property
    def state(self) -> PostState | None:
        """The latest state recorded."""
        return self.lifecycle[-1].state if self.lifecycle else None

    @property
    def first_on(self) -> date | None:
        return self.lifecycle[0].on if self.lifecycle else None

    def state_on(self, at: date) -> PostState | None:
        """The state on ``at``: that of the last step on or before it (``None`` before the first)."""
        state = None
        for event in self.lifecycle:
            if event.on > at:
                break
            state = event.state
        return state

    def deployed_during(self, start: date, end: date) -> bool:
        """True when the post was deployed on some day of ``[start, end)``."""
        since = next((e.on for e in self.lifecycle if e.state == PostState.deployed), None)
        if since is None:
            return False
        until = next((e.on for e in self.lifecycle if e.state == PostState.withdrawn), None)
        return since < end and (until is None or until > start)


class PostQuery(BaseModel):
    """Filters of the post list; ``matches`` is the reference meaning that repositories implement."""

    zone: str | None = None
    guarantor: str | None = None
    kind: PostKind | None = None
    bbox: BBox | None = None  # location inside the box, edges included
    at: date | None = None  # only posts whose first lifecycle step is on or before that day
    state: PostState | None = None  # state on ``at`` (the latest state when ``at`` is not given)
    releases: frozenset[ReleaseLevel] | None = None  # only records of these release levels (who may read)
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, post: Post) -> bool:
        if self.view is not None and not self.view.admits_record(post):
            return False
        if self.releases is not None and post.release not in self.releases:
            return False
        if self.zone is not None and post.zone != self.zone:
            return False
        if self.guarantor is not None and post.guarantor != self.guarantor:
            return False
        if self.kind is not None and post.kind != self.kind:
            return False
        if self.bbox is not None and not self.bbox.contains(post.lon, post.lat):
            return False
        if self.at is not None and (post.first_on is None or post.first_on > self.at):
            return False
        if self.state is not None:
            state = post.state if self.at is None else post.state_on(self.at)
            return state == self.state
        return True


def check_lifecycle(events: list[PostEvent], *, what: str) -> None:
    """Raise ``InvalidTransition`` unless states only move forward and dates never go back."""
    for n, (prev, nxt) in enumerate(zip(events, events[1:], strict=False), start=2):
        step = f"{what}: lifecycle step {n} ({nxt.state} on {nxt.on.isoformat()})"
        if STATE_ORDER[nxt.state] <= STATE_ORDER[prev.state]:
            order = " → ".join(PostState)
            raise InvalidTransition(
                f"{step}: cannot go from {prev.state} to {nxt.state}; states only move forward ({order})",
                details=[{"field": f"lifecycle[{n - 1}].state", "value": nxt.state.value}])
        if nxt.on < prev.on:
            raise InvalidTransition(
                f"{step} is dated before step {n - 1} ({prev.state} on {prev.on.isoformat()})",
                details=[{"field": f"lifecycle[{n - 1}].on", "value": nxt.on.isoformat()}])
