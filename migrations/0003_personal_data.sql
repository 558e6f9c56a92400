-- Personal data keys, kept outside the append-only log (crypto-shredding).
--
-- Every subject (natural person) whose data an event carries has one AES-256 key here.
-- Forgetting a person deletes the key and records the erasure in forgotten_subjects;
-- a forgotten person never gets a key again, so nothing new about them can be stored.

CREATE TABLE personal_data_keys (
    subject_id  uuid        PRIMARY KEY,
    key         bytea       NOT NULL CHECK (length(key) = 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE forgotten_subjects (
    subject_id    uuid        PRIMARY KEY,
    forgotten_at  timestamptz NOT NULL DEFAULT now(),
    forgotten_by  text        NOT NULL CHECK (forgotten_by <> '')
);

CREATE FUNCTION reject_key_for_forgotten_subject() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- forget_subject() takes the same lock: a key and an erasure never cross.
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.subject_id::text, 7283010003));
    IF EXISTS (SELECT 1 FROM forgotten_subjects f WHERE f.subject_id = NEW.subject_id) THEN
        RAISE EXCEPTION 'subject % was forgotten: no new key', NEW.subject_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER personal_data_keys_not_forgotten BEFORE INSERT ON personal_data_keys
    FOR EACH ROW EXECUTE FUNCTION reject_key_for_forgotten_subject();

-- An erasure is never undone.
CREATE TRIGGER forgotten_subjects_append_only BEFORE UPDATE OR DELETE ON forgotten_subjects
    FOR EACH ROW EXECUTE FUNCTION reject_log_change();

GRANT SELECT, INSERT, DELETE ON personal_data_keys TO hub_service;
GRANT SELECT, INSERT ON forgotten_subjects TO hub_service;
