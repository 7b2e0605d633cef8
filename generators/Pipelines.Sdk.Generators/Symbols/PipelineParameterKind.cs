namespace Pipelines.Sdk.Generators;

/// <summary>What one parameter of a <c>[Pipeline]</c> method is.</summary>
internal enum PipelineParameterKind
{
    /// <summary>Neither PipelineBuilder nor Param&lt;T&gt; of a supported T (PIPE0010).</summary>
    Unsupported,
    /// <summary>ref/out/in or a pointer (PIPE0006).</summary>
    ByRefOrPointer,
    /// <summary>The <c>PipelineBuilder</c>: receives the builder.</summary>
    Builder,
    /// <summary><c>Param&lt;T&gt;</c>: a run parameter.</summary>
    Parameter,
    /// <summary><c>ArtifactRef&lt;X&gt;</c>: an input artifact (when the pipeline is used as a task in another).</summary>
    Artifact,
}
