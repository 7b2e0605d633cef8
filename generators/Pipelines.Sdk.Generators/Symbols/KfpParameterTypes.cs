namespace Pipelines.Sdk.Generators;

/// <summary>The C# forms KFP can carry, as diagnostics list them (the rules themselves:
/// <see cref="Pipelines.Contracts.KfpParameterTypeRules{TType}"/>).</summary>
internal static class KfpParameterTypes
{
    /// <summary>The C# types that travel as parameter values, for diagnostics.</summary>
    public const string SupportedValueTypes =
        "string, bool, int, long, short, byte, sbyte, ushort, uint, double, float, decimal, enums, " +
        "arrays or List/IList/IReadOnlyList/IEnumerable/ICollection/IReadOnlyCollection of these, " +
        "Dictionary/IDictionary/IReadOnlyDictionary with string keys, records/classes/structs with public properties, " +
        "JsonArray/JsonObject, and Nullable<T> of these";

    /// <summary>The artifact parameter forms, for diagnostics.</summary>
    public const string SupportedArtifactTypes =
        "Input<T>/Output<T> of an artifact type (Artifact, Dataset, Model, Metrics, ClassificationMetrics, " +
        "SlicedClassificationMetrics, HTML, Markdown or a subclass), InputList<T> of one, OutputParameter<T> of a value type above, or PipelineTaskFinalStatus";
}
