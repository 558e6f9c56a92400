"""`POST /evidence/{kind}/{entity id}?name=FILE`: stream a document into the vault and
attach it to an entity, in one request (bearer token always).

The body is the document's bytes (not multipart), its `Content-Type` what the caller says
they are (checked against the bytes). The caller's right to attach is checked before a
byte is read; the event is written only once the bytes are stored under their hash. An
error, or a client that goes away half-way, leaves nothing behind. Answers 201 with the
document's hash, or a coded JSON error (401, 403, 404, 400, 413, 415).
"""

from __future__ import annotations

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from domain.errors import DomainError
from hub.api.caller import caller_from
from hub.api.context import Caller
from hub.api.evidence.responses import authenticated, error_response, refused, unauthenticated
from hub.api.evidence.visibility import located_for
from hub.api.mutations.plumbing import command_context
from hub.evidence.access import check_attach
from hub.evidence.config import upload_rules
from hub.evidence.entities import Located
from hub.evidence.errors import DocumentTooLarge, EvidenceError, InvalidEntity
from hub.evidence.upload import receive
from hub.evidence.vault import Attached, attach_upload

MAX_NAME = 255


async def upload_evidence(request: Request) -> Response:
    if not authenticated(request):
        return unauthenticated()
    settings = request.app.state.settings
    caller = caller_from(request, settings)
    try:
        name = file_name(request.query_params.get("name"))
        located = await _located(request, caller)
        check_attach(caller, located.entity, located.project)
        attached = await _store_and_attach(request, caller, located, name)
    except ClientDisconnect:
        return Response(status_code=400)  # nobody is listening; nothing was kept
    except EvidenceError as error:
        return refused(error)
    except DomainError as error:
        return error_response("RULE_VIOLATION", str(error), 422)
    return JSONResponse(_body(request, located, attached), status_code=201,
                        headers={"Location": _url(request, attached.document.sha256)})  # fmt: skip


async def _located(request: Request, caller: Caller) -> Located:
    repository = request.app.state.bus.repository
    params = request.path_params
    return await located_for(caller, repository, params["kind"], params["entity_id"])


async def _store_and_attach(
    request: Request, caller: Caller, located: Located, name: str
) -> Attached:
    settings, state = request.app.state.settings, request.app.state
    rules = upload_rules(settings)
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > rules.max_bytes:
        raise DocumentTooLarge(f"documents are limited to {rules.max_bytes} bytes")
    declared = request.headers.get("content-type")
    upload = await receive(state.evidence_store, request.stream(), declared, rules)
    context = command_context(caller, None, None)
    return await attach_upload(
        state.database.pool, state.bus, state.evidence_store, upload, name, located.entity,
        context,
    )  # fmt: skip


def file_name(text: str | None) -> str:
    """The document's name as the uploader gave it: no folders, no control characters."""
    name = (text or "").strip()
    if not name:
        raise InvalidEntity("give the document's file name: ?name=FILE")
    if len(name) > MAX_NAME or any(c in name for c in "/\\") or not name.isprintable():
        raise InvalidEntity(f"not a plain file name: {name!r}")
    return name


def _url(request: Request, sha256: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/evidence/{sha256}"


def _body(request: Request, located: Located, attached: Attached) -> dict[str, object]:
    document = attached.document
    return {
        "sha256": document.sha256,
        "size": document.size,
        "contentType": document.content_type,
        "fileName": document.file_name,
        "entityKind": located.entity.kind.value,
        "entityId": located.entity.entity_id,
        "position": attached.result.position,
        "alreadyAttached": attached.already_attached,
        "downloadUrl": _url(request, document.sha256),
    }
