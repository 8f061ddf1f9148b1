"""Accessions to the Astana memorandum (seed 004: the de-escalation zone in Eastern Ghouta).

Groups joined the de-escalation regime in the summer of 2017 with Russia as the guarantor witnessing; the
evidence texts and the Douma settlement record are illustrative.
"""

from __future__ import annotations

from typing import Any

from tests.agreements.seed import seed_agreements
from truceline.accessions import service
from truceline.accessions.schemas import AccessionCreate
from truceline.common.context import Ctx

ASTANA = "astana-memorandum-2017"

JAYSH_AL_ISLAM: dict[str, Any] = {
    "agreement": ASTANA, "party": "jaysh-al-islam", "joined_on": "2017-07-22", "witnessed_by": "russia",
    "evidence": "Eastern Ghouta de-escalation agreement signed in Cairo",
}
FAYLAQ_AL_RAHMAN: dict[str, Any] = {
    "agreement": ASTANA, "party": "faylaq-al-rahman", "joined_on": "2017-08-18", "witnessed_by": "russia",
    "evidence": "Agreement signed in Geneva", "evidence_url": "https://example.org/faylaq-al-rahman",
}
DOUMA: dict[str, Any] = {
    "agreement": ASTANA, "joined_on": "2017-07-22", "witnessed_by": "russia",
    "settlement": {"name": "Douma", "lat": 33.5711, "lon": 36.4028, "admin_area": "Rif Dimashq"},
}


def seed_accessions(store: Any, ctx: Ctx) -> None:
    seed_agreements(store, ctx)
    for data in (JAYSH_AL_ISLAM, FAYLAQ_AL_RAHMAN, DOUMA):
        service.create_accession(store, ctx, AccessionCreate(**data))
