namespace Pipelines.Sdk.Generators;

/// <summary>
/// One input of a generated task factory: the C# parameter (<paramref name="Name"/> of
/// <paramref name="Type"/>, defaulting to null when <paramref name="IsOptional"/>) and the KFP
/// input it binds to, as an artifact or a parameter.
/// </summary>
internal sealed record TaskFactoryInput(string Name, string Type, bool IsOptional, string KfpName, bool IsArtifact);
