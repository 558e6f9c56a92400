"""The GraphQL shape of a funder report: provenance, the report as JSON, download links."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from hub.api.scalars import BigInt


@strawberry.type(description="Where to download the report in one format (bearer token needed).")
class ReportDownload:
    format: str
    url: str
    content_type: str
    file_name: str


@strawberry.type(
    description="A funder report folded from the log up to a position: the same position gives"
    " the same report, and the same bytes in every format."
)
class FunderReport:
    kind: str
    title: str
    project: str
    project_id: strawberry.ID
    period: str | None
    partner: str | None
    lang: str
    position: BigInt = strawberry.field(description="The last log position the report includes.")
    head_hash: str = strawberry.field(description="The chain hash at that position (hex).")
    as_of: datetime = strawberry.field(description="When that position was recorded: the date "
                                       "the report carries.")  # fmt: skip
    plan_version: int | None = strawberry.field(description="The plan version used, if any.")
    command: str = strawberry.field(description="The `hub report` command that rebuilds it "
                                    "(add --format and --lang).")  # fmt: skip
    generated_at: datetime = strawberry.field(description="When this answer was made (wall "
                                              "clock; not part of the report).")  # fmt: skip
    content: JSON = strawberry.field(description="The report as its JSON download holds it.")
    downloads: list[ReportDownload]
