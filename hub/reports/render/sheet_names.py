"""Worksheet names Excel accepts: at most 31 characters, none of []:*?/\\, unique in any case."""

from __future__ import annotations

import re

_LIMIT = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class SheetNames:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def unique(self, title: str) -> str:
        base = _FORBIDDEN.sub(" ", title).strip().strip("'").strip() or "Sheet"
        name, number = base[:_LIMIT].rstrip(), 1
        while name.lower() in self.taken:
            number += 1
            suffix = f" ({number})"
            name = base[: _LIMIT - len(suffix)].rstrip() + suffix
        self.taken.add(name.lower())
        return name
