"""Content types are found on the bytes: magic numbers, the inside of ZIP containers, and
text that is text in any encoding."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from hub.evidence.sniffing import ContentSniffer, accepted_type

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"


def archive(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, text in entries.items():
            zipped.writestr(name, text)
    return buffer.getvalue()


async def detect(tmp_path: Path, data: bytes, chunk: int = 3) -> str:
    sniffer = ContentSniffer()
    for start in range(0, len(data), chunk):
        sniffer.feed(data[start : start + chunk])
    staged = tmp_path / "staged.part"
    staged.write_bytes(data)
    return await sniffer.detect(staged)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("date;montant\n2024-03-31;1 200,00 €\n".encode("cp1252"), "text/plain"),
        (b"\x00\x01\x02 binary", "application/octet-stream"),
        (archive({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}), XLSX),
        (archive({"mimetype": ODS, "content.xml": "<office/>"}), ODS),
        (archive({"notes.txt": "hello"}), "application/zip"),
        (b"PK\x03\x04 not really a zip", "application/octet-stream"),
    ],
    ids=["pdf", "png", "jpeg", "cp1252-csv", "binary", "xlsx", "ods", "zip", "broken-zip"],
)
async def test_the_bytes_say_what_they_are(tmp_path, data, expected):
    assert await detect(tmp_path, data) == expected


async def test_a_control_byte_late_in_a_text_file_makes_it_binary(tmp_path):
    assert await detect(tmp_path, b"a,b\n" * 10_000 + b"\x07", chunk=4096) == (
        "application/octet-stream"
    )


@pytest.mark.parametrize(
    ("declared", "detected", "expected"),
    [
        (None, "application/pdf", "application/pdf"),
        ("application/octet-stream", "image/png", "image/png"),
        ("text/csv; charset=windows-1252", "text/plain", "text/csv"),
        ("Application/PDF", "application/pdf", "application/pdf"),
    ],
)
def test_the_declared_type_is_kept_when_the_bytes_are_that(declared, detected, expected):
    assert accepted_type(declared, detected) == expected


@pytest.mark.parametrize(
    ("declared", "detected"),
    [("application/pdf", "image/png"), ("text/csv", "application/pdf"), (XLSX, "application/zip")],
)
def test_a_declared_type_the_bytes_contradict_is_refused(declared, detected):
    with pytest.raises(ValueError, match=f"the content is {detected}"):
        accepted_type(declared, detected)
