// Shared verbatim between the runtime library and the generator (netstandard2.0): keep it
// free of newer BCL APIs.
namespace Pipelines.Contracts;

/// <summary>KFP's <c>parameterType</c> enum names, as component and pipeline specs write them.</summary>
internal static class KfpParameterType
{
    public const string String = "STRING";
    public const string Boolean = "BOOLEAN";
    public const string Integer = "NUMBER_INTEGER";
    public const string Double = "NUMBER_DOUBLE";
    public const string List = "LIST";
    public const string Struct = "STRUCT";
    public const string TaskFinalStatus = "TASK_FINAL_STATUS";
    public const string TaskConfig = "TASK_CONFIG";

    /// <summary>The types a CEL condition can compare.</summary>
    public static bool IsScalar(string? parameterType) =>
        parameterType == String || parameterType == Boolean || parameterType == Integer || parameterType == Double;
}
