-- Audit evidence over the event log: stored Merkle subtrees, the checkpoint signing key
-- and the signed checkpoints. docs/audit.md specifies the formats.

-- RFC 9162 Merkle subtree hashes over the events' chain hashes (leaf i = hash of position
-- i + 1). Row (level, index) is the complete subtree of leaves [index * 2^level,
-- (index + 1) * 2^level); only levels from 8 up are stored (hub/audit/tree_store.py), so
-- any root or proof needs O(log n) rows and at most a few hundred leaves.
CREATE TABLE audit_merkle_nodes (
    level  smallint NOT NULL CHECK (level BETWEEN 8 AND 62),
    index  bigint   NOT NULL CHECK (index >= 0),
    hash   bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, index)
);

-- The Ed25519 key that signs checkpoints, one per key name (the log's origin). Kept beside
-- the OAuth signing keys; a key is never changed or deleted, so old checkpoints still verify.
CREATE TABLE audit_signing_keys (
    name         text        PRIMARY KEY CHECK (name ~ '^[^\s+]+$'),
    private_key  bytea       NOT NULL CHECK (length(private_key) = 32),
    public_key   bytea       NOT NULL CHECK (length(public_key) = 32),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Every checkpoint the hub signed, as the exact signed note (C2SP tlog-checkpoint).
CREATE TABLE audit_checkpoints (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    origin      text        NOT NULL CHECK (origin <> ''),
    tree_size   bigint      NOT NULL CHECK (tree_size >= 0),
    root_hash   bytea       NOT NULL CHECK (length(root_hash) = 32),
    signed_at   timestamptz NOT NULL,
    key_name    text        NOT NULL REFERENCES audit_signing_keys (name),
    note        text        NOT NULL CHECK (note <> '')
);
CREATE INDEX audit_checkpoints_tree_size ON audit_checkpoints (tree_size);

CREATE TRIGGER audit_merkle_nodes_append_only BEFORE UPDATE OR DELETE ON audit_merkle_nodes
    FOR EACH ROW EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER audit_merkle_nodes_no_truncate BEFORE TRUNCATE ON audit_merkle_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER audit_signing_keys_append_only BEFORE UPDATE OR DELETE ON audit_signing_keys
    FOR EACH ROW EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER audit_signing_keys_no_truncate BEFORE TRUNCATE ON audit_signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION reject_log_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION reject_log_change();

GRANT SELECT, INSERT ON audit_merkle_nodes, audit_signing_keys, audit_checkpoints
    TO hub_service;
