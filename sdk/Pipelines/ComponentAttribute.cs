namespace Pipelines;

/// <summary>
/// Marks a public static method as a Kubeflow Pipelines component. The build turns it into a
/// component YAML, a container image and a typed task factory (<c>&lt;Class&gt;Tasks.&lt;Method&gt;</c>)
/// for pipeline bodies. Parameters become inputs, <see cref="Output{T}"/> parameters and the
/// return value become outputs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ComponentAttribute : Attribute
{
    /// <summary>KFP name of the component (kebab-case). Defaults to the method name in kebab-case.</summary>
    public string? Name { get; set; }

    /// <summary>Human-readable description, shown in the KFP UI.</summary>
    public string? Description { get; set; }
}
