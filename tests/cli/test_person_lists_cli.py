"""`truceline persons lists ...`, `persons access-log`, `persons key ...` over a fresh database (each engine)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.persons.lists import LIST_A, LIST_B, add_parties
from truceline.cli.main import app
from truceline.common.context import Ctx
from truceline.config import get_settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope

runner = CliRunner()


@pytest.fixture
def cli_db(db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    monkeypatch.setenv("TRUCELINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRUCELINE_ACTOR", "operator")
    get_settings.cache_clear()
    engine = make_engine(db_url)
    with store_scope(make_sessionmaker(engine)) as store:
        add_parties(store, Ctx(actor="setup"))
    engine.dispose()
    (tmp_path / "a.csv").write_bytes(LIST_A)
    (tmp_path / "b.csv").write_bytes(LIST_B)
    yield tmp_path
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, ["persons", *args])


def test_import_show_export_replace_and_access_log(cli_db):
    r = invoke("lists", "import", str(cli_db / "a.csv"), "--party", "jaysh-al-islam", "--kind", "detained",
               "--submitted-on", "2017-10-01", "--key", "jai-detained")
    assert r.exit_code == 0, r.output
    assert "stored person list 'jai-detained': 3 records" in r.stdout
    listed = json.loads(invoke("lists", "list").stdout)
    assert listed["count"] == 1 and listed["data"][0]["record_count"] == 3
    meta = json.loads(invoke("lists", "show", "jai-detained").stdout)
    assert "data" not in meta and meta["person_list"]["party"] == "jaysh-al-islam"
    shown = json.loads(invoke("lists", "show", "jai-detained", "--refs", "A-2", "--purpose", "tracing").stdout)
    assert [p["full_name"] for p in shown["data"]] == ["Fatima Zahra Khalil"]
    out = cli_db / "out.csv"
    assert invoke("lists", "export", "jai-detained", "--out", str(out)).exit_code == 0
    assert out.read_bytes().decode() == LIST_A.decode()
    r = invoke("lists", "replace", "jai-detained", str(cli_db / "b.csv"), "--reason", "corrected")
    assert r.exit_code == 0 and "version 2" in r.stdout
    history = json.loads(invoke("lists", "history", "jai-detained").stdout)
    assert [c["version"] for c in history] == [1, 2] and history[0]["actor"] == "operator"
    log = json.loads(invoke("access-log").stdout)
    assert [(e["action"], e["route"], e["via"]) for e in log["data"]] == [
        ("export", "cli persons lists export", "cli"), ("read", "cli persons lists show", "cli")]
    assert log["data"][1]["purpose"] == "tracing" and log["data"][1]["record_refs"] == ["A-2"]
    assert json.loads(invoke("access-log", "--list", "other").stdout)["count"] == 0


def test_a_list_with_problems_stores_nothing_and_exits_2(cli_db):
    bad = cli_db / "bad.csv"
    bad.write_bytes(LIST_A + b"A-1,Again,,,,,,,\n")
    r = invoke("lists", "import", str(bad), "--party", "jaysh-al-islam", "--kind", "detained")
    assert r.exit_code == 2 and "E603" in r.output and "line 5" in r.output
    assert json.loads(invoke("lists", "list").stdout)["count"] == 0


def test_key_init_and_id_and_a_missing_configured_key(cli_db, monkeypatch):
    r = invoke("key", "init")
    assert r.exit_code == 0 and "back it up" in r.stdout
    key_id = invoke("key", "id").stdout.strip()
    assert len(key_id) == 16
    assert invoke("key", "init").exit_code == 1  # never overwritten
    assert invoke("lists", "import", str(cli_db / "a.csv"), "--party", "jaysh-al-islam", "--kind",
                  "missing").exit_code == 0
    monkeypatch.setenv("TRUCELINE_PERSONS_KEY_FILE", str(cli_db / "nowhere"))
    get_settings.cache_clear()
    r = invoke("lists", "export", "1")
    assert r.exit_code == 1 and "E620" in r.output and "does not exist" in r.output
    other = cli_db / "other-key"
    from truceline.persons.keyfile import create_key_file

    create_key_file(other)
    monkeypatch.setenv("TRUCELINE_PERSONS_KEY_FILE", str(other))
    get_settings.cache_clear()
    r = invoke("lists", "export", "1")
    assert r.exit_code == 1 and "E621" in r.output and key_id in r.output


def test_operations_create_batch_release_outcome_status_history(cli_db):
    assert invoke("lists", "import", str(cli_db / "a.csv"), "--party", "jaysh-al-islam", "--kind", "detained",
                  "--key", "jai").exit_code == 0
    spec = cli_db / "op.json"
    spec.write_text(json.dumps({"name": "Wafideen", "parties": ["syria-government", "jaysh-al-islam"],
                                "intermediary": "ICRC", "tolerance_minutes": 10,
                                "batches": [{"persons": [{"list_key": "jai", "ref": "A-1"}]}]}), encoding="utf-8")
    r = invoke("operations", "create", str(spec))
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["key"] == "exchange-1"
    batch = cli_db / "batch.json"
    batch.write_text(json.dumps({"persons": [{"list_key": "jai", "ref": "A-3"}]}), encoding="utf-8")
    assert invoke("operations", "add-batch", "#1", str(batch)).exit_code == 0
    times = (("jaysh-al-islam", "2017-10-30T12:00:00+00:00"), ("syria-government", "2017-10-30T12:30:00+00:00"))
    for party, at in times:
        r = invoke("operations", "release", "exchange-1", "1", "--party", party, "--at", at)
        assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["flagged_batches"] == [1]
    r = invoke("operations", "outcome", "1", "2", "--list", "jai", "--ref", "A-3", "--outcome", "deceased")
    assert json.loads(r.stdout)["batches"][1]["persons"][0]["outcome"] == "deceased"
    r = invoke("operations", "outcome", "1", "2", "--list", "jai", "--ref", "A-9", "--outcome", "released")
    assert r.exit_code == 2 and "E201" in r.output
    assert invoke("operations", "status", "1", "agreed", "--reason", "signed").exit_code == 0
    listed = json.loads(invoke("operations", "list", "--status", "agreed").stdout)
    assert listed["count"] == 1
    assert json.loads(invoke("operations", "show", "1").stdout)["status"] == "agreed"
    assert len(json.loads(invoke("operations", "history", "1").stdout)) == 6


def test_matches_run_pairs_review_history(cli_db):
    for name, party in (("a", "jaysh-al-islam"), ("b", "syria-government")):
        assert invoke("lists", "import", str(cli_db / f"{name}.csv"), "--party", party, "--kind", "detained",
                      "--key", name).exit_code == 0
    r = invoke("matches", "run", "a", "b", "--purpose", "exchange 4")
    assert r.exit_code == 0, r.output
    run = json.loads(r.stdout)
    assert run["match_count"] == 2
    assert json.loads(invoke("matches", "list").stdout)["count"] == 1
    pairs = json.loads(invoke("matches", "pairs", str(run["id"]), "--matches-only").stdout)
    assert [(p["a"], p["b"]) for p in pairs["data"]] == [("A-1", "B-1"), ("A-2", "B-2")]
    pair = pairs["data"][1]["id"]
    r = invoke("matches", "review", str(run["id"]), str(pair), "rejected")
    assert r.exit_code == 2 and "E104" in r.output
    r = invoke("matches", "review", str(run["id"]), str(pair), "rejected", "--reason", "different mothers")
    assert json.loads(r.stdout)["status"] == "rejected"
    assert json.loads(invoke("matches", "history", str(run["id"]), str(pair)).stdout)[0]["actor"] == "operator"
    log = json.loads(invoke("access-log").stdout)["data"]
    assert {e["route"] for e in log} == {"cli persons matches run", "cli persons matches pairs"}
