-- The job system: a cancelled state, progress a client can show while a job runs, and leases so
-- that several server processes sharing this database never run one job twice and take over the
-- jobs of a process that died.

ALTER TABLE indexing_jobs DROP CONSTRAINT ck_indexing_jobs_status;
ALTER TABLE indexing_jobs ADD CONSTRAINT ck_indexing_jobs_status
    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled'));

ALTER TABLE indexing_jobs
    ADD COLUMN force_reindex     boolean     NOT NULL DEFAULT false,
    ADD COLUMN status_message    text,
    ADD COLUMN phase             varchar(20),
    ADD COLUMN files_total       integer     NOT NULL DEFAULT 0,
    ADD COLUMN files_skipped     integer     NOT NULL DEFAULT 0,
    ADD COLUMN skipped_by_reason jsonb       NOT NULL DEFAULT '{}',
    ADD COLUMN chunks_embedded   integer     NOT NULL DEFAULT 0,
    ADD COLUMN chunks_to_embed   integer     NOT NULL DEFAULT 0,
    ADD COLUMN errors_count      integer     NOT NULL DEFAULT 0,
    ADD COLUMN errors_sample     jsonb       NOT NULL DEFAULT '[]',
    -- The running worker's estimate of the time left, in milliseconds.
    ADD COLUMN eta_ms            bigint,
    -- Which worker runs the job ("host:pid:random"), and when it last said it is alive.
    ADD COLUMN lease_owner       text,
    ADD COLUMN heartbeat_at      timestamptz,
    -- How many times a worker has started the job (more than one after a takeover).
    ADD COLUMN attempts          integer     NOT NULL DEFAULT 0,
    -- When the current attempt started: a resumed forced job re-chunks only files older than
    -- the first attempt's start.
    ADD COLUMN first_started_at  timestamptz,
    ADD COLUMN updated_at        timestamptz NOT NULL DEFAULT now();

-- One active job per repository and workspace: starting it again returns the active one.
CREATE UNIQUE INDEX idx_one_active_job ON indexing_jobs (project_id, repo_path)
    WHERE status IN ('pending', 'running');

-- What workers look for: pending jobs in order, running jobs by heartbeat.
CREATE INDEX idx_jobs_claim ON indexing_jobs (status, created_at)
    WHERE status IN ('pending', 'running');
