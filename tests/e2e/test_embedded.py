"""The embedded PostgreSQL: a fresh machine with no server still runs the hub."""

from __future__ import annotations

from pathlib import Path

import httpx
import psutil
import pytest

from tests.e2e.hub_process import hub_env, run_hub, serving

pytestmark = pytest.mark.embedded


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(attrs=["name", "cmdline"]):
        cmdline = process.info["cmdline"] or []
        if process.info["name"] == "postgres" and any(str(data_dir) in a for a in cmdline):
            found.append(process)
    return found


def test_the_hub_runs_on_an_embedded_postgres_reused_across_runs(tmp_path: Path):
    env = hub_env(None, HUB_DATA_DIR=str(tmp_path / "data"))
    first = run_hub("migrate", env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "applied 0001_event_log" in first.stdout
    assert run_hub("migrate", env=env).stdout.strip() == "nothing to apply"
    with serving(env, timeout=120) as base:
        ready = httpx.get(base + "/readyz")
        assert ready.status_code == 200, ready.text
    assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
    assert postgres_processes(tmp_path / "data") == []


def test_an_unusable_data_folder_gives_a_clear_message(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_hub("migrate", env=hub_env(None, HUB_DATA_DIR=str(blocker / "data")))
    assert result.returncode == 1
    assert "cannot create the data folder" in result.stderr
