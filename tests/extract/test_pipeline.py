from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from truceline.cli.main import app
from truceline.errors import PipelineConfigError
from truceline.extract.evaluate import load_fixtures, score
from truceline.extract.models import SourceDocument
from truceline.extract.pipeline import Failure, expand_paths, extract_paths, load_config
from truceline.extract.reading import read_bytes, read_path

# ruff: noqa: E501

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = json.loads(resources.files("truceline.extract").joinpath("schema.json").read_text("utf-8"))

TASS = """All news

Russia ready to mediate talks

ASTANA, October 30./TASS/. Russia is ready to act as a mediator on the situation in Idlib, the head of the Russian delegation at talks in Astana, Alexander Lavrentyev, said on Monday.

"Iranian, Turkish and Russian observers are present in the area of Idlib. Now the process of coordinating the sites continues," the diplomat said.

"The issues that must be settled persist, we will keep working on them," he added.

Four de-escalation zones are being established since the start of May. The fourth zone includes parts of the neighboring provinces of Aleppo, Latakia and Hama. Militants shelled army positions near the town of Morek in the north of Hama province on Saturday, killing two soldiers, the Russian Defense Ministry said.
"""


@pytest.fixture(scope="module")
def tass(pipeline):
    doc = SourceDocument(source="tass.txt", text=TASS, reference_date=date(2017, 11, 1))
    return pipeline.run(doc)


def test_pipeline_output_validates_against_the_shipped_schema(pipeline, tass):
    jsonschema.validate(tass.to_dict(), SCHEMA)
    for fixture in load_fixtures(FIXTURES) + load_fixtures(FIXTURES.parent / "holdout"):
        out = pipeline.run(read_path(fixture.path, reference_date=fixture.reference_date)).to_dict()
        jsonschema.validate(out, SCHEMA)


def test_pipeline_dateline_and_publication_date(tass):
    assert tass.dateline.to_dict() == {"place": "Astana", "date": "2017-10-30", "outlet": "TASS"}
    assert tass.publication_date == date(2017, 10, 30)


def test_pipeline_statements_resolve_the_diplomat_and_he(tass):
    speakers = {(s.speaker, s.direct) for s in tass.statements}
    assert ("Alexander Lavrentyev", True) in speakers and ("Alexander Lavrentyev", False) in speakers
    quote = next(s for s in tass.statements if s.text.startswith("Iranian, Turkish"))
    assert "head of the Russian delegation" in quote.speaker_role
    assert TASS[quote.start:quote.end].strip('"').startswith("Iranian")
    assert any(s.speaker == "Alexander Lavrentyev" and s.text.startswith("The issues") for s in tass.statements)


def test_pipeline_places_carry_offsets_admin1_and_precision(tass):
    by_name = {p.name: p for p in tass.places}
    assert by_name["Idlib"].admin1 == "SY-ID"
    morek = next(p for p in tass.places if "Morek" in p.name)
    assert morek.precision == "near" and TASS[morek.start:morek.end] == "near the town of Morek"
    hama = next(p for p in tass.places if "Hama province" in p.name)
    assert hama.precision == "district" and hama.admin1 == "SY-HM"


def test_pipeline_places_carry_the_geonames_id_where_there_is_one(tass):
    places = {p["name"]: p for p in tass.to_dict()["places"]}
    assert all("geonames_id" in p for p in places.values())
    assert places["Idlib"]["geonames_id"] == 169389  # the GeoNames city
    assert places["near Morek"]["geonames_id"] is None  # a pack town GeoNames' cities lack
    assert places["north of Hama province"]["geonames_id"] is None  # a governorate
    assert SCHEMA["$defs"]["place"]["properties"]["geonames_id"]["type"] == ["integer", "null"]
    assert "geonames_id" in SCHEMA["$defs"]["place"]["required"]


def test_pipeline_pack_towns_carry_the_geonames_id_of_their_city(pipeline):
    doc = SourceDocument(source="t.txt", text="Shelling hit Douma and the town of Morek on Saturday.",
                         reference_date=date(2018, 3, 5))
    ids = {p.name: p.geonames_id for p in pipeline.run(doc).places}
    assert ids["Douma"] == 170592


def test_pipeline_provinces_listed_after_of_are_governorates(tass):
    listed = [p for p in tass.places if p.name in ("Aleppo", "Latakia", "Hama")]
    assert [(p.name, p.precision) for p in listed] == [(n, "governorate") for n in ("Aleppo", "Latakia", "Hama")]


def test_pipeline_events_are_typed_claims(tass):
    shelling = next(e for e in tass.events if e.type == "shelling")
    assert shelling.date == date(2017, 10, 28) and shelling.fatalities == 2
    assert shelling.claimed_by == "Russian Defense Ministry" and shelling.place is not None
    assert shelling.place.admin1 == "SY-HM"


def test_extract_paths_reports_bad_files_and_goes_on(pipeline, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    good = tmp_path / "good.txt"
    good.write_text("MOSCOW, May 7. /TASS/. Militants shelled positions near Morek, the ministry said.", "utf-8")
    results = list(extract_paths(pipeline, [tmp_path / "bin.txt", tmp_path / "empty.txt", good]))
    assert [type(r).__name__ for r in results] == ["Failure", "Failure", "Extraction"]
    assert [r.error.code for r in results if isinstance(r, Failure)] == ["E702", "E703"]


def test_load_config_refuses_unknown_component(tmp_path):
    cfg = tmp_path / "p.toml"
    cfg.write_text('[pipeline]\ncomponents = ["clean", "magic"]\n', "utf-8")
    with pytest.raises(PipelineConfigError):
        load_config(cfg)


def test_eval_scores_fixture_corpus(pipeline):
    fixtures = load_fixtures(FIXTURES)
    assert len(fixtures) >= 12
    scores = score((pipeline.run(read_path(f.path, reference_date=f.reference_date)), f.annotation)
                   for f in fixtures)
    assert scores.documents == len(fixtures)
    assert scores.fields["publication_date"].f1 >= 0.9
    assert scores.fields["places"].recall >= 0.8


def test_cli_extract_prints_one_json_line_per_document(tmp_path):
    (tmp_path / "a.txt").write_text("MOSCOW, February 13. /TASS/. Lavrov said the talks in Astana went well.", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                      "--format", "jsonl", "--reference-date", "2017-03-01"])
    assert result.exit_code == 3
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2 and lines[0]["publication_date"] == "2017-02-13"
    assert lines[1] == {"source": str(tmp_path / "b.txt"), "error": {"code": "E703", "message": lines[1]["error"][
        "message"]}} and "empty" in lines[1]["error"]["message"]
    for line in lines:
        jsonschema.validate(line, SCHEMA)


def test_expand_paths_names_a_file_once_when_its_folder_is_given_too(tmp_path):
    (tmp_path / "a.txt").write_text("One.", "utf-8")
    (tmp_path / "b.txt").write_text("Two.", "utf-8")
    assert expand_paths([tmp_path, tmp_path / "a.txt", tmp_path / ".." / tmp_path.name / "b.txt"]) == [
        tmp_path / "a.txt", tmp_path / "b.txt"]


def test_pipeline_a_text_without_dateline_is_published_on_the_date_its_origin_gives(pipeline):
    doc = read_bytes(b"Government forces shelled the town of Saraqeb in Idlib province, killing 2 people, the "
                     b"ministry said.", source="push:amal", metadata_date=date(2017, 2, 13))
    result = pipeline.run(doc)
    assert result.publication_date == date(2017, 2, 13)
    assert [e.date for e in result.events] == [date(2017, 2, 13)]


def test_pipeline_an_event_over_several_days_carries_its_last_day(pipeline):
    doc = read_bytes(b"ASTANA, October 30. /TASS/. Militants shelled army positions near the town of Morek in the "
                     b"north of Hama province on Thursday and Friday, the Russian Defence Ministry said.",
                     source="t.txt", reference_date=date(2017, 10, 30))
    [shelling] = [e for e in pipeline.run(doc).events if e.type == "shelling"]
    assert (shelling.date, shelling.date_until, shelling.date_precision) == (
        date(2017, 10, 26), date(2017, 10, 27), "days")
    assert shelling.to_dict()["date_until"] == "2017-10-27"
