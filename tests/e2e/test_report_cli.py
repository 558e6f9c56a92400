"""`hub report` as an operator runs it, on the demo data."""

from __future__ import annotations

import io
import json
import shlex

import openpyxl
import pytest

from hub.database import Database
from hub.reports.catalogue import REPORT_KINDS
from tests.e2e.hub_process import hub_env, run_hub


@pytest.fixture(scope="module")
def env(demo_database: Database) -> dict[str, str]:
    return hub_env(demo_database.dsn)


def test_report_kinds_lists_every_kind(env):
    result = run_hub("report", "kinds", "--lang", "es", env=env)
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(REPORT_KINDS)
    assert "Informe continuo Europa Creativa" in result.stdout


async def test_a_report_states_the_command_that_rebuilds_the_same_bytes(
    env, demo_database, tmp_path
):
    result = run_hub("report", "project", "--project", "Pyrenart", "--lang", "fr", env=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    head = await demo_database.pool.fetchval("SELECT max(position) FROM events")
    assert document["provenance"]["position"] == head
    command = shlex.split(document["provenance"]["command"])
    assert command[:2] == ["hub", "report"] and f"--as-of {head}" in " ".join(command)
    outputs = [tmp_path / "first.xlsx", tmp_path / "second.xlsx"]
    for output in outputs:
        rebuilt = run_hub(*command[1:], "--format", "xlsx", "--output", str(output), env=env)
        assert rebuilt.returncode == 0, rebuilt.stderr
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(outputs[0].read_bytes()))
    assert book.sheetnames[0] == "Rapport" and len(book.sheetnames) == 1 + len(document["tables"])


def test_csv_goes_to_standard_output(env):
    result = run_hub("report", "creative-europe", "--project", "Be SpectACTive! 2",
                     "--format", "csv", "--lang", "es", "--as-of", "2000", env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeffInforme continuo Europa Creativa")
    assert "Posición en el registro,2000" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["project", "--project", "Nowhere"], "no project 'Nowhere'"),
        (["budget", "--project", "Pyrenart"], "unknown report kind 'budget'"),
        (["project", "--project", "Pyrenart", "--as-of", "soon"], "neither a log position"),
        (["poctefa-partner", "--project", "Pyrenart", "--period", "1"], "needs --partner"),
        (["project"], "--project is needed"),
    ],
    ids=["unknown-project", "unknown-kind", "bad-as-of", "missing-partner", "no-project"],
)
def test_bad_input_is_one_line_and_exit_status_2(env, args, message):
    result = run_hub("report", *args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("hub: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
