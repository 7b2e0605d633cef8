namespace Pipelines.Sdk.Generators;

/// <summary>Whether to generate <c>Main</c>: an executable that references the runtime library
/// and has not opted out with <c>PipelinesGenerateEntryPoint=false</c>.</summary>
internal sealed record EntryPointOptions(bool IsExecutable, bool HasHost, bool OptedOut)
{
    public bool ShouldGenerate => IsExecutable && HasHost && !OptedOut;
}
