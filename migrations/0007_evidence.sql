-- The evidence vault. Documents' bytes live outside the database (hub/evidence/, under the
-- data folder by default); the log cites them by SHA-256 in the `Evidence` stream of each
-- document. These partial indexes find an entity's documents and the vault's events
-- without scanning the log.

CREATE INDEX events_evidence_by_entity
    ON events ((payload ->> 'entity_kind'), (payload ->> 'entity_id'))
    WHERE event_type = 'Evidence.Attached';

CREATE INDEX events_evidence ON events (position) WHERE stream_type = 'Evidence';
