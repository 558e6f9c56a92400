"""Settings, read once at start-up from the environment (prefix ``HUB_``) and validated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(Exception):
    """The environment holds a setting the hub cannot use."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUB_", extra="ignore", frozen=True)

    environment: Literal["development", "production"] = Field(
        "development",
        description="`production` masks internal errors, turns off GraphiQL and introspection "
        "and requires a bearer token; in `development` a request without one acts as a "
        "development caller holding every scope (keep it on loopback).",
    )
    database_url: str | None = Field(
        None,
        description="PostgreSQL server to use (also read from `DATABASE_URL`). "
        "Unset: an embedded PostgreSQL is started in the data folder.",
    )
    data_dir: Path = Field(
        PROJECT_ROOT / ".hub-data",
        description="Folder for the embedded PostgreSQL and other local state.",
    )
    db_pool_min_size: int = Field(2, ge=1, le=100, description="Smallest asyncpg pool size.")
    db_pool_max_size: int = Field(10, ge=1, le=500, description="Largest asyncpg pool size.")
    db_statement_timeout_ms: int = Field(
        15_000, ge=0, description="statement_timeout set on every pooled connection (0: none)."
    )
    db_service_role: str = Field(
        "hub_service",
        pattern=r"^[a-z_][a-z0-9_]*$|^$",
        description="Role the service switches to on each pooled connection (INSERT and SELECT "
        "only on the event log). Empty: keep the login role.",
    )
    migrations_dir: Path = Field(
        PROJECT_ROOT / "migrations", description="Folder of numbered SQL migrations."
    )
    migrate_on_start: bool = Field(True, description="Apply pending migrations in `hub serve`.")
    graphql_introspection: bool | None = Field(
        None, description="Allow introspection (unset: on in development, off in production)."
    )
    graphql_ide: bool | None = Field(
        None, description="Serve GraphiQL at /graphql (unset: on in development only)."
    )
    graphql_max_depth: int = Field(12, ge=1, description="Deepest selection a query may nest.")
    graphql_max_tokens: int = Field(4_000, ge=10, description="Most tokens in one document.")
    graphql_max_aliases: int = Field(30, ge=1, description="Most aliases in one document.")
    graphql_max_page_size: int = Field(100, ge=1, description="Largest `first` on a list.")
    graphql_max_body_bytes: int = Field(
        256 * 1024, ge=1024, description="Largest GraphQL request body accepted (HTTP 413 past it)."
    )
    graphql_anonymous_scopes: str = Field(
        "",
        pattern=r"^[a-z:_ ]*$",
        description="In production, scopes a request without a token gets (space-separated, "
        "e.g. `projects:read` to open public project data); empty: /graphql answers 401.",
    )
    graphql_response_cache: bool = Field(
        True,
        description="Keep query responses per log position while the read models are caught "
        "up (a hit costs a share of one small query).",
    )
    run_projections: bool = Field(
        True,
        description="Run the projections inside `hub serve` (false: a separate `hub project`).",
    )
    projection_poll_seconds: float = Field(
        1.0, gt=0, description="Fallback poll interval of the projections (LISTEN/NOTIFY first)."
    )
    read_your_writes_timeout_ms: int = Field(
        5_000, ge=0, description="How long a request waits for the read models to catch up."
    )
    host: str = Field("127.0.0.1", description="Address `hub serve` listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port `hub serve` listens on.")
    workers: int = Field(
        1, ge=1, le=64, description="Processes `hub serve` starts (each with its own pool)."
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="`json`: one JSON object per log line, with the request id."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Lowest level of the log lines written."
    )
    metrics: bool = Field(
        True,
        description="Serve Prometheus metrics at `/metrics` (expose it to the scraper only).",
    )
    otel_endpoint: str | None = Field(
        None,
        description="OTLP/HTTP traces endpoint (e.g. `http://collector:4318/v1/traces`): "
        "turns on OpenTelemetry tracing of HTTP, GraphQL and SQL (needs the `otel` extra).",
    )
    otel_service_name: str = Field(
        "occitanie-hub", description="`service.name` of the traces the hub sends."
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description="Comma-separated addresses of the reverse proxies (which terminate TLS) "
        "trusted for `X-Forwarded-For`/`X-Forwarded-Proto`; `*` trusts any.",
    )
    ready_max_projection_lag_seconds: float = Field(
        30.0,
        gt=0,
        description="`/readyz` answers 503 when a read model is further behind the log "
        "(age of its oldest unapplied event) or stopped on a failing event.",
    )
    auth_issuer: str = Field(
        "http://127.0.0.1:8000",
        pattern=r"^https?://[^/?#]+$",
        description="OAuth issuer: the hub's public base URL (scheme and host, no path). "
        "Tokens carry it as `iss`; client assertions must name it as `aud`.",
    )
    auth_audience: str = Field(
        "urn:occitanie-hub:api", min_length=1, description="API identifier: `aud` of tokens."
    )
    auth_token_lifetime_minutes: int = Field(
        10, ge=1, le=60, description="Lifetime of access tokens."
    )
    auth_refresh_token_lifetime_hours: int = Field(
        336, ge=1, le=8760, description="Lifetime of each refresh token (rotated on use)."
    )
    auth_assertion_max_lifetime_seconds: int = Field(
        300, ge=30, le=3600, description="Longest a private_key_jwt client assertion may live."
    )
    auth_leeway_seconds: int = Field(
        30, ge=0, le=300, description="Clock skew allowed on exp/nbf/iat."
    )
    auth_cache_refresh_seconds: float = Field(
        5.0,
        gt=0,
        le=60,
        description="Revocations, disabled clients and signing keys are re-read this often: "
        "the longest a revoked token keeps working at the API.",
    )
    auth_token_rate_per_client: int = Field(
        60, ge=1, description="Token requests per minute per client (then 429)."
    )
    auth_token_rate_per_address: int = Field(
        300, ge=1, description="Token and login requests per minute per address (then 429)."
    )
    audit_origin: str = Field(
        "occitanie-en-scene.hub/log",
        pattern=r"^[A-Za-z0-9._/:-]+$",
        description="Origin line of signed checkpoints, also the name of their signing key "
        "(docs/audit.md).",
    )
    audit_checkpoint_seconds: float = Field(
        3600.0,
        ge=0,
        description="`hub serve` signs a checkpoint this often when the log grew (one process "
        "at a time); 0: only on demand (`hub audit checkpoint`).",
    )
    run_webhooks: bool = Field(
        True,
        description="Deliver webhooks from `hub serve` and `hub project` (one process at a "
        "time holds the dispatcher; the others stand by).",
    )
    webhook_secrets_key: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9_-]{43}=?$",
        description="Key (32 bytes, URL-safe base64) that encrypts webhook signing secrets at "
        "rest. Required in production to register endpoints; unset in development: a fixed "
        "development key.",
    )
    webhook_retry_base_seconds: float = Field(
        5.0, gt=0, description="First retry delay ceiling; doubles each attempt (full jitter)."
    )
    webhook_retry_max_seconds: float = Field(
        3600.0, gt=0, description="Largest delay between two attempts of one delivery."
    )
    webhook_disable_after_seconds: float = Field(
        259_200.0,
        gt=0,
        description="An endpoint failing without a success for this long is disabled (its "
        "owner sees why; re-enabling resumes its pending deliveries).",
    )
    webhook_timeout_seconds: float = Field(
        10.0, gt=0, le=60, description="Time limit of one delivery attempt."
    )
    webhook_concurrency: int = Field(
        8, ge=1, le=100, description="Most delivery attempts in flight in the active process."
    )
    calendar_max_age_seconds: int = Field(
        900,
        ge=0,
        le=86_400,
        description="How long calendar clients may keep a feed (`/calendar/<token>.ics`) "
        "before asking again; they revalidate with its ETag.",
    )
    console_enabled: bool = Field(
        True,
        description="Serve the web console for project managers and auditors at `/console` "
        "(people sign in through the hub's own OAuth server).",
    )
    console_session_secret: str | None = Field(
        None,
        min_length=32,
        description="Key signing the console's session cookie (32 characters or more; every "
        "replica needs the same). Unset: generated once and kept in the data folder "
        "(`console-session.key`).",
    )
    console_session_hours: int = Field(
        8, ge=1, le=336, description="How long a console session lasts before signing in again."
    )
    evidence_dir: Path | None = Field(
        None,
        description="Folder of the evidence vault's documents (`sha256/ab/cd/…` and a staging "
        "folder on the same filesystem). Unset: `evidence/` in the data folder.",
    )
    evidence_max_bytes: int = Field(
        256 * 1024 * 1024, ge=1, description="Largest document accepted (HTTP 413 past it)."
    )
    evidence_allowed_types: str = Field(
        "application/pdf image/png image/jpeg text/plain text/csv application/zip "
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document "
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet "
        "application/vnd.openxmlformats-officedocument.presentationml.presentation "
        "application/vnd.oasis.opendocument.text application/vnd.oasis.opendocument.spreadsheet",
        pattern=r"^[a-z0-9.+/ -]+$",
        description="Content types the vault accepts (space-separated), checked on the bytes.",
    )
    evidence_retention_years: int = Field(
        5,
        ge=1,
        le=100,
        description="Documents are kept this many years from 31 December of the year of the "
        "project's last payment.",
    )
    evidence_retention_by_programme: dict[str, int] = Field(
        {},
        description='Retention years per programme, as JSON (e.g. `{"esf_plus": 10}`); '
        "programmes not named keep `HUB_EVIDENCE_RETENTION_YEARS`.",
    )
    evidence_state_aid_projects: str = Field(
        "",
        description="Projects (acronyms, comma-separated) under state-aid rules, whose "
        "documents are kept `HUB_EVIDENCE_STATE_AID_YEARS`.",
    )
    evidence_state_aid_years: int = Field(
        10, ge=1, le=100, description="Retention years under state-aid rules."
    )
    today: date | None = Field(
        None,
        description="The date the hub takes as today for retention deadlines, to rehearse a "
        "deletion; development only. Unset: the system clock.",
    )

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql:// URL")
        return value


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; a bad value raises SettingsError naming the variable."""
    import os

    overrides = {**_from_files(os.environ), **overrides}
    if "database_url" not in overrides and not os.environ.get("HUB_DATABASE_URL"):
        if os.environ.get("DATABASE_URL"):
            overrides["database_url"] = os.environ["DATABASE_URL"]
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = "HUB_" + "_".join(str(part) for part in first["loc"]).upper()
        raise SettingsError(f"{name}: {first['msg']}") from None
    if settings.db_pool_min_size > settings.db_pool_max_size:
        raise SettingsError("HUB_DB_POOL_MIN_SIZE is larger than HUB_DB_POOL_MAX_SIZE")
    if settings.today is not None and settings.environment == "production":
        raise SettingsError("HUB_TODAY is for development only: production uses the clock")
    return settings


def _from_files(environ: Mapping[str, str]) -> dict[str, object]:
    """Secrets kept in files (container and systemd credentials): ``HUB_<NAME>_FILE`` names a
    file whose content (without its final line break) is the setting ``HUB_<NAME>``. Setting
    both is an error, as is a file that cannot be read."""
    values: dict[str, object] = {}
    for field in Settings.model_fields:
        variable = f"HUB_{field.upper()}"
        path = environ.get(f"{variable}_FILE")
        if path is None:
            continue
        if variable in environ:
            raise SettingsError(f"{variable} and {variable}_FILE are both set: keep one")
        try:
            values[field] = Path(path).read_text(encoding="utf-8").removesuffix("\n")
        except OSError as error:
            raise SettingsError(f"{variable}_FILE: cannot read {path}: {error.strerror}") from None
    return values
