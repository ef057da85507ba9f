-- Inverse of V2__indexing_jobs.sql. Drops the job table and the whole job history.
DROP TABLE indexing_jobs;
