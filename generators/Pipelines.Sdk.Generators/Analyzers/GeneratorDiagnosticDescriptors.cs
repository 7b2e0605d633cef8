using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// The only diagnostic <see cref="PipelinesGenerator"/> reports itself: everything the user can get
/// wrong is an analyzer's job, but when the generator has a bug it must neither throw (the compiler
/// would drop every generated file) nor skip silently (a component would have no spec or factory).
/// </summary>
internal static class GeneratorDiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor GeneratorFailed = new DiagnosticDescriptor(
        DiagnosticIds.GeneratorFailed,
        "The Pipelines generator failed on a component or pipeline",
        "The Pipelines generator failed on {0}, so its code was not generated (the rest was): {1}; this is a bug in Pipelines.Sdk, please report it with this message",
        DiagnosticIds.GeneratorCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.GeneratorFailed));

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(GeneratorFailed);

    public static Diagnostic Create(GeneratorFailure failure) =>
        Diagnostic.Create(GeneratorFailed, failure.Where?.ToLocation() ?? Location.None, failure.Subject, failure.Error);
}
