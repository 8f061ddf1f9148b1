"""Statements: direct quotes (with quotes nested inside them kept in their text) and indirect speech
("..., Lavrov said on Monday.", "Lavrentiev said that ...", "according to the ministry, ..."), each with
its speaker resolved through the document's cast (see ``speakers``). "X told broadcaster Y" makes X the
speaker; "Agency quoted X as saying" makes X the speaker, not the agency."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from truceline.extract.models import Person, Statement
from truceline.extract.speakers import Cast, role_after, role_before

VERBS = ("said", "says", "say", "told", "tells", "added", "adds", "stressed", "stresses", "noted", "notes",
         "affirmed", "affirms", "stated", "states", "announced", "announces", "declared", "explained",
         "recalled", "pointed out", "warned", "warns", "clarified", "emphasized", "emphasised", "believes",
         "went on", "continued", "claimed", "claims", "confirmed", "confirms", "denied", "insisted",
         "underlined", "asserted", "argued", "commented", "urged", "indicated", "saw", "reported", "reports",
         "wrote", "writes", "accused", "alleged", "alleges", "expressed", "highlighted")
_VERB = r"(?:has |have |had |also |further )?(?:" + "|".join(re.escape(v) for v in VERBS) + r")"
_OPEN_CLOSE = {"“": "”", '"': '"', "«": "»"}
_AFTER = re.compile(rf"^\s*[,.]?\s*(?:(?P<verb1>{_VERB})\s+(?P<subj1>[^,.;\"“”]{{2,80}}?)(?=[,.;]|\s+(?:on|in|at|to|after|"  # noqa: E501
                    rf"during|when|who)\b|$)|(?P<subj2>[^,.;\"“”]{{2,80}}?)\s+(?P<verb2>{_VERB})\b)")
_QUOTED_AS = re.compile(r"quoted\s+(?P<subj>.{2,80}?)\s+as\s+saying", re.I)
_BEFORE_VERB = re.compile(rf"(?P<subj>(?:[\w’'.-]+\s+){{0,8}}?[\w’'.-]+)\s+(?P<verb>{_VERB})\b(?!.*\b{_VERB}\b)", re.I)
# "..., the official noted." or "..., she said, pointing out that ...": the speech verb ends the sentence or is
# followed by a participle that goes on reporting
_INDIRECT_TAIL = re.compile(rf",\s*(?P<subj>[^,\"“”]{{2,120}}?),?\s+(?P<verb>{_VERB})(?:\s+(?:on|in|at|late|early|"
                            rf"during|to|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
                            rf"\b[^,.]*)?(?:\s*\.?\s*$|,\s+(?:adding|pointing out|noting|stressing|saying|explaining|"
                            rf"underlining|emphasi[sz]ing|recalling|insisting|warning|according)\b)", re.S)
# "X said (on Monday) that ...", "X stressed in a statement that ...", "X told broadcaster RT that ...",
# "X said Syria's government ...": a speech verb after the subject; ``_reported`` finds where the content starts
_HEAD_VERB = re.compile(rf",?\s+(?P<verb>{_VERB})\b(?=\s)")
_WHEN = re.compile(r"^\s+(?:on|in|at)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\w+day|"
                   r"the weekend|\w+ \d{1,2})\b")
_UP_TO_THAT = re.compile(r"^\s+(?:[\w’'.-]+\s+){0,7}?that\s+")
_CIRCUMSTANCE = re.compile(r"^\s+(?:in|at|on|during|after|while|to|for)\b")
_TELL = ("told", "tells")
_ACCORDING = re.compile(r"^According to (?P<subj>[^,]{2,100}),\s*(?P<content>.+)$", re.S)
MIN_QUOTE_WORDS = 5
MAX_SUBJECT_WORDS = 12  # a longer subject before a speech verb is a clause, not a speaker


def find_statements(text: str, nlp_doc: Any, *, cast: Cast | None = None, body_start: int = 0) -> list[Statement]:
    """Statements in document order; ``cast`` collects the people met (a fresh one when not given);
    text before ``body_start`` (the dateline) is never part of a statement."""
    cast = cast if cast is not None else Cast()
    persons = [e for e in nlp_doc.ents if e.label_ == "PERSON"]
    sentences = [(s.start_char, s.end_char) for s in nlp_doc.sents]
    quotes = list(_quotes(text))
    out: list[Statement] = []
    pi = 0
    events = sorted([(q[0], "quote", q) for q in quotes] + [(s[0], "sent", s) for s in sentences],
                    key=lambda e: (e[0], e[1] == "sent"))
    for _, what, span in events:
        while pi < len(persons) and persons[pi].start_char <= span[0]:
            _meet(cast, text, persons[pi], sentences)
            pi += 1
        if what == "quote":
            q_start, q_end = span
            sentence = _containing(sentences, q_start)
            while pi < len(persons) and persons[pi].start_char < min(sentence[1], q_end + 150):
                _meet(cast, text, persons[pi], sentences)
                pi += 1
            statement = _direct(text, q_start, q_end, sentence, cast)
            if statement:
                out.append(statement)
        elif not any(q[0] < span[1] and span[0] < q[1] for q in quotes):
            while pi < len(persons) and persons[pi].start_char < span[1]:
                _meet(cast, text, persons[pi], sentences)
                pi += 1
            statement = _indirect(text, (max(span[0], min(body_start, span[1])), span[1]), cast, persons)
            if statement:
                out.append(statement)
    while pi < len(persons):
        _meet(cast, text, persons[pi], sentences)
        pi += 1
    return out


def _meet(cast: Cast, text: str, ent: Any, sentences: list[tuple[int, int]]) -> Person:
    floor = _containing(sentences, ent.start_char)[0]
    role = role_before(text, ent.start_char, floor=floor) or role_after(text, ent.end_char)
    org = _organisation(role, ent.doc) if role else None
    return cast.meet(ent.text.replace("’s", "").replace("'s", ""), role=role, organisation=org)


def _organisation(role: str, doc: Any) -> str | None:
    for ent in doc.ents:
        if ent.label_ == "ORG" and ent.text in role:
            return str(ent.text).removeprefix("the ")
    m = re.search(r"\b(?:of|for|at) (?:the )?([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?: (?:delegation|ministry|government|"
                  r"army|forces|mission|office))?(?: (?:of|for) [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)?)", role)
    return m.group(1) if m else None


def _quotes(text: str) -> Iterator[tuple[int, int]]:
    """Outermost quoted spans (opening to closing mark inclusive) within one paragraph each."""
    offset = 0
    for para in text.split("\n"):
        i = 0
        while i < len(para):
            ch = para[i]
            if ch in _OPEN_CLOSE:
                close = para.find(_OPEN_CLOSE[ch], i + 1)
                if close == -1:
                    break
                yield offset + i, offset + close + 1
                i = close + 1
            else:
                i += 1
        offset += len(para) + 1


def _direct(text: str, q_start: int, q_end: int, sentence: tuple[int, int], cast: Cast) -> Statement | None:
    inner = text[q_start + 1:q_end - 1].strip()
    speaker = None
    para_end = text.find("\n", q_end)
    after = text[q_end:min(para_end if para_end != -1 else len(text), q_end + 160)]
    after = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", after, maxsplit=1)[0]
    m = _AFTER.match(after)
    quoted_after = _QUOTED_AS.search(after[:120])
    if quoted_after:
        speaker = cast.resolve(quoted_after.group("subj"))
    elif m:
        speaker = cast.resolve(m.group("subj1") or m.group("subj2"))
    if speaker is None:
        before = text[_paragraph_start(text, q_start, sentence[0]):q_start]
        quoted = list(_QUOTED_AS.finditer(before))
        if quoted:
            speaker = cast.resolve(quoted[-1].group("subj"))
        else:
            b = _BEFORE_VERB.search(before)
            if b:
                speaker = _resolve_subject(cast, b.group("subj"))
    if speaker is None and _paragraph_start(text, q_start, 0) >= q_start - 2 and cast.last_speaker:
        speaker = cast.last_speaker  # a paragraph that is only a quote goes on with the last speaker
    if speaker is None or len(inner.split()) < MIN_QUOTE_WORDS:
        return None
    cast.last_speaker = speaker
    return Statement(speaker=speaker.name, speaker_role=speaker.role, organisation=speaker.organisation,
                     text=inner, direct=True, start=q_start, end=q_end)


def _indirect(text: str, span: tuple[int, int], cast: Cast, persons: list[Any]) -> Statement | None:
    sent = text[span[0]:span[1]]
    body = sent.strip()
    lead = span[0] + (len(sent) - len(sent.lstrip()))
    speaker, content, c_start = None, "", lead
    m = _INDIRECT_TAIL.search(body)
    if m:
        speaker = _resolve_subject(cast, m.group("subj"))
        content, c_start = body[:m.start()], lead
    if speaker is None:
        for v in _HEAD_VERB.finditer(body):
            reported = _reported(v.group("verb"), body[v.end():])
            if reported is None or '"' in body[:v.start()] or "“" in body[:v.start()]:
                continue
            speaker = _resolve_subject(cast, _subject_clause(body[:v.start()]))
            content, c_start = body[v.end() + reported:], lead + v.end() + reported
            break
        if speaker is None and (a := _ACCORDING.match(body)):
            speaker = _resolve_subject(cast, _subject_clause(a.group("subj")))
            content, c_start = a.group("content"), lead + a.start("content")
    content = content.strip().rstrip(".")
    if speaker is None or len(content.split()) < MIN_QUOTE_WORDS:
        return None
    cast.last_speaker = speaker
    return Statement(speaker=speaker.name, speaker_role=speaker.role, organisation=speaker.organisation,
                     text=content, direct=False, start=c_start, end=c_start + len(content))


def attribution(sentence: str) -> str | None:
    """Who a sentence is attributed to by a speech verb at its end ("..., the UN said."), even when what is
    said is too short to be a statement: the subject phrase as written."""
    m = _INDIRECT_TAIL.search(sentence.strip())
    return m.group("subj").strip() if m else None


def _reported(verb: str, rest: str) -> int | None:
    """Where the reported content starts in ``rest`` (the text after a speech verb), or None: after "that"
    when the verb has a recipient ("told broadcaster RT that") or a circumstance ("stressed in a statement
    that"), else right after the verb and a day ("said on Monday Syria's government ..."). "Told" without
    "that" is skipped: its recipient cannot be told from the content."""
    when = _WHEN.match(rest)
    at = when.end() if when else 0
    that = _UP_TO_THAT.match(rest[at:])
    told = verb.split()[-1] in _TELL
    if that and (told or _CIRCUMSTANCE.match(rest[at:]) or that.group(0).split() == ["that"]):
        return at + that.end()
    if told or _CIRCUMSTANCE.match(rest[at:]):
        return None
    return at + len(rest[at:]) - len(rest[at:].lstrip())


def _subject_clause(subject: str) -> str:
    """The subject of the speech verb without a fronted clause: "Speaking about the fourth zone in the
    province of Idlib, the official" is "the official"; a short subject with appositions stays whole."""
    parts = [p for p in re.split(r",\s*", subject.strip()) if p.strip()]
    if len(subject.split()) <= MAX_SUBJECT_WORDS or not parts:
        return subject
    last = parts[-1]
    return last if len(last.split()) <= MAX_SUBJECT_WORDS else ""


def _resolve_subject(cast: Cast, subject: str) -> Person | None:
    """The person a subject phrase names: with appositions ("Staffan de Mistura, the UN Special Envoy",
    "the head of the delegation, Alexander Lavrentyev") a part naming a known person wins, then the last
    part that resolves at all."""
    parts = [p for p in re.split(r",\s*", subject.strip()) if p.strip()]
    for part in parts:
        words = part.split()
        if words and words[-1][:1].isupper() and cast.by_name(words[-1]):
            return cast.resolve(part)
    for part in reversed(parts):
        person = cast.resolve(part)
        if person is not None:
            return person
    return None


def _containing(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= pos < end:
            return start, end
    return pos, pos


def _paragraph_start(text: str, pos: int, floor: int) -> int:
    return max(floor, text.rfind("\n", 0, pos) + 1)
