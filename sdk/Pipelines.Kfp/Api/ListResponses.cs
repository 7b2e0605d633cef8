namespace Pipelines.Kfp.Api;

// One page of a List call. The server sends next_page_token while more pages follow.

public sealed record ListPipelinesResponse
{
    public IReadOnlyList<Pipeline>? Pipelines { get; init; }
    public int? TotalSize { get; init; }
    public string? NextPageToken { get; init; }
}

public sealed record ListPipelineVersionsResponse
{
    public IReadOnlyList<PipelineVersion>? PipelineVersions { get; init; }
    public int? TotalSize { get; init; }
    public string? NextPageToken { get; init; }
}

public sealed record ListExperimentsResponse
{
    public IReadOnlyList<Experiment>? Experiments { get; init; }
    public int? TotalSize { get; init; }
    public string? NextPageToken { get; init; }
}
