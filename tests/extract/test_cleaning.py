from __future__ import annotations

from truceline.extract.cleaning import clean, is_headline

SPUTNIK = """21:47 GMT +316 September 2017
    Russian tactical group seen at Hmeimim aerodrome in Syria

    Russia Fighting Terrorists in Syria Not to Secure a Foothold in Region - Envoy

    © Sputnik/ Dmitriy Vinogradov
    Middle East
    0 113 0 0

    MOSCOW (Sputnik) — Moscow is conducting the operation in Syria, the envoy said.
    Troops join army units in the south of Deir ez-Zor following the breaking of the blockade
    © Sputnik/ Mikhail Alayeddin
    Over 50 Syrian Opposition Fighters Defect to Government Army - Russian MoD
    Speaking about the fourth zone, the official said observers will take part.
"""


def test_clean_keeps_length_and_offsets():
    assert len(clean(SPUTNIK)) == len(SPUTNIK)


def test_clean_removes_credits_captions_counters_labels_and_related_links():
    out = clean(SPUTNIK)
    for gone in ("©", "tactical group", "0 113 0 0", "Middle East", "Troops join", "Over 50 Syrian"):
        assert gone not in out
    for kept in ("Russia Fighting Terrorists", "MOSCOW (Sputnik)", "Speaking about the fourth zone"):
        assert kept in out


def test_clean_drops_check_also_block_signature_and_chrome():
    text = "All news\nUpdated at: \n\nStory text here.\n\nQabas/ H. Said\n\nCheck Also\n\nOther story\nMore…"
    out = clean(text)
    assert out.split() == ["Story", "text", "here."]


def test_is_headline():
    assert is_headline("Russia Ready to Mediate Talks Between Damascus, Ankara")
    assert not is_headline("Troops of the army join units in the south")
