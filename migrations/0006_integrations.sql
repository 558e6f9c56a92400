-- Partner integrations: webhook endpoints and their deliveries, calendar feed tokens.
-- Configuration, not domain facts: none of this is in the event log. docs/partners.md
-- describes what partners see; hub/integrations/ holds the code.

-- An endpoint belongs to the OAuth client that registered it. Empty event_types or
-- project_ids mean every one the client may see. The signing secret is kept encrypted
-- (AES-256-GCM under the hub's webhook key, key_id naming it) so the hub can sign; during a
-- rotation the previous secret also signs until previous_expires_at.
CREATE TABLE webhook_endpoints (
    endpoint_id          uuid        PRIMARY KEY,
    client_id            text        NOT NULL REFERENCES oauth_clients ON DELETE CASCADE,
    url                  text        NOT NULL CHECK (url ~ '^https?://'),
    description          text        NOT NULL DEFAULT '',
    event_types          text[]      NOT NULL DEFAULT '{}',
    project_ids          uuid[]      NOT NULL DEFAULT '{}',
    key_id               text        NOT NULL,
    secret_sealed        bytea       NOT NULL,
    previous_sealed      bytea,
    previous_expires_at  timestamptz,
    after_position       bigint      NOT NULL CHECK (after_position >= 0),
    enabled              boolean     NOT NULL DEFAULT true,
    disabled_reason      text,
    disabled_at          timestamptz,
    failing_since        timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (enabled = (disabled_at IS NULL))
);
CREATE INDEX webhook_endpoints_by_client ON webhook_endpoints (client_id, created_at);

-- The dispatcher's checkpoint: the last log position it has turned into deliveries, written
-- in the same transaction as the deliveries. Starts at the head when this file is applied.
CREATE TABLE webhook_dispatch (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    position  bigint  NOT NULL CHECK (position >= 0)
);
INSERT INTO webhook_dispatch (position) SELECT coalesce(max(position), 0) FROM events;

-- One delivery per (endpoint, event) owed; delivery_id is the `webhook-id` header, the
-- receiver's idempotency key, the same across retries and redeliveries.
CREATE TABLE webhook_deliveries (
    delivery_id      uuid        PRIMARY KEY,
    endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints ON DELETE CASCADE,
    position         bigint      NOT NULL,
    stream_id        text        NOT NULL,
    event_type       text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'delivered')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_status      integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    UNIQUE (endpoint_id, position)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, position)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_stream ON webhook_deliveries (endpoint_id, stream_id, position)
    WHERE state = 'pending';

-- Every attempt, for the partner's delivery log.
CREATE TABLE webhook_attempts (
    attempt_id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   uuid        NOT NULL REFERENCES webhook_deliveries ON DELETE CASCADE,
    attempted_at  timestamptz NOT NULL,
    succeeded     boolean     NOT NULL,
    status_code   integer,
    error         text,
    duration_ms   integer     NOT NULL CHECK (duration_ms >= 0),
    retry_at      timestamptz
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempt_id);

-- Secret calendar URLs: SHA-256 of a 256-bit token. A feed shows what its owner (a person
-- or a partner system, with the scopes and limits it had when it asked) may see.
CREATE TABLE calendar_feeds (
    feed_id       uuid        PRIMARY KEY,
    token_hash    bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    subject       text        NOT NULL,
    organisation  text,
    scopes        text[]      NOT NULL,
    projects      text[],
    programme     text,
    kind          text        NOT NULL CHECK (kind IN ('project', 'organisation')),
    target_id     uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);
CREATE INDEX calendar_feeds_by_subject ON calendar_feeds (subject, created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries, calendar_feeds
    TO hub_service;
GRANT SELECT, UPDATE ON webhook_dispatch TO hub_service;
GRANT SELECT, INSERT, DELETE ON webhook_attempts TO hub_service;
