namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// One typed property of a generated outputs class: <paramref name="PropertyName"/> of
    /// <paramref name="Type"/>, read from the task with <paramref name="Accessor"/>
    /// (e.g. <c>ParameterOutput&lt;int&gt;</c>) under the KFP output name <paramref name="KfpName"/>.
    /// </summary>
    internal sealed record TaskOutputProperty(string PropertyName, string Type, string Accessor, string KfpName);
}
