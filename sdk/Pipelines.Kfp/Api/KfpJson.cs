using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines.Kfp.Api;

/// <summary>
/// KFP's JSON: proto field names (snake_case), unset fields left out on the way in (the server
/// rejects unknown fields, not missing ones) and unknown fields ignored on the way out (a newer
/// server adds some).
/// </summary>
public static class KfpJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
