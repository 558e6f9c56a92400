"""Hundreds of random single tamperings of a copy of the demo log, each caught where it is.

Every tampering runs in a transaction on the copy (append-only trigger disabled) that is
rolled back afterwards, so each starts from the intact log. With HUB_WRITE_TAMPER_SUMMARY=1
the counts are written to docs/audit.md (section "Tamper suite"). Hash worker processes only
see what is committed: their test commits one tampering of each kind at a time and puts the
intact log back after each.
"""

from __future__ import annotations

import io
import os
import random
import re
from collections import Counter
from collections.abc import AsyncIterator

import asyncpg
import pytest

from hub.audit.chain_walk import ExpectedHead
from hub.audit.connections import verification_connection
from hub.audit.verification import verify_in_transaction, verify_log
from hub.database import Database
from hub.settings import PROJECT_ROOT
from tests.conftest import drop_database
from tests.integration.log_copies import copy_of_log
from tests.integration.tamperings import REWRITES, TAMPERINGS, Expected, Log

SEED = 20260
ROUNDS = 30
REWRITE_ROUNDS = 10  # each moves or rehashes half the log on average
WORKER_PAGE_SIZE = 400  # the demo log in several pages, so the hashes go to the workers
AUDIT_DOC = PROJECT_ROOT / "docs" / "audit.md"
FALLBACK_DOC = PROJECT_ROOT / "docs" / "audit-tamper-suite.md"


@pytest.fixture(scope="module")
async def copied_log_url(admin_url: str, demo_database: Database) -> AsyncIterator[str]:
    url = await copy_of_log(admin_url, demo_database)
    yield url
    await drop_database(admin_url, url)


@pytest.fixture(scope="module")
async def connection(copied_log_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await verification_connection(copied_log_url)
    yield connection
    await connection.close()


async def kept_head(connection: asyncpg.Connection) -> Log:
    size, head = await connection.fetchrow(
        "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"
    )
    return Log(size, head)


async def test_the_untouched_copy_verifies_up_to_the_kept_head(connection):
    log = await kept_head(connection)
    async with connection.transaction():
        report = await verify_in_transaction(
            connection, expected_head=ExpectedHead(log.size, log.head)
        )
    assert report.ok, report.finding
    assert (report.checked, report.last_position, report.last_hash) == (
        log.size,
        log.size,
        log.head,
    )


async def test_every_random_tampering_is_caught_at_its_position_with_its_kind(connection):
    log = await kept_head(connection)
    assert log.size > 200, "the demo log is the suite's material"
    rng = random.Random(SEED)
    caught: Counter[tuple[str, str, str]] = Counter()
    wrong: list[str] = []
    for round_number in range(ROUNDS):
        for name, tampering in TAMPERINGS.items():
            if round_number >= (REWRITE_ROUNDS if name in REWRITES else ROUNDS):
                continue
            transaction = connection.transaction()
            await transaction.start()
            try:
                await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
                expected: Expected = await tampering(connection, rng, log)
                report = await verify_in_transaction(
                    connection, expected_head=ExpectedHead(log.size, log.head)
                )
            finally:
                await transaction.rollback()
            finding = report.finding
            got = (
                None if finding is None else Expected(finding.position, finding.kind, finding.check)
            )
            if got != expected:
                wrong.append(f"round {round_number}, {name}: expected {expected}, got {finding}")
            else:
                caught[(name, expected.kind, expected.check)] += 1
    assert not wrong, "\n".join(wrong[:10])
    rewrites = len(REWRITES)
    assert sum(caught.values()) == ROUNDS * (len(TAMPERINGS) - rewrites) + REWRITE_ROUNDS * rewrites
    if os.environ.get("HUB_WRITE_TAMPER_SUMMARY") == "1":
        write_summary(caught, log.size)


async def test_hash_workers_report_each_kind_of_tampering_as_one_process_does(
    copied_log_url, connection
):
    """Each tampering committed, so that worker processes reading a snapshot see it."""
    log = await kept_head(connection)
    head = ExpectedHead(log.size, log.head)
    intact = io.BytesIO()
    await connection.copy_from_query(
        "SELECT * FROM events ORDER BY position", output=intact, format="binary"
    )
    rng = random.Random(SEED)
    wrong: list[str] = []
    for name, tampering in TAMPERINGS.items():
        async with connection.transaction():
            await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
            expected = await tampering(connection, rng, log)
            await connection.execute("ALTER TABLE events ENABLE TRIGGER USER")
        try:
            spread = await verify_log(
                copied_log_url, expected_head=head, page_size=WORKER_PAGE_SIZE, workers=2
            )
            async with connection.transaction():
                alone = await verify_in_transaction(
                    connection, expected_head=head, page_size=WORKER_PAGE_SIZE
                )
        finally:
            await restore(connection, intact.getvalue())
        finding = spread.finding
        got = None if finding is None else Expected(finding.position, finding.kind, finding.check)
        same = {**spread.as_json(), "seconds": 0} == {**alone.as_json(), "seconds": 0}
        if got != expected or not same:
            wrong.append(f"{name}: expected {expected}, got {spread} (in one process: {alone})")
    assert not wrong, "\n".join(wrong)
    assert (await verify_log(copied_log_url, expected_head=head, workers=2)).ok


async def restore(connection: asyncpg.Connection, rows: bytes) -> None:
    """Put the intact log back (binary COPY of every row)."""
    async with connection.transaction():
        await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
        await connection.execute("DELETE FROM events")
        await connection.copy_to_table("events", source=io.BytesIO(rows), format="binary")
        await connection.execute("ALTER TABLE events ENABLE TRIGGER USER")


def write_summary(caught: Counter[tuple[str, str, str]], size: int) -> None:
    lines = [
        "<!-- tamper-suite:start -->",
        f"`tests/integration/test_tamper_suite.py` (seed {SEED}) applies {sum(caught.values())} "
        f"random single tamperings to a copy of the demo log ({size} events), each in a "
        "transaction rolled back afterwards, and runs `hub audit verify --expect-head` with the "
        "head kept before tampering. Every one is reported at its position with this kind:",
        "",
        "| tampering | count | reported as | caught by |",
        "|---|---:|---|---|",
        *(
            f"| {name} | {count} | `{kind}` | {check} |"
            for (name, kind, check), count in caught.items()
        ),
        "",
        "The five rewrites that recompute every hash after the change verify locally hash by "
        "hash: stream-version contiguity or time order catches them when the forgery breaks "
        "one, and otherwise only a head hash kept outside the log (or a signed checkpoint) "
        "does, without telling where before that position the change is.",
        "",
        "The checks, in the order the walk applies them to each row: `position` (1, 2, 3… "
        "with no gap), `prev_link` (prev_hash is the previous row's hash), `hash` (the row's "
        "hash recomputes from its columns), `stream_version` (each stream goes 1, 2, 3…), "
        "`time_order` (recorded_at never goes back), `expected_head` (the row at the kept "
        "position still has the kept hash). After a failed link the verifier looks further "
        "to classify it: a `prev_hash` that is another stored row's hash means `reordered`; "
        "a row whose own hash recomputes means its predecessor is `forged`; a row whose hash "
        "recomputes one or more positions later means rows before it were `deleted` and the "
        "positions renumbered.",
        "<!-- tamper-suite:end -->",
    ]
    block = "\n".join(lines)
    if AUDIT_DOC.exists():
        text = AUDIT_DOC.read_text()
        pattern = r"<!-- tamper-suite:start -->.*?<!-- tamper-suite:end -->|<!-- tamper-suite -->"
        AUDIT_DOC.write_text(re.sub(pattern, lambda _: block, text, count=1, flags=re.S))
    else:
        FALLBACK_DOC.write_text("# Tamper suite\n\n" + block + "\n")
