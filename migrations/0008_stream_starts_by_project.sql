-- A project's deliverable, partner report and payment streams name the project in their
-- first event. This partial index finds them (as-of reconstructions, the console's project
-- as of a date) without scanning the log; only first events enter it.

CREATE INDEX events_stream_starts_by_project
    ON events ((payload ->> 'project_id'), stream_type, position)
    WHERE stream_version = 1;
