"""Settings are read once, validated, and name the variable at fault."""

from __future__ import annotations

import pytest

from hub.settings import SettingsError, load_settings


def test_database_url_is_also_read_from_the_conventional_variable(monkeypatch):
    monkeypatch.delenv("HUB_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/hub")
    assert load_settings().database_url == "postgresql://u@db:5432/hub"


def test_the_prefixed_variable_wins_over_the_conventional_one(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@other/hub")
    monkeypatch.setenv("HUB_DATABASE_URL", "postgresql://u@db/hub")
    assert load_settings().database_url == "postgresql://u@db/hub"


def test_no_database_url_means_the_embedded_server(monkeypatch):
    monkeypatch.delenv("HUB_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_settings().database_url is None


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("HUB_PORT", "99999", "HUB_PORT"),
        ("HUB_DB_POOL_MIN_SIZE", "zero", "HUB_DB_POOL_MIN_SIZE"),
        ("HUB_DATABASE_URL", "sqlite:///x", "postgresql://"),
        ("HUB_DB_SERVICE_ROLE", "Robert'); DROP", "HUB_DB_SERVICE_ROLE"),
    ],
    ids=["port-range", "not-a-number", "not-postgres", "role-injection"],
)
def test_a_bad_value_raises_a_settings_error_naming_it(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_a_pool_whose_minimum_exceeds_its_maximum_is_refused(monkeypatch):
    monkeypatch.setenv("HUB_DB_POOL_MIN_SIZE", "20")
    monkeypatch.setenv("HUB_DB_POOL_MAX_SIZE", "5")
    with pytest.raises(SettingsError, match="MIN_SIZE is larger"):
        load_settings()


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "database_url"
    secret.write_text("postgresql://hub:s3cret@db.internal/hub\n")
    monkeypatch.delenv("HUB_DATABASE_URL", raising=False)
    monkeypatch.setenv("HUB_DATABASE_URL_FILE", str(secret))
    assert load_settings().database_url == "postgresql://hub:s3cret@db.internal/hub"


def test_a_secret_set_twice_or_unreadable_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("HUB_DATABASE_URL", "postgresql://x@y/z")
    monkeypatch.setenv("HUB_DATABASE_URL_FILE", str(tmp_path / "database_url"))
    with pytest.raises(SettingsError, match="both set"):
        load_settings()
    monkeypatch.delenv("HUB_DATABASE_URL")
    with pytest.raises(SettingsError, match="HUB_DATABASE_URL_FILE: cannot read"):
        load_settings()
