namespace Pipelines.Kfp.Api;

/// <summary>A pipeline version (v2beta1 <c>PipelineVersion</c>): one uploaded pipeline spec.</summary>
public sealed record PipelineVersion
{
    public string? PipelineId { get; init; }
    public string? PipelineVersionId { get; init; }
    public string? Name { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
}
