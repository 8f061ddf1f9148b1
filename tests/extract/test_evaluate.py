from __future__ import annotations

import json
from datetime import date

import pytest

from truceline.errors import BadFixture
from truceline.extract.evaluate import load_fixtures, score
from truceline.extract.models import Dateline, Event, Extraction, Place, Statement


def _place(name, lat, lon, admin1):
    return Place(name=name, lat=lat, lon=lon, admin1=admin1, country_code="SY", precision="town", start=0, end=1)


DOUMA = _place("Douma", 33.572, 36.403, "SY-RD")
ALEPPO = _place("Aleppo", 36.2, 37.16, "SY-HL")


def _extraction(**kw):
    base = dict(source="x", dateline=Dateline(), publication_date=date(2018, 3, 4), statements=(), places=(),
                events=())
    return Extraction(**{**base, **kw})


def test_score_counts_per_field():
    extraction = _extraction(
        places=(DOUMA, DOUMA, ALEPPO),
        statements=(Statement("Rami Abdulrahman", None, None, "t", True, 0, 1),),
        events=(Event("shelling", None, DOUMA, (), None, None, "e"),
                Event("air_strike", None, None, (), None, None, "e")))
    gold = {"publication_date": "2018-03-04",
            "places": [{"name": "Douma", "lat": 33.57, "lon": 36.45, "admin1": "SY-RD"},
                       {"name": "Harasta", "lat": 33.558, "lon": 36.365, "admin1": "SY-RD"}],
            "speakers": ["Abdulrahman", "Ali Al-Za'tari"],
            "events": [{"type": "shelling", "place": {"lat": 33.57, "lon": 36.40}}]}
    s = score([(extraction, gold)]).to_dict()["fields"]
    assert (s["publication_date"]["tp"], s["publication_date"]["fp"]) == (1, 0)
    # Douma repeated counts once; Douma matches within 25 km and takes one gold place only
    assert (s["places"]["tp"], s["places"]["fp"], s["places"]["fn"]) == (1, 1, 1)
    assert (s["admin1"]["tp"], s["admin1"]["fp"], s["admin1"]["fn"]) == (1, 1, 0)
    assert (s["speakers"]["tp"], s["speakers"]["fn"]) == (1, 1)
    assert (s["events"]["tp"], s["events"]["fp"], s["events"]["fn"]) == (1, 1, 0)
    assert s["events"]["precision"] == 0.5 and s["events"]["recall"] == 1.0


def test_score_wrong_date_is_both_false_positive_and_negative():
    s = score([(_extraction(publication_date=date(2018, 3, 5)), {"publication_date": "2018-03-04"})])
    t = s.fields["publication_date"]
    assert (t.tp, t.fp, t.fn, t.f1) == (0, 1, 1, 0.0)


def test_load_fixtures_refuses_missing_or_bad_annotation(tmp_path):
    (tmp_path / "a.txt").write_text("text", "utf-8")
    with pytest.raises(BadFixture):
        load_fixtures(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps({"places": [{"name": "x"}]}), "utf-8")
    with pytest.raises(BadFixture) as info:
        load_fixtures(tmp_path)
    assert info.value.code == "E706"


def test_score_event_dates_and_claimants_only_where_annotated():
    extraction = _extraction(events=(
        Event("shelling", date(2018, 3, 2), DOUMA, (), None, "Syrian Observatory for Human Rights", "e"),
        Event("air_strike", date(2018, 3, 5), ALEPPO, (), None, "Reuters", "e")))
    gold = {"events": [
        {"type": "shelling", "place": {"lat": 33.57, "lon": 36.40}, "date": "2018-03-02",
         "claimed_by": "Syrian Observatory for Human Rights"},
        {"type": "air_strike", "place": {"lat": 36.2, "lon": 37.16}, "date": "2018-03-03", "claimed_by": "Lavrov"},
        {"type": "armed_clash", "place": None, "date": "2018-03-01"},
        {"type": "shelling", "place": {"lat": 36.2, "lon": 37.16}}]}
    s = score([(extraction, gold)]).to_dict()["fields"]
    assert (s["event_dates"]["tp"], s["event_dates"]["fp"], s["event_dates"]["fn"]) == (1, 1, 2)
    assert (s["claimants"]["tp"], s["claimants"]["fp"], s["claimants"]["fn"]) == (1, 1, 1)
