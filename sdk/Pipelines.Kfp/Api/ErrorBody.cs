using System.Text.Json;

namespace Pipelines.Kfp.Api;

/// <summary>
/// What KFP's API server answers on failure (grpc-gateway's <c>runtime.Error</c>:
/// <c>{"error", "code", "message", "details"}</c>; <c>code</c> is the gRPC code, not the HTTP status).
/// </summary>
public sealed record ErrorBody
{
    public string? Error { get; init; }
    public int? Code { get; init; }
    public string? Message { get; init; }
    public JsonElement? Details { get; init; }
}
