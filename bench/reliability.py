"""Reliability under load, faults and bad input: runs the scenarios of tests/reliability/
(each records its measured outcome), then a long load, and writes docs/reliability.md.

    .venv/bin/python -m bench.reliability [--minutes 3] [--table-only]

Needs HUB_TEST_ADMIN_URL (a PostgreSQL server the tests may create databases on; the
scenarios that stop or freeze PostgreSQL start a throwaway cluster of their own) and the
system's PostgreSQL binaries (/usr/lib/postgresql/*/bin). Loopback only, bounded in time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from hub.settings import PROJECT_ROOT
from tests.reliability.results import read_results, results_path

DOC = PROJECT_ROOT / "docs" / "reliability.md"
SCENARIOS = PROJECT_ROOT / "tests" / "reliability"
ORDER = (
    ("load", "Load without loss"),
    ("postgres-restart", "PostgreSQL restarted under load"),
    ("hub-sigkill", "API process killed (SIGKILL) mid-request"),
    ("projector-sigkill", "Projector killed repeatedly"),
    ("slow-database", "Slow and stuck database connections"),
    ("sigterm-drain", "Graceful shutdown (SIGTERM)"),
    ("embedded-data-folder", "Embedded mode: unusable data folder"),
    ("bad-input", "Bad input matrix"),
    ("schemathesis", "Generated operations (schemathesis, GraphQL)"),
)
HEADER = """# Reliability: load, faults and bad input

Every row is measured by a scenario anyone can rerun: the tests in `tests/reliability/` (one
module per scenario, run by CI at the size shown) record what they did and what they
measured, and `python -m bench.reliability [--minutes N]` runs them all, then the long load
for N minutes, and regenerates this page. Real PostgreSQL (a throwaway cluster for the
scenarios that stop, restart or freeze it), `hub serve` and `hub project` as real
processes, real HTTP on loopback, real OAuth access tokens (client credentials); no mocks.

What every load scenario checks afterwards: each write the hub acknowledged is in the log
exactly once and whole (its events carry its idempotency key, contiguous, ending at the
position it was told), no event carries a key nobody was told about, every failed write was
retried with its idempotency key until the hub answered for it, acknowledged writes sent
again (alone or as two twins at once) came back as the first result, `hub audit verify`
exits 0, and every read-model table equals the same table rebuilt from the log beside it.
Machine: 2 shared cores; figures are from one run, not averages.

| scenario | what was done | measured outcome | measured |
|---|---|---|---|
"""


def run_scenarios(minutes: float) -> int:
    env = {**os.environ, "HUB_RELIABILITY_RESULTS": str(results_path())}
    env.setdefault("HUB_FUZZ_EXAMPLES", "2000")  # generated operations (schemathesis)
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    status = subprocess.run([*pytest, str(SCENARIOS)], env=env, cwd=PROJECT_ROOT).returncode
    long_load = {**env, "HUB_RELIABILITY_LOAD_SECONDS": str(int(minutes * 60))}
    timeout = f"timeout={int(minutes * 60) + 600}"
    load = SCENARIOS / "test_load_without_loss.py"
    status |= subprocess.run([*pytest, "-o", timeout, str(load)], env=long_load).returncode
    return status


def render() -> str:
    results = read_results()
    rows = []
    for key, title in ORDER:
        entry = results.get(key)
        if entry is None:
            rows.append(f"| {title} | not run | — | — |")
            continue
        cells = (title, entry["done"], entry["outcome"], entry["measured_at"][:10])
        rows.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return HEADER + "\n".join(rows) + "\n" + FOOTER


FOOTER = """
## Defects these scenarios found, and what changed

- A PostgreSQL restart answered `INTERNAL` (and HTTP 500 from the token check and the
  response cache, which run before GraphQL) instead of a retryable error: connection,
  interface and operator-intervention errors are now `UNAVAILABLE` with `retryable: true`
  (`hub/api/errors.py`), and `hub/outage.py` answers them with `503`, the same error body
  and `Retry-After: 1` wherever else they surface.
- A frozen server (or a connection stuck in the network) held requests for ever: the pool
  now has a client-side command timeout a little past `HUB_DB_STATEMENT_TIMEOUT_MS`, a
  5-second connect timeout and a bounded wait for a connection (`hub/database.py`), and the
  event store fails such appends as retryable (`hub/eventstore.py`); the
  token check's key and revocation reload no longer makes every waiting request retry the
  dead database in turn (`auth/refreshing.py`).
- An amount such as `1e999999999` or one with 400 decimals was appended to the log and then
  stopped the finance projection for good (PostgreSQL `numeric` cannot hold it): amounts
  are now refused with `INVALID_INPUT` past 15 integer digits or 6 decimals
  (`hub/api/mutations/common.py`).
- A projection worker that met a connection PostgreSQL dropped mid-operation logged an
  unexpected error; it now counts as a lost connection and retries (`projections/batches.py`).
- A NUL byte in a string filter answered `INTERNAL`; it is now `INVALID_INPUT`. A body
  with invalid UTF-8, a bare JSON string or a non-string `query` answered 500 or dropped the
  connection; it is now `400` (`hub/api/view.py`).
- strawberry logged every refused request (conflicts, validation) at error level with a
  traceback, so a real fault could not be told from a client's mistake: only `INTERNAL`
  errors are logged at error level now (`hub/api/errors.py`, `CodedSchema`).
- A manager could record an activity for an owner id that is no project or scheme, or
  dated long before its project, and an amount sent as a JSON number (`12.5`, not
  `"12.5"`, a binary float on its way) was taken: the owner must now exist (`NOT_FOUND`),
  a project's activity falls within the project period and a scheme's comes after its
  launch (`RULE_VIOLATION`), and `Decimal` values are decimal strings only
  (`hub/handlers/activities_and_schemes.py`, `hub/api/scalars.py`).

Not covered yet: a really full disk under the embedded server (the scenario covers data
folders that cannot be created).

"""


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability")
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the long load")
    parser.add_argument("--table-only", action="store_true", help="only rewrite the page")
    args = parser.parse_args()
    status = 0 if args.table_only else run_scenarios(args.minutes)
    DOC.write_text(render())
    print(f"wrote {DOC.relative_to(PROJECT_ROOT)} from {results_path()}")
    return status


if __name__ == "__main__":
    sys.exit(main())
