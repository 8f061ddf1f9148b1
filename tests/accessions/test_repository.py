"""The accession repository contract, on the in-memory fake and on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from tests.accessions.seed import ASTANA, DOUMA, seed_accessions
from truceline.accessions import service
from truceline.accessions.models import AccessionQuery, Step
from truceline.accessions.schemas import AccessionUpdate, AccessionWithdraw
from truceline.common.paging import Page

JAI = "jaysh-al-islam-astana-memorandum-2017"
FAYLAQ = "faylaq-al-rahman-astana-memorandum-2017"
DOUMA_KEY = "douma-astana-memorandum-2017"


def test_repository_roundtrips_groups_and_settlements(any_store, ctx):
    seed_accessions(any_store, ctx)
    faylaq = service.get_accession(any_store, FAYLAQ)
    assert (faylaq.agreement, faylaq.party, faylaq.witnessed_by) == (ASTANA, "faylaq-al-rahman", "russia")
    assert faylaq.evidence_url == "https://example.org/faylaq-al-rahman" and faylaq.settlement is None
    douma = service.get_accession(any_store, DOUMA_KEY)
    assert douma.party is None and douma.settlement.model_dump() == DOUMA["settlement"]
    assert douma.joined_on == date(2017, 7, 22) and douma.created_at.tzinfo is not None
    assert service.get_accession(any_store, douma.id).key == DOUMA_KEY


def test_repository_update_changes_references_and_keeps_history(any_store, ctx):
    seed_accessions(any_store, ctx)
    service.update_accession(any_store, ctx, JAI, AccessionUpdate(witnessed_by="turkey", evidence="Ankara list"))
    service.update_accession(any_store, ctx, DOUMA_KEY, AccessionUpdate(
        settlement=None, party="ahrar-al-sham", reason="illustrative correction"))
    jai = service.get_accession(any_store, JAI)
    assert (jai.witnessed_by, jai.evidence, jai.version) == ("turkey", "Ankara list", 2)
    swapped = service.get_accession(any_store, DOUMA_KEY)
    assert swapped.party == "ahrar-al-sham" and swapped.settlement is None
    history = service.accession_history(any_store, DOUMA_KEY)
    assert [c.version for c in history] == [1, 2] and history[0].after["settlement"]["name"] == "Douma"


def test_repository_lists_with_filters_and_paging(any_store, ctx):
    seed_accessions(any_store, ctx)
    service.withdraw_accession(any_store, ctx, JAI, AccessionWithdraw(on="2017-10-01", reason="left"))

    def keys(page=None, **kw):
        paged = service.list_accessions(any_store, AccessionQuery(**kw), page or Page())
        return paged.count, [a.key for a in paged.items]

    assert keys(page=Page(limit=1, offset=1)) == (3, [FAYLAQ])
    assert keys(agreement=ASTANA, at=date(2017, 10, 1)) == (2, [FAYLAQ, DOUMA_KEY])
    assert keys(at=date(2017, 9, 30)) == (3, [JAI, FAYLAQ, DOUMA_KEY])
    assert keys(party="faylaq-al-rahman") == (1, [FAYLAQ])
    assert keys(q="DOU") == (1, [DOUMA_KEY])
    assert keys(agreement="ceasefire-2016-12-29") == (0, [])


def test_repository_supplies_counts_over_time(any_store, ctx):
    seed_accessions(any_store, ctx)
    points = service.accession_counts(any_store, agreement=ASTANA, start=date(2017, 7, 15),
                                      end=date(2017, 8, 19), step=Step.week)
    assert [(p.groups, p.settlements) for p in points] == [(0, 0), (1, 1), (1, 1), (1, 1), (1, 1), (2, 1)]
    assert service.is_covered(any_store, "faylaq-al-rahman", ASTANA, date(2017, 9, 1))
