namespace Pipelines.Kfp.Api;

/// <summary>An experiment (v2beta1 <c>Experiment</c>): groups runs; the unit of a namespace's runs.</summary>
public sealed record Experiment
{
    public string? ExperimentId { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public string? Namespace { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
}
