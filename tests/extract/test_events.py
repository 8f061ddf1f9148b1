from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.extract.test_statements import FakeDoc
from truceline.extract.events import find_events
from truceline.extract.models import DateMention, Place, Statement


def _place(text, name, lat=35.0, lon=36.0):
    start = text.index(name)
    return Place(name=name, lat=lat, lon=lon, admin1="SY-XX", country_code="SY", precision="town", start=start,
                 end=start + len(name))


def test_events_type_place_after_trigger_fatalities_and_claimant():
    text = "Militants in Idlib shelled the town of Mhardeh on Tuesday, killing one civilian, the source said."
    places = [_place(text, "Idlib"), _place(text, "Mhardeh", lat=35.25)]
    dates = [DateMention("on Tuesday", date(2018, 1, 9), None, "day", text.index("on Tuesday"),
                         text.index("on Tuesday") + 10)]
    statement = Statement("Hama Police Command", None, "Hama Police Command", text, False, 0, len(text))
    events = find_events(text, FakeDoc(text, [], [text]), places=places, dates=dates, statements=[statement],
                         outlet="SANA")
    assert len(events) == 1
    e = events[0]
    assert (e.type, e.place.name, e.date, e.fatalities) == ("shelling", "Mhardeh", date(2018, 1, 9), 1)
    assert e.claimed_by == "Hama Police Command"


def test_events_generic_attack_only_without_a_specific_type_and_outlet_claims():
    text = "Warplanes carried out air strikes on Saqba, killing 4 civilians."
    events = find_events(text, FakeDoc(text, [], [text]), places=[_place(text, "Saqba")], dates=[], statements=[],
                         outlet="TASS", anchor_date=date(2018, 2, 20))
    assert [(e.type, e.claimed_by, e.date, e.fatalities) for e in events] == [
        ("air_strike", "TASS", date(2018, 2, 20), 4)]


def test_events_hedged_or_negated_sentences_are_skipped():
    text = ("No ceasefire violations recorded in the sector during the period.\n"
            "The aircraft would no longer deliver airstrikes on militant positions.")
    assert find_events(text, FakeDoc(text, [], text.split("\n")), places=[], dates=[], statements=[],
                       outlet=None) == []


def test_events_place_from_earlier_in_the_paragraph_and_placeless_duplicates_dropped():
    text = ("Over 40 Militants Defect to Government Troops\n"
            "Fire was exchanged between positions north of Kafr Zita. Clashes lasted about 40 minutes.")
    kz = _place(text, "north of Kafr Zita")
    sentences = ["Over 40 Militants Defect to Government Troops", "Fire was exchanged between positions north of "
                 "Kafr Zita.", "Clashes lasted about 40 minutes."]
    events = find_events(text, FakeDoc(text, [], sentences), places=[kz], dates=[], statements=[], outlet=None)
    assert [(e.type, e.place and e.place.name) for e in events] == [
        ("defection", None), ("armed_clash", "north of Kafr Zita")]


def _events(text, places, **kw):
    sentences = [s for s in text.split("\n") if s]
    return find_events(text, FakeDoc(text, [], sentences), places=places, dates=[], statements=[], outlet="TASS",
                       anchor_date=date(2018, 1, 9), **kw)


def test_events_a_generic_attack_gives_way_to_a_specific_event_at_its_place_or_anywhere_when_placeless():
    text = ("Clashes broke out north of Kafr Zita at dawn.\n"
            "One fighter was killed in Kafr Zita, the council said.\n"
            "\"The attacks deliberately targeted markets,\" the director said.\n"
            "Two civilians were wounded in Latamneh later that day.")
    places = [_place(text, "Kafr Zita"),
              Place(name="Kafr Zita", lat=35.0, lon=36.0, admin1="SY-XX", country_code="SY", precision="town",
                    start=text.index("Kafr Zita,"), end=text.index("Kafr Zita,") + 9),
              _place(text, "Latamneh", lat=35.3, lon=36.6)]
    assert [(e.type, e.place.name if e.place else None) for e in _events(text, places)] == [
        ("armed_clash", "Kafr Zita"), ("attack", "Latamneh")]


def test_events_a_headline_gives_way_to_the_body_in_the_same_governorate():
    text = ("Turkish army sets up new observation post in Idlib\n"
            "ANKARA (AA) - The army established an observation post in Saraqib on Saturday.\n")
    places = [_place(text, "Idlib", lat=35.93), _place(text, "Saraqib", lat=35.86)]
    events = _events(text, places, headline_end=text.index("ANKARA"))
    assert [(e.type, e.place.name) for e in events] == [("observer_deployment", "Saraqib")]
    other = [_place(text, "Idlib", lat=35.93), replace(_place(text, "Saraqib"), admin1="SY-HM")]
    assert len(_events(text, other, headline_end=text.index("ANKARA"))) == 2  # another governorate: both


def test_events_are_not_placed_at_a_venue_of_talks_or_an_institution():
    text = ("Despite the memorandum signed in Astana, militants opened fire from mortars on army positions.\n"
            "A source at Hama Police Command said the terrorists fired rocket shells on houses in Mhardeh.\n")
    places = [_place(text, "Astana"), _place(text, "Hama"), _place(text, "Mhardeh", lat=35.25)]
    assert [(e.type, e.place.name if e.place else None) for e in _events(text, places)] == [
        ("agreement", "Astana"), ("shelling", "Mhardeh")]


def test_events_are_not_placed_at_the_venue_of_a_press_conference():
    text = ("During a press conference on Thursday in Moscow, the spokeswoman said that militants shelled army "
            "positions.\nThe minister told reporters in Ankara that warplanes carried out air strikes on Afrin.")
    places = [_place(text, "Moscow"), _place(text, "Ankara"), _place(text, "Afrin")]
    assert [(e.type, e.place.name if e.place else None) for e in _events(text, places)] == [
        ("shelling", None), ("air_strike", "Afrin")]


def test_events_a_trigger_named_as_a_topic_is_not_an_event():
    text = ("Western media have begun to be more objective in covering Russian airstrikes in Syria.\n"
            "We also touch upon issues of humanitarian demining in Idlib.\n"
            "Russian airstrikes hit Saraqeb on Sunday.")
    events = _events(text, [_place(text, "Idlib"), _place(text, "Saraqeb")])
    assert [(e.type, e.place.name) for e in events] == [("air_strike", "Saraqeb")]


def test_events_weapons_named_as_things_trigger_nothing():
    text = "Patrol Bravo observed the withdrawal of two tanks and one artillery piece from positions near Talbiseh."
    events = _events(text, [_place(text, "Talbiseh")])
    assert [e.type for e in events] == ["withdrawal"]


def test_events_in_the_lead_take_their_own_day_not_the_datelines():
    text = ("BEIRUT, March 5, 2018 (Reuters) - Government forces shelled the town of Saraqeb on Friday, killing 6 "
            "people.\nRebels shelled Jobar, killing two.")
    lead_end = text.index("Government")
    dates = [DateMention("March 5, 2018", date(2018, 3, 5), None, "day", 8, 21),
             DateMention("on Friday", date(2018, 3, 2), None, "day", text.index("on Friday"),
                         text.index("on Friday") + 9)]
    events = find_events(text, FakeDoc(text, [], text.split("\n")), places=[_place(text, "Saraqeb"),
                         _place(text, "Jobar")], dates=dates, statements=[], outlet="Reuters",
                         anchor_date=date(2018, 3, 5), dateline=(0, lead_end))
    assert [(e.place.name, e.date) for e in events] == [("Saraqeb", date(2018, 3, 2)), ("Jobar", date(2018, 3, 5))]


def test_events_in_the_lead_without_a_date_of_their_own_take_the_publication_date():
    text = "BEIRUT, March 5, 2018 (Reuters) - Government forces shelled the town of Saraqeb, killing 6 people."
    dates = [DateMention("March 5, 2018", date(2018, 3, 5), None, "day", 8, 21)]
    events = find_events(text, FakeDoc(text, [], [text]), places=[_place(text, "Saraqeb")], dates=dates,
                         statements=[], outlet="Reuters", anchor_date=date(2018, 3, 5),
                         dateline=(0, text.index("Government")))
    assert [e.date for e in events] == [date(2018, 3, 5)]


def test_events_actors_are_not_the_dateline_outlets_or_persons():
    text = ("BEIRUT, March 5, 2018 (Reuters) - Syrian Army units shelled Saraqeb, killing 6 people, UN News and "
            "Reuters reported, citing Lavrentiev and Major General Igor Konashenkov of the Russian Defense Ministry "
            "and Assad forces.")
    others = [("BEIRUT", "ORG"), ("Reuters", "ORG"), ("Syrian Army", "ORG"), ("UN News", "ORG"),
              ("Lavrentiev", "ORG"), ("Major General Igor Konashenkov", "ORG"), ("Russian Defense Ministry", "ORG"),
              ("Assad forces", "ORG"), ("Alexander Lavrentiev", "PERSON")]
    text += " Alexander Lavrentiev spoke later."
    doc = FakeDoc(text, [], [text], others=others)
    events = find_events(text, doc, places=[_place(text, "Saraqeb")], dates=[], statements=[], outlet="Reuters",
                         dateline=(0, text.index("Syrian")))
    assert events[0].actors == ("Syrian Army", "Russian Defense Ministry", "Assad forces")


def test_events_a_short_attributed_sentence_is_claimed_by_who_said_it_not_the_outlet():
    text = ("Rebels shelled Jobar, the UN said.\n"
            "Warplanes struck Saqba, the official said.\n"
            "Gunmen attacked Douma, Zakharova said.")
    earlier = Statement("Maria Zakharova", "spokeswoman", None, "a long enough statement made earlier on", False, 0, 0)
    places = [_place(text, "Jobar"), _place(text, "Saqba", lat=33.5), _place(text, "Douma", lat=33.6)]
    events = find_events(text, FakeDoc(text, [], text.split("\n")), places=places, dates=[], statements=[earlier],
                         outlet="TASS")
    assert [e.claimed_by for e in events] == ["UN", "Maria Zakharova", "Maria Zakharova"]
