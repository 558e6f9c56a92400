"""`hub clients`, `hub users` and `hub keys` as an operator runs them."""

from __future__ import annotations

import asyncio
import subprocess

from tests.e2e.hub_process import HUB, hub_env, run_hub
from tests.e2e.test_oauth_support import basic_oauth, eventually, hub, unique

__all__ = ["hub"]


async def cli(*args: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    """`hub …` as a child process, without blocking the loop that serves the hub."""
    process = await asyncio.create_subprocess_exec(
        *HUB,
        *args,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await process.communicate(stdin.encode())
    return subprocess.CompletedProcess(args, process.returncode, out.decode(), err.decode())


def values(output: str) -> dict[str, str]:
    pairs = (line.split(": ", 1) for line in output.splitlines() if ": " in line)
    return {name: value for name, value in pairs}


async def test_an_added_client_gets_tokens_with_the_secret_printed_once(hub, database_url):
    env = hub_env(database_url)
    added = await cli(
        "clients",
        "add",
        "Teatro",
        "--organisation",
        "teatro-del-norte",
        "--scopes",
        "projects:read",
        "--auth-method",
        "client_secret_basic",
        env=env,
    )
    assert added.returncode == 0, added.stderr
    client = values(added.stdout)
    async with basic_oauth(hub, client["client_id"], client["client_secret"]) as oauth:
        assert (await oauth.fetch_token(hub.token_url))["scope"] == "projects:read"
    listed = (await cli("clients", "list", env=env)).stdout
    assert client["client_id"] in listed and client["client_secret"] not in listed


async def test_a_rotated_secret_works_and_a_disabled_client_is_refused(hub, database_url):
    env = hub_env(database_url)
    add = ("clients", "add", "Cirque", "--organisation", "cirque", "--scopes", "projects:read")
    added = values((await cli(*add, "--auth-method", "client_secret_basic", env=env)).stdout)
    rotated = values((await cli("clients", "rotate-secret", added["client_id"], env=env)).stdout)
    async with basic_oauth(hub, added["client_id"], rotated["client_secret"]) as oauth:
        token = (await oauth.fetch_token(hub.token_url))["access_token"]
    assert (await cli("clients", "disable", added["client_id"], env=env)).returncode == 0

    async def refused() -> bool:
        return (await hub.whoami(token)).status_code == 401

    await eventually(refused)


async def test_a_person_added_from_the_command_line_can_sign_in(hub, database_url):
    from tests.e2e.test_oauth_support import app_client, authorization_code_tokens

    username = unique("ana")
    added = await cli(
        "users",
        "add",
        username,
        "--organisation",
        "occitanie-en-scene",
        "--scopes",
        "projects:read",
        "--password-stdin",
        env=hub_env(database_url),
        stdin="correct horse battery staple\n",
    )
    assert added.returncode == 0, added.stderr
    client_id = await app_client(hub.database)
    token = await authorization_code_tokens(hub, client_id, username, "projects:read")
    assert (await hub.whoami(token["access_token"])).json()["scopes"] == ["projects:read"]


def test_keys_rotate_moves_each_key_one_step(database_url):
    env = hub_env(database_url)
    before = dict(
        line.split("\t")[:2] for line in run_hub("keys", "list", env=env).stdout.splitlines()
    )
    after = dict(
        line.split("\t")[:2]
        for line in run_hub("keys", "rotate", env=env).stdout.splitlines()
        if "\t" in line
    )
    assert after["current"] == before["next"] and after["previous"] == before["current"]
    assert after["next"] not in before.values()


def test_a_bad_scope_prints_one_error_line_and_exits_1(database_url):
    result = run_hub(
        "clients",
        "add",
        "X",
        "--organisation",
        "x",
        "--scopes",
        "everything",
        "--auth-method",
        "client_secret_basic",
        env=hub_env(database_url),
    )
    assert result.returncode == 1
    assert result.stderr.startswith("hub: error: unknown scope 'everything'")
    assert len(result.stderr.strip().splitlines()) == 1
