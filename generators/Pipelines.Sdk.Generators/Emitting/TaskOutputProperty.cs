namespace Pipelines.Sdk.Generators;

/// <summary>
/// One typed property of a generated outputs class: <paramref name="PropertyName"/> of
/// <paramref name="Type"/>, read from the task with <paramref name="Accessor"/>
/// (e.g. <c>ParameterOutput&lt;int&gt;</c>) under the KFP output name <paramref name="KfpName"/>.
/// </summary>
internal sealed record TaskOutputProperty(string PropertyName, string Type, string Accessor, string KfpName)
{
    /// <summary>An output parameter: <c>Value&lt;T&gt;</c>.</summary>
    public static TaskOutputProperty Parameter(string propertyName, string typeName, string kfpName) =>
        new TaskOutputProperty(propertyName, TaskTypesWriter.ValueType(typeName), "ParameterOutput<" + typeName + ">", kfpName);

    /// <summary>An output artifact: <c>ArtifactRef&lt;T&gt;</c>.</summary>
    public static TaskOutputProperty Artifact(string propertyName, string typeName, string kfpName) =>
        new TaskOutputProperty(propertyName, TaskTypesWriter.ArtifactRefType(typeName), "ArtifactOutput<" + typeName + ">", kfpName);

    /// <summary>A list of output artifacts (a pipeline's collected output): <c>ArtifactListRef&lt;T&gt;</c>.</summary>
    public static TaskOutputProperty ArtifactList(string propertyName, string typeName, string kfpName) =>
        new TaskOutputProperty(propertyName, TaskTypesWriter.ArtifactListRefType(typeName), "ArtifactListOutput<" + typeName + ">", kfpName);
}
