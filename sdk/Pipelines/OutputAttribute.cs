namespace Pipelines;

/// <summary>
/// Names the output a component's (or pipeline's) single return value becomes:
/// <c>[return: Output("scalar")]</c> declares output <c>scalar</c> instead of KFP's default
/// <c>Output</c>. Tasks expose it as <c>.Outputs.Scalar</c> (and still as <c>.Output</c>).
/// Tuple elements and <see cref="OutputParameter{T}"/> parameters take their names from C#.
/// </summary>
[AttributeUsage(AttributeTargets.ReturnValue, Inherited = false)]
public sealed class OutputAttribute(string name) : Attribute
{
    /// <summary>The KFP output name: letters, digits and '_', starting with a letter or '_'.</summary>
    public string Name { get; } = name;
}
