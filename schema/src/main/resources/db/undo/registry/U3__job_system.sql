-- Inverse of V3__job_system.sql. Cancelled jobs become failed ones (the old states cannot say
-- cancelled); progress details, leases and attempt counts are dropped.
DROP INDEX idx_jobs_claim;
DROP INDEX idx_one_active_job;

ALTER TABLE indexing_jobs
    DROP COLUMN force_reindex,
    DROP COLUMN status_message,
    DROP COLUMN phase,
    DROP COLUMN files_total,
    DROP COLUMN files_skipped,
    DROP COLUMN skipped_by_reason,
    DROP COLUMN chunks_embedded,
    DROP COLUMN chunks_to_embed,
    DROP COLUMN errors_count,
    DROP COLUMN errors_sample,
    DROP COLUMN eta_ms,
    DROP COLUMN lease_owner,
    DROP COLUMN heartbeat_at,
    DROP COLUMN attempts,
    DROP COLUMN first_started_at,
    DROP COLUMN updated_at;

ALTER TABLE indexing_jobs DROP CONSTRAINT ck_indexing_jobs_status;
UPDATE indexing_jobs SET status = 'failed', error_message = coalesce(error_message, 'cancelled')
    WHERE status = 'cancelled';
ALTER TABLE indexing_jobs ADD CONSTRAINT ck_indexing_jobs_status
    CHECK (status IN ('pending', 'running', 'completed', 'failed'));
