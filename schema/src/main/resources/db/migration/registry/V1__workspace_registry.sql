-- The workspace registry: one row per project, naming the PostgreSQL schema that holds its index and
-- the embedding model the index was built with (fixed at creation: vectors of two models never mix).
--
-- Flyway runs this with search_path = project_registry, public, in one transaction.

-- Installed into public so that every workspace schema resolves the vector type and its operators.
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TABLE workspace_config (
    project_id      varchar(50)  PRIMARY KEY,
    schema_name     varchar(60)  NOT NULL,
    created_at      timestamp    NOT NULL DEFAULT now(),
    metadata        jsonb                 DEFAULT '{}',
    embedding_model varchar(200) NOT NULL,
    embedding_dim   integer      NOT NULL,
    -- The project id rule (also enforced, with a readable message, by the application):
    -- lowercase letters, digits and single hyphens, 1-50 characters, no leading or trailing hyphen.
    CONSTRAINT ck_workspace_config_project_id
        CHECK (project_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    -- The schema name is derived from the project id, never chosen freely.
    CONSTRAINT ck_workspace_config_schema_name
        CHECK (schema_name = 'workspace_' || replace(project_id, '-', '_')),
    CONSTRAINT ck_workspace_config_embedding_model
        CHECK (char_length(embedding_model) > 0),
    -- pgvector's HNSW index accepts at most 2,000 dimensions.
    CONSTRAINT ck_workspace_config_embedding_dim
        CHECK (embedding_dim BETWEEN 1 AND 2000)
);

CREATE UNIQUE INDEX idx_workspace_schema_unique ON workspace_config (schema_name);
CREATE INDEX idx_workspace_created ON workspace_config (created_at DESC);
