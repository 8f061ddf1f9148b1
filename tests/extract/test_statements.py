from __future__ import annotations

from dataclasses import dataclass

import pytest

from truceline.extract.models import Person
from truceline.extract.speakers import Cast, role_after, role_before
from truceline.extract.statements import find_statements


@dataclass
class Ent:
    text: str
    label_: str
    start_char: int
    end_char: int
    doc: object = None


@dataclass
class Sent:
    start_char: int
    end_char: int
    text: str
    doc: FakeDoc

    @property
    def ents(self):
        return [e for e in self.doc.ents if self.start_char <= e.start_char < self.end_char]


class FakeDoc:  # noqa: B903
    """What find_statements reads of a spaCy Doc: entities and sentence spans."""

    def __init__(self, text: str, persons: list[str], sentences: list[str], *, others=()):
        self.ents = []
        for name, label in [(p, "PERSON") for p in persons] + list(others):
            start = text.index(name)
            self.ents.append(Ent(name, label, start, start + len(name), self))
        self.ents.sort(key=lambda e: e.start_char)
        self.sents = []
        pos = 0
        for sentence in sentences:
            start = text.index(sentence, pos)
            self.sents.append(Sent(start, start + len(sentence), sentence, self))
            pos = start + len(sentence)


def _run(text, persons, sentences):
    return find_statements(text, FakeDoc(text, persons, sentences))


def test_statements_quote_after_with_told_broadcaster():
    text = ('Russia\'s Special Presidential Envoy for Syria Alexander Lavrentiev spoke on Saturday.\n'
            '"We are not pursuing any strategic goals in the region," Lavrentiev told the Rossiya 24 broadcaster.')
    out = _run(text, ["Alexander Lavrentiev", "Lavrentiev"], text.split("\n"))
    assert len(out) == 1
    s = out[0]
    assert (s.speaker, s.direct) == ("Alexander Lavrentiev", True)
    assert s.speaker_role == "Russia's Special Presidential Envoy for Syria"
    assert text[s.start:s.end].startswith('"We are not')


def test_statements_indirect_tail_and_role_anaphor():
    text = ("Moscow expects closer interaction with Washington on Syria, Russian Foreign Minister Sergey Lavrov "
            "said on Monday.\n"
            '"This criterion and core point unites all of us," Russia\'s top diplomat said.')
    out = _run(text, ["Sergey Lavrov"], text.split("\n"))
    assert [(s.speaker, s.direct) for s in out] == [("Sergey Lavrov", False), ("Sergey Lavrov", True)]
    assert out[0].text == "Moscow expects closer interaction with Washington on Syria"
    assert out[0].speaker_role == "Russian Foreign Minister"


def test_statements_quoted_as_saying_and_nested_quotes():
    text = ("Presidential spokesman Dmitry Peskov spoke to reporters.\n"
            "SPUTNIK news agency quoted Peskov as saying that “Russia’s operation, which some call ‘a gamble’, "
            "contributes to stability in the region.”")
    out = _run(text, ["Dmitry Peskov", "Peskov"], text.split("\n"))
    assert len(out) == 1 and out[0].speaker == "Dmitry Peskov"
    assert "‘a gamble’" in out[0].text


def test_statements_pronoun_goes_to_last_speaker_and_short_quotes_are_skipped():
    text = ('Staffan de Mistura, the UN Special Envoy for Syria, said talks would resume next week in Geneva.\n'
            '"We are going to work hard on it, and we will not give up," he said.\n'
            'He called the situation "on ground" difficult.')
    out = _run(text, ["Staffan de Mistura"], text.split("\n"))
    assert [s.speaker for s in out] == ["Staffan de Mistura", "Staffan de Mistura"]
    assert out[0].speaker_role == "UN Special Envoy for Syria" and out[1].direct


def test_statements_organisation_as_speaker():
    text = "Militants shelled army positions near Morek on Saturday, the Russian Defense Ministry said."
    out = _run(text, [], [text])
    assert out[0].speaker == "Russian Defense Ministry" and out[0].organisation == "Russian Defense Ministry"


def test_cast_resolves_misspelt_surname_and_role_nouns():
    cast = Cast()
    cast.meet("Alexander Lavrentiev", role="Special Presidential Envoy for Syria", organisation=None)
    cast.meet("Maria Zakharova", role="Foreign Ministry spokeswoman", organisation="Foreign Ministry")
    assert cast.resolve("Lavrientev").name == "Alexander Lavrentiev"
    assert cast.resolve("the envoy").name == "Alexander Lavrentiev"
    assert cast.resolve("the spokeswoman").name == "Maria Zakharova"
    assert cast.resolve("Kerry") is None


def test_cast_meet_completes_a_known_person():
    cast = Cast()
    cast.meet("Lavrov", role=None, organisation=None)
    person = cast.meet("Sergey Lavrov", role="Foreign Minister", organisation=None)
    assert person == Person("Sergey Lavrov", "Foreign Minister", None) and len(cast.people) == 1


@pytest.mark.parametrize("text,name,role", [
    ("Russian Foreign Minister Sergey Lavrov said", "Sergey Lavrov", "Russian Foreign Minister"),
    ("presidential press-secretary Dmitry Peskov has said", "Dmitry Peskov", "presidential press-secretary"),
    ("the head of the Russian delegation at talks in Astana, Alexander Lavrentyev, said", "Alexander Lavrentyev",
     "the head of the Russian delegation at talks in Astana"),
    ("Moscow expects, Lavrov said", "Lavrov", None),
])
def test_role_before(text, name, role):
    assert role_before(text, text.index(name), floor=0) == role


def test_role_after_apposition():
    text = "Ali Al-Za'tari, the UN Resident and Humanitarian Coordinator in Syria, said"
    assert role_after(text, len("Ali Al-Za'tari")) == "UN Resident and Humanitarian Coordinator in Syria"


def test_cast_the_noun_is_the_last_speaker_named_with_it():
    cast = Cast()
    center = cast.resolve("the Russian Center for Syrian Reconciliation")
    assert center.organisation == "Russian Center for Syrian Reconciliation"
    assert cast.resolve("the center") is center
    source = cast.resolve("A source at Hama Police Command")
    assert cast.resolve("the source") is source


@pytest.mark.parametrize("sentence,content", [
    ("Lavrov told broadcaster RT that the ceasefire in Idlib was largely holding.",
     "the ceasefire in Idlib was largely holding"),
    ("Lavrov said Syria's government and armed opposition had agreed to meet in Geneva.",
     "Syria's government and armed opposition had agreed to meet in Geneva"),
    ("Lavrov said on Monday that Syria's government and armed opposition had agreed to meet.",
     "Syria's government and armed opposition had agreed to meet"),
    ("Lavrov stressed in an interview with Kommersant that Turkish observers would arrive within weeks.",
     "Turkish observers would arrive within weeks"),
])
def test_statements_indirect_head_text_is_the_reported_content(sentence, content):
    text = "Russian Foreign Minister Sergey Lavrov spoke in Moscow.\n" + sentence
    out = _run(text, ["Sergey Lavrov", "Lavrov"], text.split("\n"))
    assert [(s.speaker, s.text) for s in out] == [("Sergey Lavrov", content)]
    assert text[out[0].start:out[0].end] == content


def test_statements_told_without_that_is_not_guessed():
    text = "Sergey Lavrov spoke.\nLavrov told reporters the ceasefire in Idlib was largely holding."
    assert _run(text, ["Sergey Lavrov", "Lavrov"], text.split("\n")) == []


def test_statements_a_fronted_clause_is_not_the_subject():
    text = ("Russian Special Presidential Envoy for Syria Alexander Lavrentiev spoke in Astana.\n"
            "Speaking about the fourth de-escalation zone in the Syrian province of Idlib, the official said that "
            "Turkish and Iranian troops will take part in observing the ceasefire.")
    out = _run(text, ["Alexander Lavrentiev"], text.split("\n"))
    assert [(s.speaker, s.text) for s in out] == [
        ("Alexander Lavrentiev", "Turkish and Iranian troops will take part in observing the ceasefire")]


@pytest.mark.parametrize("sentence,content", [
    ("Moscow hopes the ceasefire will become impossible to reverse, the official noted, adding that the "
     "opposition sees Russia as a partner.", "Moscow hopes the ceasefire will become impossible to reverse"),
    ("Russian operations in Syria came at the request of the Syrian state, she said, pointing out that Putin had "
     "called for coordination.", "Russian operations in Syria came at the request of the Syrian state"),
])
def test_statements_tail_verb_followed_by_a_participle(sentence, content):
    text = '"We expect the talks to resume in Geneva next month," said spokeswoman Maria Zakharova.\n' + sentence
    out = _run(text, ["Maria Zakharova"], text.split("\n"))
    assert [(s.speaker, s.text, s.direct) for s in out][1:] == [("Maria Zakharova", content, False)]


def test_statements_an_acronym_with_an_article_is_an_organisation():
    text = "Aid convoys reached Douma in Eastern Ghouta on Monday after weeks of waiting, the UN said."
    out = _run(text, [], [text])
    assert [(s.speaker, s.organisation) for s in out] == [("UN", "UN")]
