-- Inverse of V1__code_index.sql. Drops the workspace's whole code index (the schema itself and its
-- flyway_schema_history stay, so the workspace can be migrated up again).
DROP TABLE chunk_embeddings;
DROP TABLE code_chunks;
DROP TABLE code_files;
DROP TABLE repositories;
