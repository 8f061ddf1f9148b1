"""Use-cases of the talks register: plain functions over domain objects and the ``TalksStore`` port."""

from __future__ import annotations

from typing import Any, Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.models import KEY_RE, check_key, check_order, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, revalidate
from truceline.common.visibility import Visibility
from truceline.errors import DuplicateName, InvalidValue, UnknownReference
from truceline.talks.models import TalksRound, TalksRoundQuery, TalksStatus, TimelineEntry
from truceline.talks.schemas import TalksRoundCreate, TalksRoundUpdate

ENTITY = "talks_round"
_ALL = Page(limit=10**9, offset=0)


class TalksRoundRepository(Protocol):
    def get(self, round_id: int) -> TalksRound | None: ...

    def get_by_key(self, key: str) -> TalksRound | None: ...

    def add(self, talks_round: TalksRound) -> TalksRound:
        """Store a new round (its ``id`` is ignored) and return it with its id."""
        ...

    def save(self, talks_round: TalksRound) -> None: ...

    def list(self, query: TalksRoundQuery, page: Page) -> Paged[TalksRound]:
        """Rounds matching ``query``, ordered by ``starts_on`` then id."""
        ...


class KeyLookup(Protocol):
    """What this register needs of another register: does a record with that key exist?"""

    def get_by_key(self, key: str) -> Any | None: ...


class TalksStore(Protocol):
    @property
    def talks(self) -> TalksRoundRepository: ...

    @property
    def parties(self) -> KeyLookup: ...

    @property
    def agreements(self) -> KeyLookup: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_talks_round(store: TalksStore, ref: str | int) -> TalksRound:
    """A round by id or key."""
    return fetch(store.talks, ref, what="talks round")


def list_talks_rounds(store: TalksStore, query: TalksRoundQuery, page: Page) -> Paged[TalksRound]:
    check_order(query.date_from, query.date_to, what="talks period", start_name="from", end_name="to")
    if query.party is not None and store.parties.get_by_key(query.party) is None:
        raise UnknownReference(f"unknown party '{query.party}'", details=[{"field": "party",
                                                                          "value": query.party}])
    return store.talks.list(query, page)


def talks_timeline(store: TalksStore, *, track: str | None = None,
                   view: Visibility | None = None) -> list[TimelineEntry]:
    """Every round (of one track, or of all) the reader may see, by start date, with its number of
    delegations and outcomes."""
    rounds = store.talks.list(TalksRoundQuery(track=track, view=view), _ALL).items
    rounds.sort(key=lambda r: (r.starts_on, r.track, r.number or 0, r.id))
    return [TimelineEntry.of(r) for r in rounds]


def create_talks_round(store: TalksStore, ctx: Ctx, data: TalksRoundCreate) -> TalksRound:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.talks.get_by_key(key) is not None:
        raise DuplicateName(f"a talks round with key '{key}' already exists",
                            details=[{"field": "key", "value": key}])
    now = ctx.clock.now()
    talks_round = TalksRound(id=0, key=key, created_at=now, updated_at=now,
                             **data.model_dump(exclude={"key", "delegations", "working_groups", "outcomes"}),
                             delegations=data.delegations, working_groups=data.working_groups,
                             outcomes=data.outcomes)
    talks_round = store.talks.add(_checked(store, ctx, talks_round))
    record_change(store.changes, ctx, entity=ENTITY, before=None, after=talks_round)
    return talks_round


def update_talks_round(store: TalksStore, ctx: Ctx, ref: str | int, data: TalksRoundUpdate) -> TalksRound:
    before = get_talks_round(store, ref)
    check_version(before, data.expected_version, what=f"talks round '{before.key}'")
    after = _checked(store, ctx, apply_update(before, data, updated_at=ctx.clock.now()))
    store.talks.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def talks_round_history(store: TalksStore, ref: str | int) -> list[Change]:
    talks_round = get_talks_round(store, ref)
    return store.changes.for_record(ENTITY, talks_round.id)


def _checked(store: TalksStore, ctx: Ctx, talks_round: TalksRound) -> TalksRound:
    """Validate the domain rules of a round about to be stored."""
    talks_round = revalidate(talks_round)  # an update may have nulled a required field
    what = f"talks round '{talks_round.key}'"
    if not KEY_RE.match(talks_round.track):
        raise InvalidValue(f"'{talks_round.track}' is not a valid track: use a slug such as 'astana'",
                           details=[{"field": "track", "value": talks_round.track}])
    check_order(talks_round.starts_on, talks_round.ends_on, what=what,
                start_name="starts_on", end_name="ends_on")
    today = ctx.clock.now().date()
    if talks_round.status == TalksStatus.held and talks_round.last_day > today:
        raise InvalidValue(f"{what} cannot be 'held': it ends on {talks_round.last_day.isoformat()}, "
                           f"after today ({today.isoformat()})",
                           details=[{"field": "status", "value": talks_round.status.value}])
    _check_number(store, talks_round)
    _check_delegations(store, talks_round)
    _check_outcomes(store, talks_round)
    return talks_round


def _check_number(store: TalksStore, talks_round: TalksRound) -> None:
    if talks_round.number is None:
        return
    for other in store.talks.list(TalksRoundQuery(track=talks_round.track), _ALL).items:
        if other.id != talks_round.id and other.number == talks_round.number:
            raise DuplicateName(f"round {talks_round.number} of track '{talks_round.track}' is already "
                                f"'{other.key}'", details=[{"field": "number", "value": talks_round.number}])


def _check_delegations(store: TalksStore, talks_round: TalksRound) -> None:
    seen: set[str] = set()
    for delegation in talks_round.delegations:
        if delegation.party in seen:
            raise InvalidValue(f"party '{delegation.party}' has more than one delegation at "
                               f"'{talks_round.key}'",
                               details=[{"field": "delegations.party", "value": delegation.party}])
        seen.add(delegation.party)
        if store.parties.get_by_key(delegation.party) is None:
            raise UnknownReference(f"delegation names unknown party '{delegation.party}'",
                                   details=[{"field": "delegations.party", "value": delegation.party}])


def _check_outcomes(store: TalksStore, talks_round: TalksRound) -> None:
    for outcome in talks_round.outcomes:
        if outcome.on is not None and not talks_round.starts_on <= outcome.on <= talks_round.last_day:
            raise InvalidValue(
                f"outcome dated {outcome.on.isoformat()} is outside the round's dates "
                f"({talks_round.starts_on.isoformat()} to {talks_round.last_day.isoformat()})",
                details=[{"field": "outcomes.on", "value": outcome.on.isoformat()}])
        if outcome.agreement is not None and store.agreements.get_by_key(outcome.agreement) is None:
            raise UnknownReference(f"outcome names unknown agreement '{outcome.agreement}'",
                                   details=[{"field": "outcomes.agreement", "value": outcome.agreement}])
