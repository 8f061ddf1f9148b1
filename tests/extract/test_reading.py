from __future__ import annotations

from datetime import date

import pytest

from truceline.errors import BinaryDocument, DocumentTooLarge, EmptyDocument, UnreadableDocument
from truceline.extract.reading import read_bytes, read_path


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
