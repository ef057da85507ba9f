package dev.codebasemcp.workspace;

import java.time.LocalDateTime;

/**
 * A workspace as the registry records it: its project id, its PostgreSQL schema and the embedding
 * model its vectors come from (fixed at creation).
 *
 * @param projectId the workspace's id
 * @param schemaName the PostgreSQL schema holding its index
 * @param embeddingModel the id of the embedding model
 * @param embeddingDim the dimension of that model's vectors
 * @param createdAt when it was created (database time)
 */
public record Workspace(
    ProjectId projectId,
    String schemaName,
    String embeddingModel,
    int embeddingDim,
    LocalDateTime createdAt) {}
