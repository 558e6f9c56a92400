"""The evidence vault through the API: the `evidence` query (an entity's documents with
download links) and the HTTP routes `POST /evidence/{kind}/{entity id}` (upload and
attach) and `GET /evidence/{sha256}` (download)."""

from hub.api.evidence.queries import EvidenceQueries
from hub.api.evidence.types import EvidenceDocument

QUERIES: tuple[type, ...] = (EvidenceQueries,)
TYPES: tuple[type, ...] = (EvidenceDocument,)
