"""The vault's parts as the settings choose them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hub.evidence.filesystem import FilesystemStore
from hub.evidence.upload import UploadRules
from hub.settings import Settings


def evidence_root(settings: Settings) -> Path:
    return settings.evidence_dir or settings.data_dir / "evidence"


def document_store(settings: Settings) -> FilesystemStore:
    return FilesystemStore(evidence_root(settings))


def upload_rules(settings: Settings) -> UploadRules:
    return UploadRules(
        settings.evidence_max_bytes, frozenset(settings.evidence_allowed_types.split())
    )


def today(settings: Settings) -> date:
    return settings.today or date.today()
