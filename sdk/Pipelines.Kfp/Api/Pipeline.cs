namespace Pipelines.Kfp.Api;

/// <summary>A pipeline (v2beta1 <c>Pipeline</c>): a named container of versions.</summary>
public sealed record Pipeline
{
    public string? PipelineId { get; init; }
    public string? Name { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? Namespace { get; init; }
}
