// Shared verbatim between the runtime library and the generator (netstandard2.0).
namespace Pipelines.Contracts;

/// <summary>
/// The manifest the generator embeds in a user assembly: one
/// <c>[assembly: AssemblyMetadata(key, json)]</c> per component and pipeline, which the build
/// reads back without loading the assembly, and the fields of a component's JSON entry
/// (also embedded in its task factory and parsed by <c>ComponentInfo</c>).
/// </summary>
internal static class ManifestKeys
{
    /// <summary>Attribute key of a component's spec.</summary>
    public const string Component = "Pipelines.Component";

    /// <summary>Attribute key of a pipeline's name, display name, description and inputs.</summary>
    public const string Pipeline = "Pipelines.Pipeline";

    /// <summary>The component's KFP name (kebab-case).</summary>
    public const string Name = "name";

    /// <summary>The fully qualified C# method, for messages.</summary>
    public const string Method = "method";

    public const string Description = "description";

    /// <summary>KFP <c>inputDefinitions</c>, as the component spec writes them.</summary>
    public const string InputDefinitions = "inputDefinitions";

    /// <summary>KFP <c>outputDefinitions</c>, as the component spec writes them.</summary>
    public const string OutputDefinitions = "outputDefinitions";

    /// <summary>A container component's own <c>container</c> (image, command, args with KFP's
    /// placeholders), as the executor carries it; absent for components that run this program.</summary>
    public const string Container = "container";

    /// <summary>KFP <c>taskConfigPassthroughs</c> (<c>[{"field": "RESOURCES", "applyToTask": true}]</c>), as the
    /// component spec writes them; absent when the component lists none.</summary>
    public const string TaskConfigPassthroughs = "taskConfigPassthroughs";
}
