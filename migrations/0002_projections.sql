-- Projections: read models built from the log, and the runner's checkpoints.
--
-- Each build of a projection (a "generation") lives in its own schema, read_<name>_g<n>,
-- created and owned by hub_service. Schema "read" holds one view per read-model table,
-- pointing at the active generation: the read side queries read.<table>, and a rebuild
-- swaps the views in one transaction once the new generation has caught up.

CREATE SCHEMA "read";
GRANT USAGE, CREATE ON SCHEMA "read" TO hub_service;

-- hub_service creates (and drops) the per-generation schemas itself.
DO $$
BEGIN
    EXECUTE format('GRANT CREATE ON DATABASE %I TO hub_service', current_database());
END
$$;

-- One row per generation: the active one (serving reads) and at most one being built.
-- position is the last log position applied to the generation's tables, written in the
-- same transaction as the tables themselves.
CREATE TABLE projection_checkpoints (
    name              text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    generation        integer     NOT NULL CHECK (generation >= 1),
    schema_name       text        NOT NULL UNIQUE,
    version           integer     NOT NULL CHECK (version >= 1),
    active            boolean     NOT NULL,
    position          bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
    state             text        NOT NULL CHECK (state IN ('running', 'failed', 'rebuilding')),
    error             text,
    failed_position   bigint,
    failed_event_type text,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, generation)
);

CREATE UNIQUE INDEX projection_checkpoints_one_active
    ON projection_checkpoints (name) WHERE active;
CREATE UNIQUE INDEX projection_checkpoints_one_build
    ON projection_checkpoints (name) WHERE NOT active;

GRANT SELECT, INSERT, UPDATE, DELETE ON projection_checkpoints TO hub_service;
