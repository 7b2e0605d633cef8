namespace Pipelines;

/// <summary>
/// Marks a static method as a container component (KFP's <c>@dsl.container_component</c>): the
/// component runs an image of your choice with a command line, not this program. The method's
/// parameters are its inputs and outputs, as for <see cref="ComponentAttribute"/> (values,
/// <see cref="Input{T}"/>, <see cref="Output{T}"/>, <see cref="OutputParameter{T}"/>); its body
/// returns the <see cref="ContainerSpec"/> built from them, which the compiler evaluates: every
/// input or output used in it becomes KFP's placeholder (<c>{{$.inputs.parameters['x']}}</c>,
/// <c>{{$.outputs.artifacts['y'].path}}</c>, ...). The build writes the component YAML and a typed
/// task factory, and builds no image for it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ContainerComponentAttribute : Attribute
{
    /// <summary>KFP name of the component (kebab-case). Defaults to the method name in kebab-case.</summary>
    public string? Name { get; set; }

    /// <summary>Human-readable description, shown in the KFP UI.</summary>
    public string? Description { get; set; }
}
