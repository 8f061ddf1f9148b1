"""Events: typed candidate events, one per event type whose trigger phrase from the event lexicon
(``extract/data/event_lexicon.json``) is in a sentence, with a place, date, actors and fatalities, the
sentence as evidence, and who claims it: the speaker when the sentence is a statement or attributes it
("according to the ministry", "X said"), else the outlet of the dateline. Candidates for review, not facts.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from truceline.extract.models import DateMention, Event, Place, Statement
from truceline.extract.statements import attribution

ACTOR_LABELS = {"ORG", "NORP"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "dozens": 24, "a dozen": 12}
_NUM = r"(?P<n>\d{1,4}|" + "|".join(NUMBER_WORDS) + r")"
_FATALITIES = [
    re.compile(rf"\b(?:killing|killed|kills|left)\s+(?:at least\s+|some\s+|about\s+)?{_NUM}\b", re.I),
    re.compile(rf"\b(?:at least\s+|some\s+|about\s+)?{_NUM}\s+(?:\w+\s+){{0,3}}?(?:people|persons|civilians|soldiers|"
               rf"fighters|militants|servicemen|children|women|members|troops|gunmen)?\s*(?:were|was|have been|had been)?"  # noqa: E501
               rf"\s*(?:killed|dead|died|lost their lives)\b", re.I),
    re.compile(rf"\bdeath toll\s+(?:rose\s+to|of|reached|at)\s+{_NUM}\b", re.I),
]
_ATTRIB = re.compile(r"\baccording to (?P<who>[^,.;]{2,80})", re.I)
# a place named as the venue of talks, of an agreement or of someone speaking ("the memorandum signed in Astana",
# "during a press conference on Thursday in Moscow", "told reporters in Ankara") is not where fighting happened
_VENUE = re.compile(r"\b(?:signed|agreed|reached|concluded|held|talks|negotiations|meeting|summit|consultations|"
                    r"memorandum|(?:press|news) conference|briefing|interview|speaking|spoke|speech|told (?:reporters|"
                    r"journalists)|visit|forum)\s+(?:\w+\s+)?(?:(?:on|last|this)\s+\w+day\s+|\w+day\s+)?(?:in|at)\s+"
                    r"(?:the\s+)?$", re.I)
# a place that names an institution ("Hama Police Command", "Idlib Health Directorate") says where a source
# sits, not where the event happened
_INSTITUTION = re.compile(r"^(?:\s+(?:Provincial|Governorate|City|Local|Military|Health|Media|Police|Civil))*"
                          r"\s+(?:Police|Command|Directorate|Council|Governor|Governorate Council|Media Office|"
                          r"Media Center|Operations Room|Civil Defen[cs]e|Health Directorate)\b")
# an organisation named like an outlet ("UN News", "Anadolu Agency", "Rossiya 24 TV") or a person with a title
# the NER took for an organisation ("Major General Igor Konashenkov")
_OUTLET_WORDS = re.compile(r"\b(?:News|Agency|TV|Television|Radio|Broadcast\w*|Channel|Press|Newspaper|Times|Post)\b")
_TITLED = re.compile(r"^(?:Major|Lieutenant|Brigadier|Colonel|General|Minister|President|Mr|Mrs|Ms|Dr|Sheikh)\b\.?")
VIOLENT = frozenset({"attack", "shelling", "air_strike", "armed_clash", "ceasefire_violation_claim"})


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]]:
    raw = json.loads(resources.files("truceline.extract").joinpath("data/event_lexicon.json").read_text("utf-8"))
    types = [(name, re.compile(r"\b(?:" + "|".join(re.escape(t) for t in triggers) + r")\b", re.I))
             for name, triggers in raw["types"]]
    hedges = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in raw["hedges"]) + ")", re.I)
    return types, hedges


@lru_cache(maxsize=1)
def equipment() -> re.Pattern[str]:
    """Weapons named as things ("the withdrawal of two tanks and one artillery piece"): not a trigger."""
    raw = json.loads(resources.files("truceline.extract").joinpath("data/event_lexicon.json").read_text("utf-8"))
    words = sorted(raw.get("equipment", []), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I) if words else re.compile(r"(?!)")


@lru_cache(maxsize=1)
def topic_cue() -> re.Pattern[str]:
    """Words after which a trigger names a topic ("covering Russian airstrikes"), up to two words between."""
    raw = json.loads(resources.files("truceline.extract").joinpath("data/event_lexicon.json").read_text("utf-8"))
    cues = sorted(raw.get("topics", []), key=len, reverse=True)
    if not cues:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\s+(?:[\w’'-]+\s+){0,2}$", re.I)


@lru_cache(maxsize=1)
def outlets() -> frozenset[str]:
    raw = json.loads(resources.files("truceline.extract").joinpath("data/event_lexicon.json").read_text("utf-8"))
    return frozenset(o.lower() for o in raw.get("outlets", []))


@lru_cache(maxsize=1)
def any_trigger() -> re.Pattern[str]:
    """Every trigger of every type in one pattern: most sentences have none and are skipped in one search."""
    raw = json.loads(resources.files("truceline.extract").joinpath("data/event_lexicon.json").read_text("utf-8"))
    triggers = sorted({t for _, ts in raw["types"] for t in ts}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in triggers) + r")\b", re.I)


def find_events(text: str, nlp_doc: Any, *, places: list[Place], dates: list[DateMention],
                statements: list[Statement], outlet: str | None, anchor_date: Any = None,
                headline_end: int = 0, dateline: tuple[int, int] = (0, 0)) -> list[Event]:
    """Candidate events in document order: every type whose trigger is in a sentence (the generic
    ``attack`` only when no more specific violent type is), placed at the first place after the trigger,
    else the last before it in the sentence, else the last place earlier in the same paragraph (never a place
    naming an institution, "Hama Police Command"; a violent event never at the venue of talks or an
    agreement, "the memorandum signed in Astana").
    Then, over the whole document (``_subsumed``): a place-less event gives way to one of its type with a
    place; a generic ``attack`` gives way to a specific violent event at the same place (or, place-less, to
    any); an event of the headline (text before ``headline_end``, the dateline) gives way to the body's
    telling of its type in the same governorate.
    An event's date is the first date mentioned in its sentence outside the ``dateline`` span (a lead
    sentence carries the dateline's date, which is when the copy was filed, not when the event happened),
    else ``anchor_date``."""
    types, hedges = load_lexicon()
    triggered = any_trigger()
    headline_events: set[int] = set()
    actor_ents = _actor_entities(text, nlp_doc, dateline=dateline, outlet=outlet, statements=statements)
    out: list[Event] = []
    things = equipment()
    topic = topic_cue()
    for sent in nlp_doc.sents:
        s_text = sent.text
        if not triggered.search(s_text) or len(s_text.split()) < 4 or hedges.search(s_text):
            continue
        bare = things.sub(lambda m: " " * len(m.group(0)), s_text)  # same length: offsets hold
        found = [(name, m.start() + sent.start_char) for name, pattern in types
                 if (m := pattern.search(bare)) and not topic.search(bare, 0, m.start())]
        if len(found) > 1:
            found = [f for f in found if f[0] != "attack"]
        start, end = sent.start_char, sent.end_char
        when = next((d for d in dates if start <= d.start < end and not dateline[0] <= d.start < dateline[1]), None)
        for event_type, at in found:
            out.append(Event(type=event_type, date=when.date if when else anchor_date,
                             date_until=when.until if when else None, date_precision=when.precision if when else None,
                             place=_place_for(text, at, start, end, places, violent=event_type in VIOLENT),
                             actors=_actors(actor_ents, start, end),
                             fatalities=_fatalities(s_text),
                             claimed_by=_claimant(text, start, end, statements, outlet),
                             evidence=" ".join(s_text.split())))
        if headline_end and start < headline_end:
            headline_events.update(id(e) for e in out[-len(found):])
    return _subsumed(out, headline=headline_events)


def _subsumed(events: list[Event], *, headline: set[int]) -> list[Event]:
    placed = {e.type for e in events if e.place is not None}
    specific = [e for e in events if e.type in VIOLENT and e.type != "attack"]
    body = [e for e in events if id(e) not in headline]

    def kept(e: Event) -> bool:
        if e.place is None and e.type in placed:
            return False
        if e.type == "attack" and (any(_same_place(e.place, s.place) for s in specific) if e.place else specific):
            return False
        return not (id(e) in headline and any(b.type == e.type and b.place and e.place and b.place.admin1
                                              and b.place.admin1 == e.place.admin1 for b in body))

    return [e for e in events if kept(e)]


def _same_place(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and abs(a.lat - b.lat) < 0.1 and abs(a.lon - b.lon) < 0.1


def _place_for(text: str, at: int, start: int, end: int, places: list[Place], *, violent: bool = False
               ) -> Place | None:
    places = [p for p in places if not _INSTITUTION.match(text[p.end:p.end + 40])]
    if violent:
        places = [p for p in places if not _VENUE.search(text[max(0, p.start - 40):p.start])]
    after = [p for p in places if at <= p.start < end]
    if after:
        return after[0]
    before = [p for p in places if start <= p.start < at]
    if before:
        return before[-1]
    paragraph = text.rfind("\n", 0, start) + 1
    earlier = [p for p in places if paragraph <= p.start < start]
    return earlier[-1] if earlier else None


def _actor_entities(text: str, nlp_doc: Any, *, dateline: tuple[int, int], outlet: str | None,
                    statements: list[Statement]) -> list[tuple[int, str]]:
    """The ORG and NORP entities that can be actors: not in the dateline nor naming its place or outlet
    ("BEIRUT", "Reuters"), not a news outlet ("UN News"), not a person: a name ending in a person's name
    word ("Lavrentiev" tagged ORG; "Assad forces" stays) or starting with a title."""
    head = {w.lower() for w in re.findall(r"[\w’'-]+", text[dateline[0]:dateline[1]])}
    known = {o for o in outlets()} | ({outlet.lower()} if outlet else set())
    people = {w.lower() for e in nlp_doc.ents if e.label_ == "PERSON" for w in _name_words(e.text)}
    people |= {w.lower() for s in statements if s.speaker != s.organisation for w in _name_words(s.speaker)}
    out = []
    for e in nlp_doc.ents:
        if e.label_ not in ACTOR_LABELS or dateline[0] <= e.start_char < dateline[1]:
            continue
        name = re.sub(r"^the\s+", "", e.text.strip(), flags=re.I)
        last = (re.findall(r"[\w’'-]+", re.sub(r"(?:'s|’s)\b", "", name)) or [""])[-1].lower()
        if (name.lower() in known or name.lower() in head or _OUTLET_WORDS.search(name) or _TITLED.match(name)
                or (e.label_ == "ORG" and last in people)):  # "Lavrentiev", "Syria Staffan de Mistura"
            continue
        out.append((e.start_char, e.text))
    return out


def _name_words(name: str) -> list[str]:
    """The capitalised words of a name that can identify a person ("de", "al-" and initials do not)."""
    return [w for w in re.findall(r"[\w’'-]+", re.sub(r"(?:'s|’s)\b", "", name)) if w[:1].isupper() and len(w) > 2]


def _actors(actor_ents: list[tuple[int, str]], start: int, end: int) -> tuple[str, ...]:
    """The ORG and NORP entities of the sentence ``[start, end)``, in order, each once."""
    seen: list[str] = []
    for at, surface in actor_ents:
        if start <= at < end:
            name = re.sub(r"^the\s+", "", surface.strip(), flags=re.I)
            if name and name not in seen:
                seen.append(name)
    return tuple(seen)


def _fatalities(sentence: str) -> int | None:
    for pattern in _FATALITIES:
        m = pattern.search(sentence)
        if m:
            n = m.group("n").lower()
            return int(n) if n.isdigit() else NUMBER_WORDS.get(n)
    return None


def _claimant(text: str, start: int, end: int, statements: list[Statement], outlet: str | None) -> str | None:
    for statement in statements:
        if statement.start < end and start < statement.end:
            return _speaker(statement)
    m = _ATTRIB.search(text[start:end])
    if m:
        return re.sub(r"^the\s+", "", m.group("who").strip(), flags=re.I)
    who = attribution(text[start:end])  # "..., the UN said." with too little said to be a statement
    if who:
        earlier = [_speaker(s) for s in statements if s.end <= start]
        if re.fullmatch(r"(?:he|she|they|the (?:[a-z]+ )?(?:official|diplomat|minister|spokes\w+|envoy|source))", who,
                        re.I):
            return earlier[-1] if earlier else outlet
        named = [n for n in earlier if n.split()[-1] == who.split()[-1]]
        return named[-1] if named else re.sub(r"^the\s+", "", who, flags=re.I)
    return outlet


def _speaker(statement: Statement) -> str:
    return statement.organisation if statement.speaker == statement.organisation and statement.organisation \
        else statement.speaker
