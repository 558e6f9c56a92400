"""`GET /evidence/{sha256}`: a document's bytes, streamed, for a caller who may read one of
the entities it is attached to (bearer token always). A document the caller may not see
answers 404 as if it did not exist; one lawfully deleted, 410. The ETag is the hash."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from domain.evidence import SHA256_PATTERN
from hub.api.caller import caller_from
from hub.api.context import Context
from hub.api.evidence.responses import authenticated, refused, unauthenticated
from hub.api.evidence.visibility import readable, visible_projects
from hub.evidence import ledger
from hub.evidence.errors import DocumentGone, DocumentMissing, DocumentNotFound, EvidenceError
from hub.evidence.ledger import Attachment


async def download_evidence(request: Request) -> Response:
    if not authenticated(request):
        return unauthenticated()
    sha256 = request.path_params["sha256"]
    try:
        attachment = await _readable_attachment(request, sha256)
        if not await request.app.state.evidence_store.exists(sha256):
            raise DocumentMissing(f"the vault lost {sha256}: run `hub evidence verify`")
    except EvidenceError as error:
        return refused(error)
    etag = f'"{sha256}"'
    headers = _headers(attachment, etag)
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = request.app.state.evidence_store.read(sha256)
    return StreamingResponse(body, media_type=attachment.content_type, headers=headers)


async def _readable_attachment(request: Request, sha256: str) -> Attachment:
    hidden = DocumentNotFound(f"no document {sha256} visible to the caller")
    if not SHA256_PATTERN.match(sha256):
        raise hidden
    state = request.app.state
    record = await ledger.document(state.database.pool, sha256)
    if record is None:
        raise hidden
    caller = caller_from(request, state.settings)
    context = Context(state.database, state.settings, caller, request=request)
    attachments = readable(caller, record, await visible_projects(context))
    if not attachments:
        raise hidden
    if record.deletion is not None:
        deleted = record.deletion
        raise DocumentGone(f"{sha256} was lawfully deleted on {deleted.deleted_on}")
    return attachments[-1]


def _headers(attachment: Attachment, etag: str) -> dict[str, str]:
    name = attachment.file_name
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "'")
    return {
        "Content-Disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(name)}",
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    }
