namespace Pipelines.Sdk.Generators
{
    /// <summary>KFP's <c>parameterType</c> enum names (docs/kfp-contract.md#component-interfaces-and-types).</summary>
    internal static class KfpParameterTypes
    {
        public const string String = "STRING";
        public const string Boolean = "BOOLEAN";
        public const string Integer = "NUMBER_INTEGER";
        public const string Double = "NUMBER_DOUBLE";
        public const string List = "LIST";
        public const string Struct = "STRUCT";
        public const string TaskFinalStatus = "TASK_FINAL_STATUS";

        /// <summary>The C# types that travel as parameter values, for diagnostics.</summary>
        public const string SupportedValueTypes =
            "string, bool, int, long, short, byte, sbyte, ushort, uint, double, float, decimal, enums, " +
            "arrays or List/IList/IReadOnlyList/IEnumerable/ICollection/IReadOnlyCollection of these, " +
            "Dictionary/IDictionary/IReadOnlyDictionary with string keys, records/classes/structs with public properties, " +
            "and Nullable<T> of these";

        /// <summary>The artifact parameter forms, for diagnostics.</summary>
        public const string SupportedArtifactTypes =
            "Input<T>/Output<T> of an artifact type (Artifact, Dataset, Model, Metrics, ClassificationMetrics, " +
            "SlicedClassificationMetrics, HTML, Markdown or a subclass), InputList<T> of one, or PipelineTaskFinalStatus";
    }
}
