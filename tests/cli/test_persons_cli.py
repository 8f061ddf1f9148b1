"""`truceline persons match|check|hash|overlap`: JSON out, errors and exit codes, no database needed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from truceline.cli.main import app
from truceline.persons.csv_io import COLUMNS

runner = CliRunner()
HEADER = ",".join(COLUMNS)
LIST_A = f"{HEADER}\na1,محمد أحمد حسن الأحمد,,,,,1985,دوما,\na2,زينب خليل الحريري,,,,,1992,,\n"
LIST_B = f"{HEADER}\nb1,Mohammed Ahmad al-Ahmad,,,,,1986,Douma,\nb2,Hiba Nasser al-Kurdi,,,,,1970,,\n"


def _lists(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(LIST_A, encoding="utf-8")
    b.write_text(LIST_B, encoding="utf-8")
    return a, b


def test_persons_match_prints_candidate_pairs_as_json(tmp_path):
    a, b = _lists(tmp_path)
    r = runner.invoke(app, ["persons", "match", str(a), str(b), "--format", "json"])
    assert r.exit_code == 0, r.output
    pairs = json.loads(r.stdout)
    assert [(p["a"], p["b"], p["match"]) for p in pairs] == [("a1", "b1", True)]
    assert set(pairs[0]) == {"a", "b", "score", "match", "why"} and 0.5 <= pairs[0]["score"] <= 1.0
    assert "given name agrees: 'محمد' ~ 'Mohammed' (key mhmd)" in pairs[0]["why"]


def test_persons_match_threshold_option_changes_the_decision(tmp_path):
    a, b = _lists(tmp_path)
    r = runner.invoke(app, ["persons", "match", str(a), str(b), "--threshold", "1.0"])
    assert r.exit_code == 0
    assert [p["match"] for p in json.loads(r.stdout)] == [False]


def test_persons_match_writes_a_table_too(tmp_path):
    a, b = _lists(tmp_path)
    r = runner.invoke(app, ["persons", "match", str(a), str(b), "--format", "table"])
    assert r.exit_code == 0 and "a1" in r.stdout and "yes" in r.stdout


def test_persons_match_refuses_a_bad_list_with_code_and_line(tmp_path):
    a, _ = _lists(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nb1,Ahmad,,,,,19x5,,\nb1,Omar,,,,,,,\n", encoding="utf-8")
    r = runner.invoke(app, ["persons", "match", str(a), str(bad)])
    assert r.exit_code == 2 and r.stdout == ""
    assert "error E600" in r.stderr and "line 2" in r.stderr and "E603" in r.stderr


def test_persons_match_refuses_a_missing_file(tmp_path):
    a, _ = _lists(tmp_path)
    r = runner.invoke(app, ["persons", "match", str(a), str(tmp_path / "nope.csv")])
    assert r.exit_code == 2 and "cannot read" in r.stderr


def test_persons_match_refuses_an_out_of_range_threshold(tmp_path):
    a, b = _lists(tmp_path)
    r = runner.invoke(app, ["persons", "match", str(a), str(b), "--threshold", "2"])
    assert r.exit_code == 2 and "E104" in r.stderr


def test_persons_check_counts_records_or_lists_problems(tmp_path):
    a, _ = _lists(tmp_path)
    ok = runner.invoke(app, ["persons", "check", str(a)])
    assert ok.exit_code == 0 and "2 records, no problems" in ok.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\n1,x\n", encoding="utf-8")
    r = runner.invoke(app, ["persons", "check", str(bad)])
    assert r.exit_code == 2 and "E602" in r.stderr


def test_persons_hash_and_overlap_match_without_names(tmp_path):
    a, b = _lists(tmp_path)
    secret = tmp_path / "secret"
    secret.write_text("f" * 64 + "\n", encoding="ascii")
    for name, path in (("ha.json", a), ("hb.json", b)):
        r = runner.invoke(app, ["persons", "hash", str(path), "--secret-file", str(secret), "--out",
                                str(tmp_path / name)])
        assert r.exit_code == 0, r.output
    uploaded = (tmp_path / "ha.json").read_text(encoding="utf-8")
    assert "محمد" not in uploaded and "mhmd" not in uploaded and "1985" not in uploaded
    r = runner.invoke(app, ["persons", "overlap", str(tmp_path / "ha.json"), str(tmp_path / "hb.json")])
    assert r.exit_code == 0, r.output
    assert [(p["a"], p["b"], p["match"]) for p in json.loads(r.stdout)] == [("a1", "b1", True)]


def test_persons_hash_refuses_a_short_secret(tmp_path):
    a, _ = _lists(tmp_path)
    secret = tmp_path / "secret"
    secret.write_text("short", encoding="ascii")
    r = runner.invoke(app, ["persons", "hash", str(a), "--secret-file", str(secret)])
    assert r.exit_code == 2 and "E611" in r.stderr and r.stdout == ""


def test_persons_overlap_refuses_a_file_that_is_not_a_hash_file(tmp_path):
    a, _ = _lists(tmp_path)
    r = runner.invoke(app, ["persons", "overlap", str(a), str(a)])
    assert r.exit_code == 2 and "E610" in r.stderr
