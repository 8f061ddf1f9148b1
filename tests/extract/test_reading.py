from __future__ import annotations

from datetime import date

import pytest

from truceline.errors import BinaryDocument, DocumentTooLarge, EmptyDocument, FeedAsDocument, UnreadableDocument
from truceline.extract.reading import plausibility, read_bytes, read_path, url_date


def test_read_bytes_utf8_plain_text():
    doc = read_bytes("Idlib — ceasefire".encode(), source="a.txt", suffix=".txt")
    assert doc.text == "Idlib — ceasefire" and doc.kind == "text" and len(doc.content_hash) == 64


@pytest.mark.parametrize("encoding,text", [
    ("windows-1256", "قصف على مدينة دوما في الغوطة الشرقية اليوم، وقال المرصد إن القصف استمر طوال الليل"),
    ("latin-1", "Le cessez-le-feu a été violé près de Homs, a déclaré l'observateur français à l'AFP."),
])
def test_read_bytes_detects_legacy_encodings(encoding, text):
    doc = read_bytes(text.encode(encoding), source="x.txt", suffix=".txt")
    assert doc.text == text


@pytest.mark.parametrize("data,error", [
    (b"", EmptyDocument),
    (b"   \n\n ", EmptyDocument),
    (b"\x89PNG\r\n\x1a\nrest", BinaryDocument),
    (b"abc\x00\x01\x02def" * 10, BinaryDocument),
    (b"%PDF-1.7 ...", BinaryDocument),
])
def test_read_bytes_refuses_bad_input_with_a_code(data, error):
    with pytest.raises(error) as info:
        read_bytes(data, source="bad", suffix=".txt")
    assert info.value.code.startswith("E70")


def test_read_path_refuses_a_10_mb_file_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (10 * 1024 * 1024))
    with pytest.raises(DocumentTooLarge):
        read_path(big)


def test_read_path_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableDocument):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(UnreadableDocument):
        read_path(tmp_path)


def test_read_bytes_html_keeps_main_text_and_drops_scripts():
    html = ("<html><head><title>Talks open</title><script>var tracking = 'secret';</script></head><body>"
            "<nav>Home News</nav><article><p>The eighth round of talks opened in Geneva on Tuesday with both "
            "delegations present, the envoy said in a long statement to the press.</p></article>"
            "<script>alert('x')</script></body></html>")
    doc = read_bytes(html.encode(), source="a.html", suffix=".html")
    assert doc.kind == "html" and "eighth round" in doc.text
    assert "tracking" not in doc.text and "alert" not in doc.text
    assert doc.title == "Talks open" and doc.author is None


def test_read_bytes_html_of_scripts_only_is_empty():
    with pytest.raises(EmptyDocument):
        read_bytes(b"<html><body><script>var a = 1;</script></body></html>", source="s.html", suffix=".html")


def test_read_bytes_email_takes_body_subject_and_date():
    raw = ("From: op@example.org\nSubject: OP-7 report\nDate: Thu, 02 Nov 2017 07:15:22 +0300\n"
           "Content-Type: text/plain; charset=\"windows-1256\"\n\nFire near Kafr Zita. الموقع\n").encode("windows-1256")
    doc = read_bytes(raw, source="m.eml", suffix=".eml")
    assert doc.kind == "eml" and doc.text.startswith("OP-7 report") and "الموقع" in doc.text
    assert doc.metadata_date == date(2017, 11, 2) == doc.reference_date
    assert (doc.title, doc.author) == ("OP-7 report", "op@example.org")


def test_read_bytes_takes_a_publication_date_the_caller_knows_when_the_container_states_none():
    doc = read_bytes(b"Shelling hit Saraqeb.", source="push:amal", metadata_date=date(2017, 2, 13))
    assert doc.metadata_date == date(2017, 2, 13) == doc.reference_date


def test_read_bytes_the_containers_own_date_wins_over_the_callers():
    raw = b"From: op@example.org\nSubject: OP-7\nDate: Thu, 02 Nov 2017 07:15:22 +0300\n\nFire near Kafr Zita.\n"
    doc = read_bytes(raw, source="m.eml", suffix=".eml", metadata_date=date(2017, 11, 5))
    assert doc.metadata_date == date(2017, 11, 2)


@pytest.mark.parametrize(("source", "expected"), [
    ("https://tass.example/world/2017/02/13/lavrov-astana.html", date(2017, 2, 13)),
    ("http://sana.example/en/?p=2017-10-30-news", date(2017, 10, 30)),
    ("https://agency.example/archive/2016/12/ceasefire", date(2016, 12, 31)),
    ("https://agency.example/2017/13/45/x", None),
    ("https://agency.example/story/20170213", None),
    ("/work/archive/2017/02/13/story.txt", None),  # a file path: its time is the file's own
])
def test_url_date_reads_the_date_a_url_carries(source, expected):
    assert url_date(source) == expected


def test_read_bytes_gives_a_dateline_its_year_from_the_url():
    doc = read_bytes(b"MOSCOW, February 13. /TASS/. Talks.", source="https://tass.example/2017/02/14/talks",
                     fallback_date=date(2026, 12, 5))
    assert doc.reference_date == date(2017, 2, 14) and doc.metadata_date is None


def test_read_bytes_refuses_text_longer_than_the_model_reads_at_once():
    with pytest.raises(DocumentTooLarge, match="1,200,000 characters of text, over the 1,000,000"):
        read_bytes(b"a" * 1_200_000, source="big.txt")


@pytest.mark.parametrize("head", [b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
                                  b'\xef\xbb\xbf<?xml version="1.0"?><!-- saved --><feed xmlns="http://www.w3.org/2005/Atom">'])
def test_read_bytes_refuses_a_saved_feed_with_a_code(head):
    with pytest.raises(FeedAsDocument, match="feed-add"):
        read_bytes(head + b"<item><title>Shelling</title></item>", source="saved.xml", suffix=".xml")


@pytest.mark.parametrize(("text", "encoding"), [
    ("قصف", "cp1256"),  # one word: too short for any detector
    ("قصف عنيف على القرية", "cp1256"),
    ("Огонь", "cp1251"),
    ("Обстрел у поста", "cp1251"),
    ("Tir près du poste", "cp1252"),
    ("Café à Hama", "cp1252"),
])
def test_read_bytes_decodes_a_message_of_a_few_words_in_a_legacy_encoding(text, encoding):
    assert read_bytes(text.encode(encoding), source="sms.txt").text == text


@pytest.mark.parametrize(("text", "expected"), [
    ("قصف عنيف", 1.0), ("Obstrel près de Homs", 1.0), ("ﾞﾕﾝ ﾚ蓖ﾝ", 0.0), ("ÞÕÝ", 0.0),
    ("ЮХЭ ЪДнЭ", 3 / 7),  # capitals alone may be an acronym; a case change inside a word is not
    ("", 1.0),
])
def test_plausibility_of_a_decoding(text, expected):
    assert plausibility(text) == pytest.approx(expected)
