using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// KFP's run-time placeholders (<c>dsl.PIPELINE_JOB_NAME_PLACEHOLDER</c> and the others) as string
/// values for task inputs: <c>StepsTasks.Register(runName: Placeholders.PipelineJobName)</c>. Each
/// compiles to the constant KFP's compiler writes (<c>runtimeValue: {constant: '{{$.pipeline_job_name}}'}</c>),
/// and KFP's driver puts the run's (or the task's) value in its place when the task runs; so does the
/// local engine. The placeholder must be the whole value of the input: KFP does not resolve it
/// inside a longer string, nor in a condition (comparing it is comparing two constants, PIPE3010).
/// </summary>
public static class Placeholders
{
    /// <summary>The run's name (<c>{{$.pipeline_job_name}}</c>).</summary>
    public static Value<string> PipelineJobName => Of(PlaceholderText.PipelineJobName);

    /// <summary>The run's resource name (<c>{{$.pipeline_job_resource_name}}</c>).</summary>
    public static Value<string> PipelineJobResourceName => Of(PlaceholderText.PipelineJobResourceName);

    /// <summary>The run's id (<c>{{$.pipeline_job_uuid}}</c>).</summary>
    public static Value<string> PipelineJobId => Of(PlaceholderText.PipelineJobId);

    /// <summary>The name of the task that receives the value (<c>{{$.pipeline_task_name}}</c>).</summary>
    public static Value<string> PipelineTaskName => Of(PlaceholderText.PipelineTaskName);

    /// <summary>The id of the task that receives the value (<c>{{$.pipeline_task_uuid}}</c>).</summary>
    public static Value<string> PipelineTaskId => Of(PlaceholderText.PipelineTaskId);

    /// <summary>The pipeline root, where the run's artifacts go (<c>{{$.pipeline_root}}</c>).</summary>
    public static Value<string> PipelineRoot => Of(PlaceholderText.PipelineRoot);

    /// <summary>When the run was created, RFC 3339 UTC (<c>{{$.pipeline_job_create_time_utc}}</c>).</summary>
    public static Value<string> PipelineJobCreateTimeUtc => Of(PlaceholderText.PipelineJobCreateTimeUtc);

    /// <summary>When a scheduled run was due, RFC 3339 UTC (<c>{{$.pipeline_job_schedule_time_utc}}</c>).</summary>
    public static Value<string> PipelineJobScheduleTimeUtc => Of(PlaceholderText.PipelineJobScheduleTimeUtc);

    /// <summary>Where the pipeline's workspace is mounted (<c>{{$.workspace_path}}</c>; KFP mounts it at <c>/kfp-workspace</c>).</summary>
    public static Value<string> WorkspacePath => Of(PlaceholderText.WorkspacePath);

    // A new value each time: values are compared by reference, and a shared instance would be one object in every pipeline.
    private static Value<string> Of(string text) => new(new ConstantSource(JsonValue.Create(text)));
}

/// <summary>The placeholder strings, exactly as KFP's DSL defines them (<c>kfp/dsl/__init__.py</c>).</summary>
internal static class PlaceholderText
{
    public const string PipelineJobName = "{{$.pipeline_job_name}}";
    public const string PipelineJobResourceName = "{{$.pipeline_job_resource_name}}";
    public const string PipelineJobId = "{{$.pipeline_job_uuid}}";
    public const string PipelineTaskName = "{{$.pipeline_task_name}}";
    public const string PipelineTaskId = "{{$.pipeline_task_uuid}}";
    public const string PipelineRoot = "{{$.pipeline_root}}";
    public const string PipelineJobCreateTimeUtc = "{{$.pipeline_job_create_time_utc}}";
    public const string PipelineJobScheduleTimeUtc = "{{$.pipeline_job_schedule_time_utc}}";
    public const string WorkspacePath = "{{$.workspace_path}}";
}
