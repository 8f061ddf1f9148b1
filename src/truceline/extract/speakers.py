"""Who is who in one document: people named in it with role and organisation, and the resolution of a
mention ("Lavrov", "he", "the diplomat", "Russia's top diplomat", "the ministry") to one of them.

Simple, rule-based coreference: a surname (even misspelt) is the person of that surname named before; a
pronoun is the last speaker; a role noun is the last person whose role has that noun; "the center" or
"the source" is the last speaker whose name has that word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from truceline.extract.models import Person

ROLE_NOUNS = ("minister", "spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador", "diplomat",
              "president", "press secretary", "press-secretary", "secretary", "commander", "general", "head",
              "chief", "director", "representative", "coordinator", "official", "deputy", "chairman",
              "mediator", "negotiator", "delegate", "leader", "colonel", "lieutenant", "major", "monitor",
              "observer", "governor", "mayor", "adviser", "advisor", "researcher", "officer", "emir")
# A role noun in an anaphor ("the diplomat") matches people whose role has one of these words.
ROLE_FAMILIES = {"diplomat": ("minister", "envoy", "ambassador", "diplomat", "delegation", "foreign"),
                 "spokesman": ("spokes", "press"), "spokeswoman": ("spokes", "press"),
                 "spokesperson": ("spokes", "press"), "press secretary": ("press", "spokes"),
                 "envoy": ("envoy",), "minister": ("minister",), "official": ("",), "head": ("head", "chief"),
                 "commander": ("commander", "general", "colonel"), "general": ("general", "commander")}
_ANAPHOR = re.compile(r"^(?:the|this|that|[A-Z][\w-]*(?:'s|’s))\s+(?:(?:top|chief|senior|russian|syrian|turkish|"
                      r"iranian|us|un|foreign|military|special|same)\s+)*(?P<noun>diplomat|minister|spokesman|"
                      r"spokeswoman|spokesperson|envoy|official|press secretary|press-secretary|ambassador|"
                      r"president|commander|general|head|representative|coordinator)\b", re.I)
_ORG_WORDS = re.compile(r"\b(ministry|agency|office|command|committee|council|centre|center|observatory|"
                        r"organization|organisation|coalition|army|forces|government|monitor|mission|group|"
                        r"secretariat|delegation|department|news|tv|television|broadcaster|ocha|unicef|staff|network|service|police|"
                        r"authorities|officials|sources?|united nations|spokesperson's office)\b", re.I)
_PRONOUN = re.compile(r"^(?:he|she|they)$", re.I)
_ROLE_WORDS = re.compile(r"^(?:[A-Z][\w’'.-]*|of|for|the|and|de|on|in|to|at|" + "|".join(
    re.escape(n) for n in ROLE_NOUNS) + r"|presidential|special|top|senior|deputy|foreign|defense|defence|"
    r"press|military|russian|chief|first|regional|humanitarian|resident|acting|former|local|field)$")


@dataclass
class Cast:
    """The people of one document, in order of first mention, and who spoke last."""

    people: list[Person] = field(default_factory=list)
    organisations: list[Person] = field(default_factory=list)  # speakers that are bodies, not people
    last_speaker: Person | None = None
    last_person: Person | None = None

    def meet(self, name: str, *, role: str | None, organisation: str | None) -> Person:
        """Register a PERSON mention; a known person is completed (full name, role) rather than duplicated."""
        known = self.by_name(name)
        if known is None:
            person = Person(name=name, role=role, organisation=organisation)
            self.people.append(person)
        else:
            better = Person(name=name if len(name) > len(known.name) else known.name, role=known.role or role,
                            organisation=known.organisation or organisation)
            self.people[self.people.index(known)] = better
            if self.last_speaker == known:
                self.last_speaker = better
            person = better
        self.last_person = person
        return person

    def by_name(self, name: str) -> Person | None:
        surname = _surname(name)
        for person in reversed(self.people):
            if person.name == name or _surname(person.name) == surname:
                return person
        for person in reversed(self.people):
            if difflib.SequenceMatcher(None, _surname(person.name).lower(), surname.lower()).ratio() >= 0.8:
                return person
        return None

    def resolve(self, mention: str) -> Person | None:
        """The person (or organisation, as a Person without role) a subject mention stands for."""
        mention = re.sub(r"\s*\([^)]*\)$", "", mention.strip(" ,;:-—–\n"))
        if not mention:
            return None
        if _PRONOUN.match(mention):
            return self.last_speaker or self.last_person
        anaphor = _ANAPHOR.match(mention)
        if anaphor:
            return self._by_role(anaphor.group("noun").lower())
        words = mention.split()
        if words and words[-1][:1].isupper():
            known = self.by_name(words[-1])
            if known:
                return known
        short = re.match(r"^the\s+([\w-]+)$", mention, flags=re.I)
        if short:
            noun = short.group(1).lower()
            for known in reversed(self.people + self.organisations):
                if noun in known.name.lower().split():
                    return known
        name = re.sub(r"^(?:the|a|an)\s+", "", mention, flags=re.I)
        if _ORG_WORDS.search(mention) or (name.isupper() and 2 <= len(name) <= 10):  # "the UN", "SOHR"
            org = Person(name=name, role=None, organisation=name)
            self.organisations.append(org)
            return org
        return None

    def _by_role(self, noun: str) -> Person | None:
        keys = ROLE_FAMILIES.get(noun, (noun,))
        for person in reversed(self.people):
            role = (person.role or "").lower()
            if role and any(k in role for k in keys):
                return person
        return self.last_speaker or self.last_person


def role_before(text: str, start: int, *, floor: int) -> str | None:
    """The role words just before a name ("Russian Foreign Minister" Sergey Lavrov), and where they start."""
    window = text[max(floor, start - 120):start]
    m = re.search(r"(?P<role>(?:the )?(?:head|chief|leader|commander|director) of [^,.;\"“]{3,80}),\s*$", window)
    if m:
        return m.group("role").strip()
    words = re.findall(r"\S+\s*", window)
    taken: list[str] = []
    for word in reversed(words):
        bare = word.strip().rstrip(",")
        if word.strip().endswith(",") or not bare:
            break
        core = re.sub(r"(?:'s|’s)$", "", bare)
        if not _ROLE_WORDS.match(core) and not _ROLE_WORDS.match(core.lower()):
            break
        taken.insert(0, word)
    while taken and taken[0].strip().lower() in ("of", "for", "the", "and", "on", "in", "to", "at"):
        taken.pop(0)
    role = "".join(taken).strip()
    if not role or not any(n in role.lower() for n in ROLE_NOUNS):
        return None
    return role


def role_after(text: str, end: int) -> str | None:
    """An apposition after a name: "Lavrentyev, the head of the Russian delegation, said"."""
    m = re.match(r",\s+(?:the\s+)?(?P<role>[^,.;\"“”]{3,90}),", text[end:end + 120])
    if m and any(n in m.group("role").lower() for n in ROLE_NOUNS):
        return m.group("role").strip()
    return None


def _surname(name: str) -> str:
    parts = name.replace("’s", "").replace("'s", "").split()
    return parts[-1] if parts else name
