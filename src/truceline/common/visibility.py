"""Which records a reader may see: the release-level rule as data that queries can carry.

A record is visible to a reader when the view sees ``everything`` (the mechanism's staff); or the record is
``public`` (and, where records have ``published``, published when ``published_only``); or it is
``party_restricted``, the view has a ``party`` and the record's ``released_to`` lists it; or the view has an
``owner`` and the record was ``submitted_by`` them. ``mechanism`` records are for the staff alone.

Repositories turn a view into a query filter (``db/visibility.py``); the in-memory fakes and single-record
reads use ``admits``. ``accounts/policy.visibility`` builds the view of a principal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from truceline.common.models import KEY_RE, ReleaseLevel
from truceline.errors import InvalidValue


def _keys(value: list[str]) -> list[str]:
    return sorted(set(value))


# The parties a party_restricted record is released to: their keys, sorted and unique.
ReleasedTo = Annotated[list[Annotated[str, Field(pattern=KEY_RE.pattern)]], Field(max_length=50),
                       AfterValidator(_keys)]


class ReleaseChecked(BaseModel):
    """A record input with ``release`` and ``released_to``: only party_restricted records name parties."""

    @model_validator(mode="after")
    def _released_to_needs_party_restricted(self) -> ReleaseChecked:
        release, parties = getattr(self, "release", None), getattr(self, "released_to", None)
        if release is not None and parties:
            check_released_to(ReleaseLevel(release), list(parties))
        return self


class Visibility(BaseModel):
    model_config = ConfigDict(frozen=True)

    everything: bool = False
    levels: frozenset[ReleaseLevel] = frozenset({ReleaseLevel.public})
    party: str | None = None
    owner: str | None = None
    published_only: bool = True

    @classmethod
    def all(cls) -> Visibility:
        return cls(everything=True, levels=frozenset(ReleaseLevel), published_only=False)

    @classmethod
    def public(cls) -> Visibility:
        return cls()

    def admits(self, *, release: ReleaseLevel | str | None, released_to: Iterable[str] | None = None,
               published: bool | None = None, submitted_by: str | None = None) -> bool:
        """Whether a record with these fields is visible (``published`` None: the record has no such field)."""
        if self.everything:
            return True
        if self.owner is not None and submitted_by == self.owner:
            return True
        try:
            level = ReleaseLevel(release) if release is not None else None
        except ValueError:
            return False
        if level is None or level not in self.levels:
            return False
        if level == ReleaseLevel.public:
            return not (self.published_only and published is False)
        if level == ReleaseLevel.party_restricted:
            return self.party is not None and self.party in (released_to or ())
        return True  # mechanism, for a view that lists it (staff views see everything anyway)

    def admits_record(self, record: Any) -> bool:
        """``admits`` on an object or mapping, reading the fields it has."""
        def get(name: str) -> Any:
            return record.get(name) if isinstance(record, dict) else getattr(record, name, None)
        return self.admits(release=get("release"), released_to=get("released_to"), published=get("published"),
                           submitted_by=get("submitted_by"))


def check_released_to(release: ReleaseLevel, released_to: list[str]) -> list[str]:
    """The parties a record is released to, sorted and unique; only party-restricted records name any."""
    keys = sorted(set(released_to))
    if keys and release != ReleaseLevel.party_restricted:
        raise InvalidValue(f"released_to names parties but the release level is {release.value}: "
                           "only party_restricted records are released to named parties",
                           details=[{"field": "released_to", "value": keys}])
    return keys
