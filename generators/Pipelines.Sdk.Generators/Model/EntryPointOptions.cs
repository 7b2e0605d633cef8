namespace Pipelines.Sdk.Generators;

/// <summary>Whether to generate <c>Main</c>: an executable that references the runtime library, in a project that asks
/// for it with <c>PipelinesGenerateEntryPoint=true</c> (the SDK's targets default it to true). Asked, not assumed: NuGet
/// hands a package's analyzers to every project that references the package's project, so a test project referencing
/// a pipeline project that takes the SDK as a package runs this generator too, without the SDK's targets, and must
/// keep its own <c>Main</c>.</summary>
internal sealed record EntryPointOptions(bool IsExecutable, bool HasHost, bool Requested)
{
    public bool ShouldGenerate => IsExecutable && HasHost && Requested;
}
