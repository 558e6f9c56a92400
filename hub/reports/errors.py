"""The one error a report request can fail with, carrying the API's error code."""

from __future__ import annotations

NOT_FOUND = "NOT_FOUND"
INVALID_INPUT = "INVALID_INPUT"


class ReportError(Exception):
    """An unknown kind, project, partner or period, or a position the log cannot answer.

    ``code`` is ``NOT_FOUND`` or ``INVALID_INPUT``, as in GraphQL ``extensions.code``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def not_found(message: str) -> ReportError:
    return ReportError(NOT_FOUND, message)


def invalid(message: str) -> ReportError:
    return ReportError(INVALID_INPUT, message)
