"""Measured outcomes of the reliability scenarios, kept in one JSON file that
`python -m bench.reliability` turns into docs/reliability.md.

Each scenario writes its own entry (a rerun replaces it): what was done, what was measured,
and when. ``HUB_RELIABILITY_RESULTS`` names the file; by default it sits in .hub-data/.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hub.settings import PROJECT_ROOT

DEFAULT_RESULTS = PROJECT_ROOT / ".hub-data" / "reliability" / "results.json"


def results_path() -> Path:
    return Path(os.environ.get("HUB_RELIABILITY_RESULTS") or DEFAULT_RESULTS)


def read_results(path: Path | None = None) -> dict[str, dict[str, Any]]:
    path = path or results_path()
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text()))


def record(scenario: str, done: str, outcome: str, **figures: Any) -> None:
    """Store ``scenario``'s entry: ``done`` (what was done), ``outcome`` (one line, measured)."""
    path = results_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = read_results(path)
    entries[scenario] = {
        "done": done,
        "outcome": outcome,
        "figures": figures,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n")
    temporary.replace(path)
