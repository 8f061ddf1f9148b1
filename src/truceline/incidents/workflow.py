"""The verification workflow: status transitions, grading with a rationale, assignment, the edit lock."""

from __future__ import annotations

from datetime import timedelta

from truceline.common.context import Ctx
from truceline.common.models import ReleaseLevel
from truceline.common.visibility import check_released_to
from truceline.errors import InvalidValue, UnknownReference
from truceline.incidents.base import IncidentStore, check_lock, commit, get_incident
from truceline.incidents.models import Grade, Incident, IncidentStatus, check_transition

MIN_RATIONALE = 10
MAX_LOCK_MINUTES = 8 * 60


def set_status(store: IncidentStore, ctx: Ctx, ref: str | int, status: IncidentStatus, *,
               reason: str | None = None) -> Incident:
    """Move an incident along the workflow; ``graded`` is reached through ``grade`` only."""
    status = IncidentStatus(status)
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    check_transition(incident.status, status)
    if status == IncidentStatus.graded:
        raise InvalidValue("an incident is graded with a grade and its rationale: use grade",
                           details=[{"field": "status", "value": status}])
    update: dict[str, object] = {"status": status}
    if incident.status == IncidentStatus.graded:  # reopened: the old grade no longer stands, nor its publication
        update.update(grade=None, grade_rationale=None, published=False)
    return commit(store, ctx, incident, incident.model_copy(update=update),
                  reason=reason or f"status {incident.status} -> {status}")


def grade(store: IncidentStore, ctx: Ctx, ref: str | int, value: Grade, *, rationale: str) -> Incident:
    """Grade an incident under verification; the written rationale is required."""
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    text = (rationale or "").strip()
    if len(text) < MIN_RATIONALE:
        raise InvalidValue(f"a grade needs a written rationale of at least {MIN_RATIONALE} characters",
                           details=[{"field": "rationale", "value": rationale}])
    check_transition(incident.status, IncidentStatus.graded)
    value = Grade(value)
    after = incident.model_copy(update={"status": IncidentStatus.graded, "grade": value,
                                        "grade_rationale": text})
    return commit(store, ctx, incident, after, reason=f"graded {value}: {text}")


def publish(store: IncidentStore, ctx: Ctx, ref: str | int, *, published: bool = True,
            reason: str | None = None) -> Incident:
    """Publish a graded incident (public readers, published bulletins and feeds then see it), or withdraw
    it from publication. Only a graded incident can be published: its grade and rationale go with it."""
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    if published and incident.status != IncidentStatus.graded:
        raise InvalidValue(f"only a graded incident can be published; this one is {incident.status}",
                           details=[{"field": "published", "value": published}])
    if incident.published == published:
        return incident
    # publication is the release to the public; withdrawal gives the incident back to the mechanism
    release = ReleaseLevel.public if published else ReleaseLevel.mechanism
    update = {"published": published, "release": release, "released_to": []}
    return commit(store, ctx, incident, incident.model_copy(update=update),
                  reason=reason or ("published" if published else "withdrawn from publication"))


def set_release(store: IncidentStore, ctx: Ctx, ref: str | int, release: ReleaseLevel, *,
                released_to: list[str] | None = None, reason: str | None = None) -> Incident:
    """Set who may read an unpublished incident: the mechanism only, or named parties' liaisons too
    (``party_restricted``, e.g. to ask for their confirmation). A published incident is public: withdraw
    it from publication first."""
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    release = ReleaseLevel(release)
    parties = check_released_to(release, released_to or [])
    if incident.published:
        raise InvalidValue("a published incident is public: withdraw it from publication before restricting it",
                           details=[{"field": "release", "value": release.value}])
    if release == ReleaseLevel.public:
        raise InvalidValue("an incident reaches the public by publication (publish), not by its release level",
                           details=[{"field": "release", "value": release.value}])
    if release == ReleaseLevel.party_restricted and not parties:
        raise InvalidValue("a party_restricted incident names the parties it is released to (released_to)",
                           details=[{"field": "released_to", "value": parties}])
    for key in parties:
        if store.parties.get_by_key(key) is None:
            raise UnknownReference(f"released_to: unknown party {key!r}",
                                   details=[{"field": "released_to", "value": key}])
    if (incident.release, incident.released_to) == (release, parties):
        return incident
    shown = f"{release.value}" + (f" to {', '.join(parties)}" if parties else "")
    return commit(store, ctx, incident, incident.model_copy(update={"release": release, "released_to": parties}),
                  reason=reason or f"released: {shown}")


def assign(store: IncidentStore, ctx: Ctx, ref: str | int, user: str | None, *, reason: str | None = None
           ) -> Incident:
    """Give the incident to an analyst (``None`` unassigns it)."""
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    user = user.strip() if user else None
    return commit(store, ctx, incident, incident.model_copy(update={"assigned_to": user or None}),
                  reason=reason or (f"assigned to {user}" if user else "unassigned"))


def lock(store: IncidentStore, ctx: Ctx, ref: str | int, *, minutes: int = 15) -> Incident:
    """Take (or extend) the edit lock for ``minutes``: others cannot change the incident meanwhile."""
    if not 1 <= minutes <= MAX_LOCK_MINUTES:
        raise InvalidValue(f"a lock lasts 1 to {MAX_LOCK_MINUTES} minutes, not {minutes}",
                           details=[{"field": "minutes", "value": minutes}])
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    until = ctx.clock.now() + timedelta(minutes=minutes)
    return commit(store, ctx, incident, incident.model_copy(update={"locked_by": ctx.actor, "locked_until": until}),
                  reason=f"locked by {ctx.actor} until {until.isoformat()}")


def unlock(store: IncidentStore, ctx: Ctx, ref: str | int) -> Incident:
    """Release the lock; only its holder may, unless it has run out."""
    incident = get_incident(store, ref)
    if incident.locked_by is None:
        return incident
    check_lock(incident, ctx)
    return commit(store, ctx, incident, incident.model_copy(update={"locked_by": None, "locked_until": None}),
                  reason=f"unlocked by {ctx.actor}")
