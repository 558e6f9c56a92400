-- One event to one stream, the commonest append, without append_events' arrays: the
-- same checks, chain and notification (migrations/0001), for a fraction of the work on
-- both sides of the connection. The hub calls it when a group commit holds one request
-- of one event; anything larger goes through append_events.

CREATE FUNCTION append_event(
    p_stream_id      text,
    p_stream_type    text,
    p_expected       integer,
    p_idem_key       text,
    p_fingerprint    bytea,
    p_event_type     text,
    p_schema_version integer,
    p_payload        text,
    p_metadata       text,
    p_content_hash   bytea,
    OUT status         text,
    OUT first_position bigint,
    OUT last_position  bigint,
    OUT stream_version integer,
    OUT recorded_at    timestamptz,
    OUT detail         text
) LANGUAGE plpgsql AS $$
DECLARE
    v_position bigint;
    v_hash     bytea;
    v_time     timestamptz;
    v_version  integer;
    v_type     text;
    v_idem     event_idempotency%ROWTYPE;
BEGIN
    PERFORM pg_advisory_xact_lock(7283010001);
    IF p_idem_key IS NOT NULL THEN
        SELECT * INTO v_idem FROM event_idempotency WHERE idempotency_key = p_idem_key;
        IF FOUND THEN
            first_position := v_idem.first_position; last_position := v_idem.last_position;
            stream_version := v_idem.stream_version; recorded_at := v_idem.recorded_at;
            status := CASE WHEN v_idem.fingerprint = p_fingerprint
                           THEN 'duplicate' ELSE 'key_reused' END;
            detail := v_idem.stream_id;
            RETURN;
        END IF;
    END IF;
    SELECT ev.stream_version, ev.stream_type INTO v_version, v_type
        FROM events ev WHERE ev.stream_id = p_stream_id
        ORDER BY ev.stream_version DESC LIMIT 1;
    IF NOT FOUND THEN
        v_version := 0;
        v_type := p_stream_type;
    END IF;
    stream_version := v_version;
    IF v_type <> p_stream_type THEN
        status := 'wrong_stream_type'; detail := v_type;
        RETURN;
    END IF;
    IF p_expected IS NOT NULL AND p_expected <> v_version THEN
        status := 'conflict';
        RETURN;
    END IF;

    SELECT ev.position, ev.hash, ev.recorded_at INTO v_position, v_hash, v_time
        FROM events ev ORDER BY ev.position DESC LIMIT 1;
    IF NOT FOUND THEN
        v_position := 0;
        v_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        v_time := '-infinity';
    END IF;
    v_time := greatest(clock_timestamp(), v_time);
    INSERT INTO events (position, stream_id, stream_type, stream_version, event_type,
                        schema_version, payload, metadata, recorded_at, prev_hash, hash)
    VALUES (v_position + 1, p_stream_id, p_stream_type, v_version + 1, p_event_type,
            p_schema_version, p_payload::jsonb, p_metadata::jsonb, v_time, v_hash,
            sha256(v_hash || int8send(v_position + 1)
                   || int8send((extract(epoch FROM v_time) * 1000000)::bigint)
                   || int4send(v_version + 1) || p_content_hash));
    IF p_idem_key IS NOT NULL THEN
        INSERT INTO event_idempotency
        VALUES (p_idem_key, p_fingerprint, p_stream_id, v_position + 1, v_position + 1,
                v_version + 1, v_time);
    END IF;
    PERFORM pg_notify('hub_events', (v_position + 1)::text);
    status := 'ok';
    first_position := v_position + 1;
    last_position := v_position + 1;
    stream_version := v_version + 1;
    recorded_at := v_time;
END
$$;

GRANT EXECUTE ON FUNCTION append_event TO hub_service;
