-- Inverse of V1__workspace_registry.sql. Drops the registry table and every row in it.
-- The vector extension stays: workspace schemas and other users of the database may depend on it.
DROP TABLE workspace_config;
