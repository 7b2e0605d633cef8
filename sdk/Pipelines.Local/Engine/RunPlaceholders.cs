using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// KFP's run-time placeholders in task input constants (<c>runtimeValue: {constant: '{{$.pipeline_job_name}}'}</c>,
/// what KFP's compiler writes for <c>dsl.PIPELINE_JOB_NAME_PLACEHOLDER</c>): as KFP's driver does, a constant whose
/// whole value is one of them becomes the run's or the task's value; anything else stays as it is. The strings are
/// KFP's (the engine reads any compiler's YAML, so it does not take them from the authoring library).
/// </summary>
internal sealed class RunPlaceholders(string pipelineName, string runId, string runDirectory, DateTimeOffset created)
{
    /// <summary>Where KFP mounts a pipeline's workspace (<c>dsl.constants.WORKSPACE_MOUNT_PATH</c>).</summary>
    public const string WorkspaceMountPath = "/kfp-workspace";

    // RFC 3339 in UTC to the second, as KFP's backend writes the run's times.
    private readonly string _created = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The value of <paramref name="constant"/> for <paramref name="task"/>: the resolved placeholder, or the constant itself.</summary>
    public JsonNode? Resolve(JsonNode? constant, TaskSpec task)
    {
        if (constant is not JsonValue value || !value.TryGetValue(out string? text)) return constant;
        var resolved = text switch
        {
            // Locally the run's name and its resource name are one thing, as in KFP's own local runner.
            "{{$.pipeline_job_name}}" or "{{$.pipeline_job_resource_name}}" => $"{pipelineName}-{runId}",
            "{{$.pipeline_job_uuid}}" => runId,
            "{{$.pipeline_task_name}}" => task.DisplayName,
            "{{$.pipeline_task_uuid}}" => Guid.NewGuid().ToString(),
            "{{$.pipeline_root}}" => runDirectory,
            "{{$.pipeline_job_create_time_utc}}" or "{{$.pipeline_job_schedule_time_utc}}" => _created,
            "{{$.workspace_path}}" => WorkspaceMountPath,
            _ => null,
        };
        return resolved is null ? constant : JsonValue.Create(resolved);
    }
}
