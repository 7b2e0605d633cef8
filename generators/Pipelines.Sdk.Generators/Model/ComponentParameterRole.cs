namespace Pipelines.Sdk.Generators
{
    /// <summary>What a component method parameter becomes.</summary>
    internal enum ComponentParameterRole
    {
        InputParameter,
        InputArtifact,
        OutputArtifact,
    }
}
