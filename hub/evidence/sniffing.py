"""What an upload's bytes are, whatever its name or declared type says.

Magic numbers for PDF, PNG and JPEG; a ZIP is opened to tell OOXML (Word, Excel,
PowerPoint) and ODF (its ``mimetype`` entry) documents from plain archives; anything else
is text only if no byte of it is a control character other than tab, line breaks and form
feed (any encoding: partners' CSV exports are not all UTF-8).
"""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path

HEAD_BYTES = 16
MAGIC = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/zip",
}
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF_PREFIX = "application/vnd.oasis.opendocument."
TEXT = "text/plain"
TEXT_TYPES = frozenset({"text/plain", "text/csv", "text/tab-separated-values"})
BINARY = "application/octet-stream"
_TEXT_BYTES = bytes([9, 10, 12, 13, *range(32, 256)])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _TEXT_BYTES)


class ContentSniffer:
    """Fed every chunk of an upload as it streams; ``detect`` names the content type."""

    def __init__(self) -> None:
        self.head = b""
        self.text = True

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
            if self._magic() is not None:
                self.text = False
        if self.text and len(chunk.translate(None, _TEXT_BYTES)):
            self.text = False

    def _magic(self) -> str | None:
        return next((kind for magic, kind in MAGIC.items() if self.head.startswith(magic)), None)

    async def detect(self, staged: Path) -> str:
        """The content type of the complete upload (``staged`` holds its bytes)."""
        kind = self._magic()
        if kind == "application/zip":
            return await asyncio.to_thread(zip_kind, staged)
        if kind is not None:
            return kind
        return TEXT if self.text and self.head else BINARY


def zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared.startswith(ODF_PREFIX):
                    return declared
            if "[Content_Types].xml" in names:
                for prefix, kind in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return BINARY
    return "application/zip"


def accepted_type(declared: str | None, detected: str) -> str:
    """The type to record: the declared one when the bytes are that (a CSV is text), the
    detected one when none or ``application/octet-stream`` was declared. ValueError when
    the declared type is not what the bytes are."""
    wanted = (declared or "").split(";")[0].strip().lower()
    if wanted in ("", BINARY):
        return detected
    if wanted == detected or (detected == TEXT and wanted in TEXT_TYPES):
        return wanted
    raise ValueError(f"the content is {detected}, not {wanted}")
