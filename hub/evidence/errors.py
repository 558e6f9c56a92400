"""Why an upload, a download or a vault operation was refused: each error carries the
stable code and the HTTP status the routes answer with."""

from __future__ import annotations


class EvidenceError(Exception):
    code = "INVALID_INPUT"
    status = 400


class EmptyDocument(EvidenceError):
    """A document has at least one byte."""


class DocumentTooLarge(EvidenceError):
    code = "PAYLOAD_TOO_LARGE"
    status = 413


class ContentTypeNotAllowed(EvidenceError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    status = 415


class ContentTypeMismatch(EvidenceError):
    """The declared content type is not what the bytes are."""

    code = "CONTENT_TYPE_MISMATCH"
    status = 415


class InvalidEntity(EvidenceError):
    """An entity id that cannot name an entity of its kind."""


class EntityNotFound(EvidenceError):
    code = "NOT_FOUND"
    status = 404


class NotAllowed(EvidenceError):
    code = "FORBIDDEN"
    status = 403


class DocumentNotFound(EvidenceError):
    code = "NOT_FOUND"
    status = 404


class DocumentGone(EvidenceError):
    """The bytes were lawfully deleted after their retention deadline."""

    code = "DELETED"
    status = 410


class DocumentMissing(EvidenceError):
    """The log cites bytes the store no longer has (`hub evidence verify` names them)."""

    code = "DOCUMENT_MISSING"
    status = 500
