"""What changed between two bulletins: which counts, and which incidents made them change.

Counts are compared by their path (``compute.flatten``), on the period's own counts (not the previous
period's). A count is listed when its number or the incidents behind it differ. Each incident that entered
or left a count is named with the reason: ``added`` (not in the earlier bulletin's frozen set), ``removed``
(not in the later one), or ``changed`` (in both, at another version or with another snapshot; the snapshot
fields that differ are named).
"""

from __future__ import annotations

from typing import Literal

from truceline.bulletins.compute import flatten
from truceline.bulletins.models import Bulletin, Frozen, IncidentSnapshot


class IncidentChange(Frozen):
    uid: str
    change: Literal["added", "removed", "changed"]
    version_before: int | None = None
    version_after: int | None = None
    fields: tuple[str, ...] = ()  # snapshot fields that differ (``changed`` only)

    def describe(self) -> str:
        if self.change == "added":
            return f"{self.uid} added (version {self.version_after})"
        if self.change == "removed":
            return f"{self.uid} removed (was version {self.version_before})"
        versions = (f"version {self.version_before} -> {self.version_after}"
                    if self.version_before != self.version_after else f"version {self.version_after}")
        return f"{self.uid} changed ({versions}: {', '.join(self.fields) or 'no field'})"


class CountChange(Frozen):
    path: str
    before: int | None  # None: the earlier bulletin has no such count
    after: int | None
    entered: tuple[IncidentChange, ...] = ()  # behind the later count, not behind the earlier one
    left: tuple[IncidentChange, ...] = ()  # behind the earlier count, not behind the later one

    def describe(self) -> list[str]:
        delta = (self.after or 0) - (self.before or 0)
        lines = [f"{self.path}: {self.before if self.before is not None else '-'} -> "
                 f"{self.after if self.after is not None else '-'} ({delta:+d})"]
        lines += [f"  + {c.describe()}" for c in self.entered]
        lines += [f"  - {c.describe()}" for c in self.left]
        return lines


class BulletinDiff(Frozen):
    before: str  # content hashes
    after: str
    same_period: bool
    same_audience: bool
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[IncidentChange, ...] = ()
    counts: tuple[CountChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.counts)

    def lines(self) -> list[str]:
        out = [f"bulletin {self.before} -> {self.after}"]
        if not self.same_period:
            out.append("warning: the bulletins cover different periods")
        if not self.same_audience:
            out.append("warning: the bulletins are for different audiences")
        out.append(f"incidents: {len(self.added)} added, {len(self.removed)} removed, "
                   f"{len(self.changed)} changed")
        out += [f"  + {uid} added" for uid in self.added]
        out += [f"  - {uid} removed" for uid in self.removed]
        out += [f"  ~ {c.describe()}" for c in self.changed]
        if not self.counts:
            out.append("no count changed")
        for count in self.counts:
            out.extend(count.describe())
        return out


def _fields(a: IncidentSnapshot, b: IncidentSnapshot) -> tuple[str, ...]:
    da, db = a.model_dump(), b.model_dump()
    return tuple(k for k in sorted(da) if da[k] != db[k] and k != "version")


def _change(uid: str, old: dict[str, IncidentSnapshot], new: dict[str, IncidentSnapshot]) -> IncidentChange:
    if uid not in old:
        return IncidentChange(uid=uid, change="added", version_after=new[uid].version)
    if uid not in new:
        return IncidentChange(uid=uid, change="removed", version_before=old[uid].version)
    return IncidentChange(uid=uid, change="changed", version_before=old[uid].version,
                          version_after=new[uid].version, fields=_fields(old[uid], new[uid]))


def diff(a: Bulletin, b: Bulletin) -> BulletinDiff:
    """How bulletin ``b`` differs from the earlier bulletin ``a``."""
    old, new = {i.uid: i for i in a.incidents}, {i.uid: i for i in b.incidents}
    changed = [_change(u, old, new) for u in sorted(old.keys() & new.keys()) if old[u] != new[u]]
    cells_a, cells_b = flatten(a.tables), flatten(b.tables)
    counts = []
    for path in sorted(cells_a.keys() | cells_b.keys()):
        ca, cb = cells_a.get(path), cells_b.get(path)
        uids_a = set(ca.incidents) if ca else set()
        uids_b = set(cb.incidents) if cb else set()
        count_a, count_b = (ca.count if ca else None), (cb.count if cb else None)
        if (count_a or 0) == (count_b or 0) and uids_a == uids_b:
            continue
        counts.append(CountChange(path=path, before=count_a, after=count_b,
                                  entered=tuple(_change(u, old, new) for u in sorted(uids_b - uids_a)),
                                  left=tuple(_change(u, old, new) for u in sorted(uids_a - uids_b))))
    return BulletinDiff(before=a.content_hash, after=b.content_hash, same_period=a.period == b.period,
                        same_audience=a.audience == b.audience, added=tuple(sorted(new.keys() - old.keys())),
                        removed=tuple(sorted(old.keys() - new.keys())), changed=tuple(changed),
                        counts=tuple(counts))
