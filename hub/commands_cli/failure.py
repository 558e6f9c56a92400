"""How a sub-command refuses its input: one line on stderr, exit status 1."""

from __future__ import annotations

import uuid


def fail(message: str) -> SystemExit:
    """Raise what this returns: argparse-style ``hub: error: …`` and a non-zero exit."""
    return SystemExit(f"hub: error: {message}")


def parse_id(text: str, what: str) -> uuid.UUID:
    """``text`` as a UUID, or a refusal naming what kind of id was expected."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise fail(f"{text!r} is not a {what} id") from None
