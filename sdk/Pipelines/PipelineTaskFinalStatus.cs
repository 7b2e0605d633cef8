using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines;

/// <summary>
/// The final status of the tasks an exit task watches (KFP's <c>PipelineTaskFinalStatus</c>). A
/// component takes it as a parameter; KFP fills it in (input type <c>TASK_FINAL_STATUS</c>), so the
/// generated task factory has no argument for it. Only an <c>ExitHandler</c>'s exit task (or a task
/// that ignores upstream failure and has exactly one upstream) may take one.
/// </summary>
/// <param name="State">Final state: <c>SUCCEEDED</c>, <c>FAILED</c>, <c>CANCELLED</c> (the OSS backend may also report e.g. <c>COMPLETE</c>).</param>
/// <param name="PipelineJobResourceName">The run (pipeline job) resource name.</param>
/// <param name="PipelineTaskName">The task whose status this is, e.g. <c>exit-handler-1</c>.</param>
/// <param name="ErrorCode">google.rpc.Code of the failure, or null.</param>
/// <param name="ErrorMessage">The failure message, or null.</param>
[JsonConverter(typeof(PipelineTaskFinalStatusConverter))]
public sealed record PipelineTaskFinalStatus(string State, string PipelineJobResourceName, string PipelineTaskName, int? ErrorCode = null, string? ErrorMessage = null)
{
    /// <summary>True when the watched tasks succeeded.</summary>
    public bool Succeeded => State is "SUCCEEDED" or "COMPLETE";
}

/// <summary>
/// Reads the STRUCT KFP's driver passes (<c>{"state", "pipelineJobResourceName", "pipelineTaskName",
/// "error": {"code", "message"}}</c>, docs/kfp-contract.md#control-flow), as KFP's Python executor does; snake_case keys
/// and flat <c>error_code</c>/<c>error_message</c> are accepted too.
/// </summary>
internal sealed class PipelineTaskFinalStatusConverter : JsonConverter<PipelineTaskFinalStatus>
{
    public override PipelineTaskFinalStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("a task final status is a JSON object");
        var state = Text(root, "state");
        if (state is null) throw new JsonException("a task final status needs 'state'");
        int? code = null;
        string? message = null;
        if (Find(root, "error") is { ValueKind: JsonValueKind.Object } error)
        {
            code = Number(error, "code");
            message = Text(error, "message");
        }
        code ??= Number(root, "errorCode", "error_code");
        message ??= Text(root, "errorMessage", "error_message");
        return new PipelineTaskFinalStatus(
            state,
            Text(root, "pipelineJobResourceName", "pipeline_job_resource_name") ?? "",
            Text(root, "pipelineTaskName", "pipeline_task_name") ?? "",
            code,
            message);
    }

    public override void Write(Utf8JsonWriter writer, PipelineTaskFinalStatus value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("state", value.State);
        writer.WriteString("pipelineJobResourceName", value.PipelineJobResourceName);
        writer.WriteString("pipelineTaskName", value.PipelineTaskName);
        if (value.ErrorCode is not null || value.ErrorMessage is not null)
        {
            writer.WriteStartObject("error");
            if (value.ErrorCode is { } c) writer.WriteNumber("code", c);
            if (value.ErrorMessage is { } m) writer.WriteString("message", m);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static JsonElement? Find(JsonElement obj, params string[] names)
    {
        foreach (var name in names)
            if (obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        return null;
    }

    private static string? Text(JsonElement obj, params string[] names) =>
        Find(obj, names) is { } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    private static int? Number(JsonElement obj, params string[] names) => Find(obj, names) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue => (int)d,
        { ValueKind: JsonValueKind.String } s when int.TryParse(s.GetString(), out var i) => i,
        _ => null,
    };
}
