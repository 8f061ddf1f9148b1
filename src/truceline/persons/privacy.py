"""Matching through a neutral intermediary, from keyed hashes only.

Each party turns its list into a hash file (``hash_list``): per person, several keys built from the
normalised name skeletons (``names.py``) and the birth year, each passed through HMAC-SHA256 with a secret
the two parties share and the intermediary does not hold. The intermediary compares the two files
(``find_overlaps``) and returns pairs of record ids; it never sees a name, a skeleton or a birth year.

Keys per person (several, so that one variant, typo or missing part does not hide a match):

* ``gpf`` — given + father's + family name; with the exact birth year (``gpfy``), the place of origin
  (``gpfo``: one key per place the gazetteer knows by that name, at most three, else the skeleton) and the
  grandfather's name (``gpgf``) when given, which tell a person from a namesake;
* ``gfy``, ``gpy``, ``pfy`` — two of those three names + the birth year, emitted for year-1, year and
  year+1 so that years one or two apart still meet; ``gfyo`` the given and family name with the year and
  the place, for records whose father's name is missing or written differently.

The intermediary scores the pairs whose hashes meet from which keys they share and how common those keys
are on each list (``hash_scoring``).

Threat model (docs/persons.md has the long form): the secret is at least 32 bytes, made by one party and
passed to the other out of band. Without it, the intermediary cannot test guesses ("is Mohammed al-Ahmad
1985 on the list?"), which an unkeyed hash of a name would allow in seconds. The intermediary learns list
sizes, which key kinds each record has and which hashes are equal; a party learns only the ids of its own
records that overlap and the other side's ids for them. A party holding the other's hash file could test
guesses (it has the secret): the intermediary keeps the files to itself and deletes them after matching.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from truceline.errors import PersonHashFileError, PersonSecretError, PersonSecretMismatch
from truceline.persons import hash_scoring
from truceline.persons.blocking import Prepared, prepare
from truceline.persons.matching import DEFAULT_MIN_SCORE, DEFAULT_THRESHOLD
from truceline.persons.models import MatchCandidate, PersonRecord

FORMAT = "truceline-person-hashes/1"
MIN_SECRET_BYTES = 32
HASH_HEX = 32  # 128 bits of each HMAC are kept
KIND_WORDS = {"gpgf": "given, father's, grandfather's and family name",
              "gpf": "given, father's and family name",
              "gpfy": "given, father's and family name with the same birth year",
              "gpfo": "given, father's and family name with the place of origin",
              "gfyo": "given and family name with birth year and place of origin",
              "gfy": "given and family name with birth year", "gpy": "given and father's name with birth year",
              "pfy": "father's and family name with birth year"}
MAX_PLACES = 3  # place ids per record in the keys
MAX_FANOUT = 1000  # a hash shared by more records than this on one side is ignored


def check_secret(secret: bytes) -> bytes:
    secret = secret.strip()
    if len(secret) < MIN_SECRET_BYTES:
        raise PersonSecretError(f"the shared secret has {len(secret)} bytes; it needs at least {MIN_SECRET_BYTES} "
                                "(e.g. the output of `openssl rand -hex 32`)")
    return secret


def _hmac(secret: bytes, text: str) -> str:
    return hmac.new(secret, f"{FORMAT}|{text}".encode(), hashlib.sha256).hexdigest()[:HASH_HEX]


def fingerprint(secret: bytes) -> str:
    """A keyed value that shows two files were made with the same secret, without revealing it."""
    return _hmac(check_secret(secret), "fingerprint")


def record_keys(p: Prepared) -> list[tuple[str, str]]:
    """The (kind, key text) pairs of one prepared record, before hashing."""
    g, f, fa = p.given.skeleton, p.father.skeleton, p.family.skeleton
    # every place the gazetteer knows by that name (a name may stand for several; each script may know
    # others), else the letters
    places = sorted(p.origin.places)[:MAX_PLACES] or [p.origin.skeleton] * bool(p.origin.skeleton)
    keys = []
    if g and f and fa:
        keys.append(("gpf", f"{g}|{f}|{fa}"))
        # the fuller keys tell a person from a namesake that only the shorter ones cannot
        if p.year is not None:
            keys.append(("gpfy", f"{g}|{f}|{fa}|{p.year}"))
        keys.extend(("gpfo", f"{g}|{f}|{fa}|{place}") for place in places)
        if p.grandfather.skeleton:
            keys.append(("gpgf", f"{g}|{f}|{p.grandfather.skeleton}|{fa}"))
    if p.year is not None:
        for kind, x, y in (("gfy", g, fa), ("gpy", g, f), ("pfy", f, fa)):
            if x and y:
                keys.extend((kind, f"{x}|{y}|{year}") for year in (p.year - 1, p.year, p.year + 1))
        # the place of origin for those whose father's name is missing or written differently on one side
        if g and fa:
            keys.extend(("gfyo", f"{g}|{fa}|{place}|{year}") for place in places
                        for year in (p.year - 1, p.year, p.year + 1))
    return keys


def hash_list(records: Sequence[PersonRecord], *, secret: bytes, party: str = "", kind: str = "") -> dict[str, Any]:
    """The hash file of a list: ids and keyed hashes, no name text."""
    secret = check_secret(secret)
    out = []
    for record in records:
        keys = record_keys(prepare(record))
        out.append({"id": record.id, "kinds": sorted({k for k, _ in keys}),
                    "hashes": sorted({f"{k}:{_hmac(secret, f'{k}|{text}')}" for k, text in keys})})
    return {"format": FORMAT, "party": party, "kind": kind, "fingerprint": _hmac(secret, "fingerprint"),
            "records": out}


def dump_hash_file(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=True, indent=None, separators=(",", ":")) + "\n"


def load_hash_file(text: str, *, source: str = "") -> dict[str, Any]:
    """A hash file, checked for shape; ``PersonHashFileError`` otherwise."""
    name = f"{source}: " if source else ""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise PersonHashFileError(f"{name}not JSON (line {err.lineno}): {err.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PersonHashFileError(f"{name}not a person hash file (expected \"format\": \"{FORMAT}\")")
    records = data.get("records")
    if not isinstance(records, list) or not isinstance(data.get("fingerprint"), str):
        raise PersonHashFileError(f"{name}missing 'records' list or 'fingerprint'")
    for n, r in enumerate(records):
        if not (isinstance(r, dict) and isinstance(r.get("id"), str) and isinstance(r.get("hashes"), list)
                and isinstance(r.get("kinds"), list)):
            raise PersonHashFileError(f"{name}record {n} needs 'id' (text), 'kinds' and 'hashes' (lists)")
    return data


@dataclass(frozen=True, slots=True)
class Overlap:
    a: str
    b: str
    score: float
    match: bool
    kinds: tuple[str, ...]

    def to_candidate(self) -> MatchCandidate:
        order = list(KIND_WORDS)  # the fullest keys first
        kinds = sorted(self.kinds, key=lambda k: order.index(k) if k in order else len(order))
        why = tuple(f"{KIND_WORDS.get(k, k)} agree (hash)" for k in kinds)
        return MatchCandidate(a=self.a, b=self.b, score=self.score, match=self.match, why=why)


def find_overlaps(file_a: dict[str, Any], file_b: dict[str, Any], *, threshold: float = DEFAULT_THRESHOLD,
                  min_score: float = DEFAULT_MIN_SCORE) -> list[Overlap]:
    """Pairs of records that share a hash, best first per record of ``file_b``, scoring at least
    ``min_score``: ``score`` is the chance that the two are one person (``hash_scoring``), ``match`` the
    decision at ``threshold``."""
    if file_a.get("fingerprint") != file_b.get("fingerprint"):
        raise PersonSecretMismatch("the two hash files were made with different secrets (fingerprints differ); "
                                   "both parties must use the same shared secret")
    ra, rb = file_a["records"], file_b["records"]
    count_a: Counter[str] = Counter(h for r in ra for h in r["hashes"])
    count_b: Counter[str] = Counter(h for r in rb for h in r["hashes"])
    index: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(ra):
        for h in r["hashes"]:
            index[h].append(i)
    pairs: set[tuple[int, int]] = set()
    for j, r in enumerate(rb):
        for h in r["hashes"]:
            hits = index.get(h, ())
            if hits and len(hits) <= MAX_FANOUT and count_b[h] <= MAX_FANOUT:
                pairs.update((i, j) for i in hits)
    if not pairs:
        return []
    ordered = list(pairs)  # the order of the answer comes from the scores (lexsort below)
    found = hash_scoring.features([hash_scoring.Keys.of(r) for r in ra], [hash_scoring.Keys.of(r) for r in rb],
                                  ordered, count_a, count_b)
    ai = np.fromiter((i for i, _ in ordered), dtype=np.int64, count=len(ordered))
    bj = np.fromiter((j for _, j in ordered), dtype=np.int64, count=len(ordered))
    chance = hash_scoring.scores(found, len(ra), len(rb), ai, bj)
    keep = np.flatnonzero(chance >= min_score)
    keep = keep[np.lexsort((ai[keep], -chance[keep], bj[keep]))]
    return [Overlap(a=ra[int(ai[n])]["id"], b=rb[int(bj[n])]["id"], score=round(float(chance[n]), 4),
                    match=bool(chance[n] >= threshold), kinds=found.shared[n]) for n in keep]
