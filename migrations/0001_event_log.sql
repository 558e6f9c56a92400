-- The append-only, hash-chained event log.
--
-- hash = SHA-256( prev_hash || int8be(position) || int8be(recorded_at in µs since epoch)
--                 || int4be(stream_version) || content_hash )
-- content_hash = SHA-256( canonical JSON of {stream_id, stream_type, event_type,
--                         schema_version, payload, metadata} )
-- The hub computes content_hash; this function chains it. docs/event-log.md describes the
-- canonical encoding so an auditor can recompute both from the rows alone.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_service') THEN
        CREATE ROLE hub_service NOLOGIN;
    END IF;
END
$$;

CREATE TABLE events (
    position        bigint      PRIMARY KEY CHECK (position >= 1),
    stream_id       text        NOT NULL CHECK (stream_id <> ''),
    stream_type     text        NOT NULL CHECK (stream_type <> ''),
    stream_version  integer     NOT NULL CHECK (stream_version >= 1),
    event_type      text        NOT NULL CHECK (event_type <> ''),
    schema_version  integer     NOT NULL CHECK (schema_version >= 1),
    payload         jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    metadata        jsonb       NOT NULL CHECK (jsonb_typeof(metadata) = 'object'),
    recorded_at     timestamptz NOT NULL,
    prev_hash       bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash            bytea       NOT NULL CHECK (length(hash) = 32),
    UNIQUE (stream_id, stream_version)
);

-- recorded_at never decreases along positions, so a BRIN index answers "position as of
-- time T" at almost no cost to appends.
CREATE INDEX events_recorded_at ON events USING brin (recorded_at);

-- The first append of each idempotency key; a repeated key returns this result.
CREATE TABLE event_idempotency (
    idempotency_key text        PRIMARY KEY,
    fingerprint     bytea       NOT NULL,
    stream_id       text        NOT NULL,
    first_position  bigint      NOT NULL,
    last_position   bigint      NOT NULL,
    stream_version  integer     NOT NULL,
    recorded_at     timestamptz NOT NULL
);

CREATE FUNCTION reject_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER event_idempotency_append_only BEFORE UPDATE OR DELETE ON event_idempotency
    FOR EACH ROW EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER event_idempotency_no_truncate BEFORE TRUNCATE ON event_idempotency
    FOR EACH STATEMENT EXECUTE FUNCTION reject_log_change();

-- Appends a batch of requests in one transaction. Each request targets one stream with an
-- optional expected version and idempotency key; events of request r are
-- p_event_* [p_first[r] .. p_first[r] + p_count[r] - 1], payloads and metadata as JSON text.
-- A request that fails a check is reported in the result and appends nothing; the others
-- go on. The transaction-scoped advisory lock makes commit order equal position order, so
-- a reader tailing `position > last` never skips an event that commits later. The chain is
-- computed in a loop and the rows go in with one INSERT.
CREATE FUNCTION append_events(
    p_stream_id      text[],
    p_stream_type    text[],
    p_expected       integer[],
    p_idem_key       text[],
    p_fingerprint    bytea[],
    p_first          integer[],
    p_count          integer[],
    p_event_type     text[],
    p_schema_version integer[],
    p_payload        text[],
    p_metadata       text[],
    p_content_hash   bytea[]
) RETURNS TABLE (
    request        integer,
    status         text,
    first_position bigint,
    last_position  bigint,
    stream_version integer,
    recorded_at    timestamptz,
    detail         text
) LANGUAGE plpgsql AS $$
DECLARE
    v_position  bigint;
    v_hash      bytea;
    v_time      timestamptz;
    v_micros    bigint;
    v_version   integer;
    v_type      text;
    v_idem      event_idempotency%ROWTYPE;
    v_streams   jsonb := '{}';  -- stream id -> [version, type] reached within this batch
    v_keys      jsonb := '{}';  -- idempotency key -> request that used it within this batch
    v_earlier   integer;
    r_first     bigint[] := '{}';
    r_last      bigint[] := '{}';
    r_version   integer[] := '{}';
    r_ok        boolean[] := '{}';
    r_base      integer[] := '{}';  -- stream version of event e is r_base[r] + e
    a_request   integer[] := '{}';  -- per appended event, in position order
    a_event     integer[] := '{}';
    a_hash      bytea[] := '{}';
    v_start     bigint;
    v_genesis   bytea;
    n           integer := 0;
    v_keyed     boolean := false;
    r           integer;
    e           integer;
BEGIN
    PERFORM pg_advisory_xact_lock(7283010001);
    SELECT ev.position, ev.hash, ev.recorded_at INTO v_position, v_hash, v_time
        FROM events ev ORDER BY ev.position DESC LIMIT 1;
    IF NOT FOUND THEN
        v_position := 0;
        v_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        v_time := '-infinity';
    END IF;
    -- One time for the whole batch, never earlier than the previous event.
    v_time := greatest(clock_timestamp(), v_time);
    v_micros := (extract(epoch FROM v_time) * 1000000)::bigint;
    v_start := v_position;
    v_genesis := v_hash;

    FOR r IN 1 .. coalesce(array_length(p_stream_id, 1), 0) LOOP
        request := r;
        r_ok[r] := false;
        first_position := NULL; last_position := NULL; recorded_at := NULL; detail := NULL;
        IF p_idem_key[r] IS NOT NULL THEN
            v_earlier := (v_keys ->> p_idem_key[r])::integer;
            IF v_earlier IS NOT NULL THEN
                first_position := r_first[v_earlier]; last_position := r_last[v_earlier];
                stream_version := r_version[v_earlier]; recorded_at := v_time;
                status := CASE WHEN p_fingerprint[v_earlier] = p_fingerprint[r]
                               THEN 'duplicate' ELSE 'key_reused' END;
                detail := p_stream_id[v_earlier];
                RETURN NEXT;
                CONTINUE;
            END IF;
            SELECT * INTO v_idem FROM event_idempotency WHERE idempotency_key = p_idem_key[r];
            IF FOUND THEN
                first_position := v_idem.first_position; last_position := v_idem.last_position;
                stream_version := v_idem.stream_version; recorded_at := v_idem.recorded_at;
                status := CASE WHEN v_idem.fingerprint = p_fingerprint[r]
                               THEN 'duplicate' ELSE 'key_reused' END;
                detail := v_idem.stream_id;
                RETURN NEXT;
                CONTINUE;
            END IF;
        END IF;

        IF v_streams ? p_stream_id[r] THEN
            v_version := (v_streams -> p_stream_id[r] ->> 0)::integer;
            v_type := v_streams -> p_stream_id[r] ->> 1;
        ELSE
            SELECT ev.stream_version, ev.stream_type INTO v_version, v_type
                FROM events ev WHERE ev.stream_id = p_stream_id[r]
                ORDER BY ev.stream_version DESC LIMIT 1;
            IF NOT FOUND THEN
                v_version := 0;
                v_type := p_stream_type[r];
            END IF;
        END IF;
        stream_version := v_version;
        IF v_type <> p_stream_type[r] THEN
            status := 'wrong_stream_type'; detail := v_type;
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF p_expected[r] IS NOT NULL AND p_expected[r] <> v_version THEN
            status := 'conflict';
            RETURN NEXT;
            CONTINUE;
        END IF;

        -- Only the chain needs a loop; positions and versions follow from the offsets.
        r_first[r] := v_position + 1;
        r_base[r] := v_version - p_first[r] + 1;
        FOR e IN p_first[r] .. p_first[r] + p_count[r] - 1 LOOP
            v_position := v_position + 1;
            a_event[v_position - v_start] := e;
            a_request[v_position - v_start] := r;
            v_hash := sha256(v_hash || int8send(v_position) || int8send(v_micros)
                             || int4send(r_base[r] + e) || p_content_hash[e]);
            a_hash[v_position - v_start] := v_hash;
        END LOOP;
        v_version := v_version + p_count[r];
        n := v_position - v_start;
        r_last[r] := v_position;
        r_version[r] := v_version;
        r_ok[r] := true;
        v_streams := v_streams || jsonb_build_object(p_stream_id[r], jsonb_build_array(v_version, v_type));
        IF p_idem_key[r] IS NOT NULL THEN
            v_keys := v_keys || jsonb_build_object(p_idem_key[r], r);
            v_keyed := true;
        END IF;
        status := 'ok';
        first_position := r_first[r]; last_position := v_position;
        stream_version := v_version; recorded_at := v_time;
        RETURN NEXT;
    END LOOP;

    IF n > 0 THEN
        -- Joins on ordinality rather than subscripts: a subscript into a flat array of
        -- variable-length values walks it from the start, for every row.
        INSERT INTO events (position, stream_id, stream_type, stream_version, event_type,
                            schema_version, payload, metadata, recorded_at, prev_hash, hash)
        SELECT v_start + a.i, q.stream_id, q.stream_type, r_base[a.req] + a.ev, ev.event_type,
               ev.schema_version, ev.payload::jsonb, ev.metadata::jsonb, v_time,
               coalesce(lag(a.hash) OVER (ORDER BY a.i), v_genesis), a.hash
        FROM unnest(a_request, a_event, a_hash) WITH ORDINALITY AS a(req, ev, hash, i)
        JOIN unnest(p_event_type, p_schema_version, p_payload, p_metadata) WITH ORDINALITY
                 AS ev(event_type, schema_version, payload, metadata, i) ON ev.i = a.ev
        JOIN unnest(p_stream_id, p_stream_type) WITH ORDINALITY
                 AS q(stream_id, stream_type, i) ON q.i = a.req
        ORDER BY a.i;
        IF v_keyed THEN
            INSERT INTO event_idempotency
            SELECT p_idem_key[i], p_fingerprint[i], p_stream_id[i], r_first[i], r_last[i],
                   r_version[i], v_time
            FROM generate_subscripts(p_stream_id, 1) AS i
            WHERE r_ok[i] AND p_idem_key[i] IS NOT NULL;
        END IF;
        PERFORM pg_notify('hub_events', v_position::text);
    END IF;
END
$$;

GRANT SELECT, INSERT ON events, event_idempotency TO hub_service;
GRANT EXECUTE ON FUNCTION append_events TO hub_service;
GRANT SELECT ON schema_migrations TO hub_service;
