"""Where the console may send a browser back to."""

from __future__ import annotations


def safe_next(target: str | None) -> str:
    """Only a console path: never an open redirect."""
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return "/console/"
