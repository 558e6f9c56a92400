"""Receiving an upload: stream it into the store's staging area within the size limit,
find out what the bytes are, and refuse what is not allowed. Whatever goes wrong, the
staged bytes are removed: nothing half-received is ever committed."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

from hub.evidence.errors import (
    ContentTypeMismatch,
    ContentTypeNotAllowed,
    DocumentTooLarge,
    EmptyDocument,
)
from hub.evidence.sniffing import ContentSniffer, accepted_type
from hub.evidence.store import DocumentStore, Staged


@dataclass(frozen=True)
class UploadRules:
    max_bytes: int
    allowed_types: frozenset[str]


@dataclass(frozen=True)
class Upload:
    staged: Staged
    content_type: str


async def receive(
    store: DocumentStore, chunks: AsyncIterable[bytes], declared: str | None, rules: UploadRules
) -> Upload:
    """The staged upload and its content type, or an EvidenceError (nothing left staged)."""
    sniffer = ContentSniffer()
    staged = await store.stage(_within_limit(chunks, rules.max_bytes, sniffer))
    try:
        if staged.size == 0:
            raise EmptyDocument("the document is empty")
        content_type = _checked_type(declared, await sniffer.detect(staged.path), rules)
    except BaseException:
        await store.discard(staged)
        raise
    return Upload(staged, content_type)


async def _within_limit(
    chunks: AsyncIterable[bytes], max_bytes: int, sniffer: ContentSniffer
) -> AsyncIterator[bytes]:
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > max_bytes:
            raise DocumentTooLarge(f"documents are limited to {max_bytes} bytes")
        sniffer.feed(chunk)
        yield chunk


def _checked_type(declared: str | None, detected: str, rules: UploadRules) -> str:
    try:
        content_type = accepted_type(declared, detected)
    except ValueError as error:
        raise ContentTypeMismatch(str(error)) from None
    if content_type not in rules.allowed_types:
        allowed = ", ".join(sorted(rules.allowed_types))
        raise ContentTypeNotAllowed(f"{content_type} is not accepted (accepted: {allowed})")
    return content_type
