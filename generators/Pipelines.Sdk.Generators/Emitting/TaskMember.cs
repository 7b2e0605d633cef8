using System.Collections.Generic;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Everything <see cref="TaskTypesWriter.WriteMember"/> needs to write one component or pipeline
/// into <c>&lt;Class&gt;Tasks</c>: the spec field, the typed factory, the task class
/// (<c>&lt;Method&gt;Task</c>) and its outputs class (<c>&lt;Method&gt;Outputs</c>).
/// </summary>
/// <param name="SpecField">The field holding the spec (<c>ComponentInfo</c> or <c>PipelineRegistration</c>) the factory passes to <paramref name="AddMethod"/>.</param>
/// <param name="Inputs">The factory's inputs in declaration order (the order they are bound in).</param>
/// <param name="SignatureOrder">The same inputs in the order the factory's signature lists them.</param>
/// <param name="Shortcut">The single (non-tuple) output, also exposed on the task itself; null otherwise.</param>
/// <param name="Obsolete">The method's <c>[Obsolete]</c> as C#, carried by the factory; null when not obsolete.</param>
/// <param name="SpecAttribute">An attribute line written above the spec field; null for none.</param>
internal sealed record TaskMember(
    string Access,
    string MethodName,
    string SpecSummary,
    string SpecType,
    string SpecField,
    string SpecInitializer,
    string FactorySummary,
    string AddMethod,
    IReadOnlyList<TaskFactoryInput> Inputs,
    IEnumerable<TaskFactoryInput> SignatureOrder,
    string TaskSummary,
    TaskOutputProperty? Shortcut,
    string OutputsSummary,
    IReadOnlyList<TaskOutputProperty> Outputs,
    string? Obsolete = null,
    string? SpecAttribute = null);
