"""Embedded mode with a data folder the hub cannot create (on a pseudo file system, under a
regular file, under a device): one clear line naming the folder and exit 1, no traceback."""

from __future__ import annotations

import pytest

from tests.e2e.hub_process import hub_env, run_hub
from tests.reliability.results import record

FOLDERS = {
    "on /proc": "/proc/hub-data",
    "under a regular file": "/etc/hostname/hub-data",
    "under a device": "/dev/full/hub-data",
}
_seen: dict[str, str] = {}


@pytest.mark.parametrize("folder", list(FOLDERS.values()), ids=list(FOLDERS))
def test_an_unusable_data_folder_gives_one_clear_error(folder):
    done = run_hub("migrate", env=hub_env(None, HUB_DATA_DIR=folder), timeout=120)
    message = done.stderr.strip()
    _seen[folder] = f"exit {done.returncode}: {message}"
    record(
        "embedded-data-folder",
        "`hub migrate` in embedded mode with the data folder " + ", ".join(
            f"{why} (`{path}`)" for why, path in FOLDERS.items()
        ),
        "; ".join(_seen.values()),
    )  # fmt: skip
    assert done.returncode == 1
    assert message.startswith("hub: error:") and folder in message
    assert "Traceback" not in done.stderr and len(message.splitlines()) == 1
