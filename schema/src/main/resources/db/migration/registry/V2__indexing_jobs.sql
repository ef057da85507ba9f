-- Background indexing jobs, shared by every server process using this database.
-- The job-system migrations extend this table going forward.

CREATE TABLE indexing_jobs (
    id             uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    repo_path      text         NOT NULL,
    project_id     varchar(255) NOT NULL,
    status         varchar(20)  NOT NULL DEFAULT 'pending',
    error_message  text,
    files_indexed  integer               DEFAULT 0,
    chunks_created integer               DEFAULT 0,
    started_at     timestamptz,
    completed_at   timestamptz,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT ck_indexing_jobs_status
        CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    -- The column is wider than a project id may be; the rule below is what bounds it.
    CONSTRAINT ck_indexing_jobs_project_id
        CHECK (char_length(project_id) <= 50 AND project_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);

CREATE INDEX idx_active_jobs ON indexing_jobs (project_id, status)
    WHERE status IN ('pending', 'running');
CREATE INDEX idx_created_at ON indexing_jobs (created_at DESC);
