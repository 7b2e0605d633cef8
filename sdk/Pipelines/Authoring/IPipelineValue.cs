namespace Pipelines;

/// <summary>A value usable in importer metadata: a <see cref="Value{T}"/>.</summary>
internal interface IPipelineValue
{
    ValueSource Source { get; }
    Type ValueType { get; }
}
