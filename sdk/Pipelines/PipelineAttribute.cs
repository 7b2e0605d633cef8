namespace Pipelines;

/// <summary>
/// Marks a public static method as a pipeline definition. Its parameters of type
/// <see cref="Param{T}"/> are the pipeline's run parameters; its body calls the generated task
/// factories. The build traces the body and writes <c>pipelines/&lt;name&gt;.yaml</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class PipelineAttribute : Attribute
{
    /// <summary><c>pipelineInfo.name</c>: lowercase letters, digits and '-'. Defaults to the method name in kebab-case.
    /// This is KFP's cache and lineage scope: keep it stable across versions.</summary>
    public string? Name { get; set; }

    /// <summary>Display name in the KFP UI.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Description, shown in the KFP UI; the build appends the project version.</summary>
    public string? Description { get; set; }
}
