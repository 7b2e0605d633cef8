namespace Pipelines.Kfp.Tests.FakeKfp;

/// <summary>
/// The request shapes of KFP's REST API v2beta1 that the fake server accepts, written from the
/// published v2beta1 swagger (run, experiment, pipeline, pipeline upload, filter): message fields
/// with their proto types, and the query parameters of each operation.
/// </summary>
internal static class V2beta1
{
    private static readonly Shape RuntimeState = new EnumShape("RUNTIME_STATE_UNSPECIFIED", "PENDING", "RUNNING", "SUCCEEDED", "SKIPPED", "FAILED", "CANCELING", "CANCELED", "PAUSED");
    private static readonly Shape StorageState = new EnumShape("STORAGE_STATE_UNSPECIFIED", "AVAILABLE", "ARCHIVED");

    private static readonly Shape Status = new MessageShape("google.rpc.Status", new Dictionary<string, Shape>
    {
        ["code"] = Shape.Int32,
        ["message"] = Shape.String,
        ["details"] = new ListShape(Shape.Struct),
    });

    public static readonly MessageShape Experiment = new("v2beta1.Experiment", new Dictionary<string, Shape>
    {
        ["experiment_id"] = Shape.String,
        ["display_name"] = Shape.String,
        ["description"] = Shape.String,
        ["created_at"] = Shape.Timestamp,
        ["namespace"] = Shape.String,
        ["storage_state"] = StorageState,
        ["last_run_created_at"] = Shape.Timestamp,
    });

    public static readonly MessageShape Run = new("v2beta1.Run", new Dictionary<string, Shape>
    {
        ["experiment_id"] = Shape.String,
        ["run_id"] = Shape.String,
        ["display_name"] = Shape.String,
        ["storage_state"] = StorageState,
        ["description"] = Shape.String,
        ["pipeline_version_id"] = Shape.String,
        ["pipeline_spec"] = Shape.Struct,
        ["pipeline_version_reference"] = new MessageShape("v2beta1.PipelineVersionReference", new Dictionary<string, Shape>
        {
            ["pipeline_id"] = Shape.String,
            ["pipeline_version_id"] = Shape.String,
        }),
        ["runtime_config"] = new MessageShape("v2beta1.RuntimeConfig", new Dictionary<string, Shape>
        {
            ["parameters"] = new MapShape(Shape.Any),
            ["pipeline_root"] = Shape.String,
        }),
        ["service_account"] = Shape.String,
        ["created_at"] = Shape.Timestamp,
        ["scheduled_at"] = Shape.Timestamp,
        ["finished_at"] = Shape.Timestamp,
        ["state"] = RuntimeState,
        ["error"] = Status,
        ["run_details"] = Shape.Struct,
        ["recurring_run_id"] = Shape.String,
        ["state_history"] = new ListShape(Shape.Struct),
    });

    private static readonly Shape Values = new MessageShape("values", new Dictionary<string, Shape> { ["values"] = new ListShape(Shape.Any) });

    public static readonly MessageShape Filter = new("v2beta1.Filter", new Dictionary<string, Shape>
    {
        ["predicates"] = new ListShape(new MessageShape("v2beta1.Predicate", new Dictionary<string, Shape>
        {
            ["operation"] = new EnumShape("UNKNOWN", "EQUALS", "NOT_EQUALS", "GREATER_THAN", "GREATER_THAN_EQUALS", "LESS_THAN", "LESS_THAN_EQUALS", "IN", "IS_SUBSTRING"),
            ["key"] = Shape.String,
            ["int_value"] = Shape.Int32,
            ["long_value"] = Shape.Int64,
            ["string_value"] = Shape.String,
            ["timestamp_value"] = Shape.Timestamp,
            ["int_values"] = Values,
            ["long_values"] = Values,
            ["string_values"] = Values,
        })),
    });

    /// <summary>Query parameters per operation (names as in the swagger).</summary>
    public static readonly string[] ListQuery = ["page_token", "page_size", "sort_by", "filter"];
    public static readonly string[] ListPipelinesQuery = [.. ListQuery, "namespace"];
    public static readonly string[] ListExperimentsQuery = [.. ListQuery, "namespace"];
    public static readonly string[] UploadPipelineQuery = ["name", "display_name", "description", "namespace", "tags", "code_source_url"];
    public static readonly string[] UploadVersionQuery = ["name", "display_name", "pipelineid", "description", "tags", "code_source_url"];
    public static readonly string[] RunQuery = ["experiment_id"];
}
