"""Observation coverage: which posts watched a zone, day by day, so that "no violation recorded" can be
told apart from "not observed"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from truceline.posts.models import PostState
from truceline.posts.service import posts_operating


def coverage(store: Any, zone_key: str, start: date, end: date) -> dict[str, Any]:
    """Posts of ``zone_key`` operating in ``[start, end)``, their days deployed, and whether the zone was
    observed (at least one post deployed) on each day."""
    posts = posts_operating(store, zone_key, start, end)  # checks the period and the zone
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    rows = []
    observed = dict.fromkeys(days, False)
    for post in posts:
        deployed = [d for d in days if post.state_on(d) == PostState.deployed]
        for d in deployed:
            observed[d] = True
        rows.append({"post": post.key, "name": post.name, "guarantor": post.guarantor,
                     "days_deployed": len(deployed),
                     "first_day": deployed[0].isoformat() if deployed else None,
                     "last_day": deployed[-1].isoformat() if deployed else None})
    return {"zone": zone_key, "start": start.isoformat(), "end": end.isoformat(), "posts": rows,
            "days": [{"day": d.isoformat(), "observed": observed[d]} for d in days],
            "observed_days": sum(observed.values()), "total_days": len(days)}
