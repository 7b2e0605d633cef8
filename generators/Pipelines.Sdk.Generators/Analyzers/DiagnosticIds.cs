namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// Every diagnostic ID of the Pipelines analyzers, in one place. PIPE00xx: the shape of
    /// <c>[Component]</c>/<c>[Pipeline]</c> methods (compile time). PIPE2xxx/PIPE3xxx belong to the
    /// runtime library (executor and pipeline tracing), PIPE1xxx is left to the build.
    /// </summary>
    public static class DiagnosticIds
    {
        public const string MustBeStatic = "PIPE0001";
        public const string MustNotBeGeneric = "PIPE0002";
        public const string MustBeReachable = "PIPE0003";
        public const string UnsupportedParameterType = "PIPE0004";
        public const string UnsupportedReturnType = "PIPE0005";
        public const string ByRefParameter = "PIPE0006";
        public const string DuplicateName = "PIPE0007";
        public const string InvalidName = "PIPE0008";
        public const string InputOutputNameCollision = "PIPE0009";
        public const string InvalidPipelineParameter = "PIPE0010";
        public const string InvalidDefaultValue = "PIPE0011";

        /// <summary>Category of every shape rule.</summary>
        public const string ShapeCategory = "Pipelines.Shape";

        /// <summary>The documentation page of a rule: <c>docs/diagnostics/&lt;ID&gt;.md</c> in the repository.</summary>
        public static string HelpLink(string id) => "https://github.com/pipelines-sdk/pipelines-sdk/blob/main/docs/diagnostics/" + id + ".md";
    }
}
