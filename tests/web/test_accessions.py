"""The accession routes: success and each error class, in the one JSON error shape."""

from __future__ import annotations

import pytest

from tests.accessions.seed import DOUMA, FAYLAQ_AL_RAHMAN, JAYSH_AL_ISLAM
from tests.agreements.seed import ASTANA_MEMORANDUM, DECEMBER_CEASEFIRE, PARTIES

BASE = "/api/v1/accessions"
JAI = f"{BASE}/jaysh-al-islam-astana-memorandum-2017"
WITHDRAWAL = {"on": "2017-10-01", "reason": "left the de-escalation regime (illustrative)"}


@pytest.fixture
def seeded(client):
    for party in PARTIES:
        assert client.post("/api/v1/parties", json=party).status_code == 201
    for agreement in (DECEMBER_CEASEFIRE, ASTANA_MEMORANDUM):
        assert client.post("/api/v1/agreements", json=agreement).status_code == 201
    for accession in (JAYSH_AL_ISLAM, FAYLAQ_AL_RAHMAN, DOUMA):
        r = client.post(BASE, json=accession)
        assert r.status_code == 201, r.text
    return client


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_create_get_list_update_history(seeded):
    jai = seeded.get(JAI).json()
    assert jai["party"] == "jaysh-al-islam" and jai["witnessed_by"] == "russia" and jai["settlement"] is None
    assert seeded.get(f"{BASE}/{jai['id']}").json()["key"] == jai["key"]
    listed = seeded.get(BASE, params={"agreement": "astana-memorandum-2017", "q": "douma"}).json()
    assert listed["count"] == 1 and listed["data"][0]["settlement"]["admin_area"] == "Rif Dimashq"
    r = seeded.patch(JAI, json={"evidence": "Cairo agreement text", "reason": "source found"})
    assert r.status_code == 200 and r.json()["version"] == 2
    history = seeded.get(f"{JAI}/history").json()
    assert [c["action"] for c in history["data"]] == ["create", "update"]


def test_withdraw_and_point_in_time_list(seeded):
    r = seeded.post(f"{JAI}/withdraw", json=WITHDRAWAL)
    assert r.status_code == 200, r.text
    assert r.json()["withdrawn_on"] == "2017-10-01" and r.json()["withdrawal_reason"] == WITHDRAWAL["reason"]
    before = seeded.get(BASE, params={"at": "2017-09-30"}).json()
    after = seeded.get(BASE, params={"at": "2017-10-01"}).json()
    assert before["count"] == 3 and after["count"] == 2
    assert "jaysh-al-islam" not in {a["party"] for a in after["data"]}


def test_counts_over_time(seeded):
    seeded.post(f"{JAI}/withdraw", json=WITHDRAWAL)
    r = seeded.get(f"{BASE}/counts", params={"agreement": "astana-memorandum-2017", "from": "2017-07-01",
                                             "to": "2017-10-01", "step": "month"})
    assert r.status_code == 200, r.text
    assert r.json() == {"count": 4, "data": [
        {"date": "2017-07-01", "groups": 0, "settlements": 0},
        {"date": "2017-08-01", "groups": 1, "settlements": 1},
        {"date": "2017-09-01", "groups": 2, "settlements": 1},
        {"date": "2017-10-01", "groups": 1, "settlements": 1},
    ]}


@pytest.mark.parametrize("params, status, code", [
    ({"agreement": "astana-memorandum-2017", "from": "2017-07-01"}, 422, "E101"),  # to missing
    ({"agreement": "astana-memorandum-2017", "from": "2017-07-01", "to": "2017-08-01", "step": "year"},
     422, "E101"),
    ({"agreement": "astana-memorandum-2017", "from": "2017-08-01", "to": "2017-07-01"}, 422, "E103"),
    ({"agreement": "astana-memorandum-2017", "from": "1990-01-01", "to": "2017-07-01"}, 422, "E104"),
    ({"agreement": "geneva-2012", "from": "2017-07-01", "to": "2017-08-01"}, 422, "E201"),
])
def test_counts_errors(seeded, params, status, code):
    _assert_error(seeded.get(f"{BASE}/counts", params=params), status, code)


@pytest.mark.parametrize("payload, status, code", [
    ({**FAYLAQ_AL_RAHMAN, "joined_on": None}, 422, "E101"),
    ({**FAYLAQ_AL_RAHMAN, "unknown_field": 1}, 422, "E101"),
    ({**DOUMA, "settlement": {**DOUMA["settlement"], "lon": 236.4}}, 422, "E102"),
    ({**FAYLAQ_AL_RAHMAN, "joined_on": "2017-05-01"}, 422, "E103"),
    ({**FAYLAQ_AL_RAHMAN, "witnessed_by": "syria"}, 422, "E104"),
    ({**FAYLAQ_AL_RAHMAN, "party": "isil"}, 422, "E104"),
    ({**FAYLAQ_AL_RAHMAN, "settlement": DOUMA["settlement"]}, 422, "E104"),
    ({**FAYLAQ_AL_RAHMAN, "agreement": "geneva-2012"}, 422, "E201"),
    ({**FAYLAQ_AL_RAHMAN, "party": "ghost"}, 422, "E201"),
    ({**FAYLAQ_AL_RAHMAN, "key": "other-key"}, 409, "E301"),  # overlaps the seeded accession
])
def test_create_accession_errors(seeded, payload, status, code):
    _assert_error(seeded.post(BASE, json=payload), status, code)


def test_witness_error_says_who_the_guarantors_were(seeded):
    body = _assert_error(seeded.post(BASE, json={**FAYLAQ_AL_RAHMAN, "key": "x", "witnessed_by": "syria"}),
                         422, "E104")
    assert "not a guarantor" in body["error"] and "russia, turkey, iran" in body["error"]


def test_withdraw_errors(seeded):
    _assert_error(seeded.post(f"{JAI}/withdraw", json={"on": "2017-10-01"}), 422, "E101")  # reason missing
    _assert_error(seeded.post(f"{JAI}/withdraw", json={**WITHDRAWAL, "on": "2017-07-01"}), 422, "E103")
    _assert_error(seeded.post(f"{JAI}/withdraw", json={**WITHDRAWAL, "expected_version": 5}), 409, "E302")
    seeded.post(f"{JAI}/withdraw", json=WITHDRAWAL)
    _assert_error(seeded.post(f"{JAI}/withdraw", json=WITHDRAWAL), 422, "E106")
    _assert_error(seeded.post(f"{BASE}/nobody/withdraw", json=WITHDRAWAL), 404, "E200")


def test_unknown_accession_is_not_found(seeded):
    _assert_error(seeded.get(f"{BASE}/nobody"), 404, "E200")


def test_stale_update_is_conflict(seeded):
    seeded.patch(JAI, json={"evidence": "a"})
    _assert_error(seeded.patch(JAI, json={"evidence": "b", "expected_version": 1}), 409, "E302")


def test_failed_write_leaves_nothing(seeded):
    _assert_error(seeded.post(BASE, json={**FAYLAQ_AL_RAHMAN, "party": "ghost"}), 422, "E201")
    assert seeded.get(BASE).json()["count"] == 3
