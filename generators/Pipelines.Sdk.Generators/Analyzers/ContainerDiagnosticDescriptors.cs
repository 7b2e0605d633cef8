using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>The descriptors of <see cref="ContainerComponentAnalyzer"/>: a container component's body must compile to KFP's container.</summary>
internal static class ContainerDiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor BodyNotEvaluable = Create(
        DiagnosticIds.ContainerBodyNotEvaluable,
        "A container component must return the ContainerSpec it builds",
        "Container component '{0}' cannot be compiled: {1}");

    public static readonly DiagnosticDescriptor ImageNotConstant = Create(
        DiagnosticIds.ContainerImageNotConstant,
        "The image of a container component must be a constant",
        "The image '{1}' of container component '{0}' is not a non-empty constant string: {2}");

    public static readonly DiagnosticDescriptor ArgumentNotEvaluable = Create(
        DiagnosticIds.ContainerArgumentNotEvaluable,
        "A container component's command and args must compile to constants and placeholders",
        "'{1}' in container component '{0}' cannot be written into KFP's container: {2}");

    public static readonly DiagnosticDescriptor IfPresentNotAnInput = Create(
        DiagnosticIds.IfPresentNotAnInput,
        "IfPresent must test an input of the container component",
        "IfPresent in container component '{0}' tests '{1}', which is not an input of the component: {2}");

    public static readonly DiagnosticDescriptor ListIfPresentInConcat = Create(
        DiagnosticIds.ListIfPresentInConcat,
        "IfPresent with lists cannot be part of one argument",
        "'{1}' in container component '{0}' is an IfPresent whose then/else are lists, inside Concat or another single slot: KFP allows only single elements there; use IfPresent(input, then: x, @else: y)");

    public static readonly DiagnosticDescriptor ComponentAndContainerComponent = Create(
        DiagnosticIds.ComponentAndContainerComponent,
        "A method is either a component or a container component",
        "Method '{0}' is marked both [Component] and [ContainerComponent]: a [Component] runs the method in this program's image, a [ContainerComponent] runs the ContainerSpec it returns; keep one");

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        BodyNotEvaluable, ImageNotConstant, ArgumentNotEvaluable, IfPresentNotAnInput, ListIfPresentInConcat, ComponentAndContainerComponent);

    private static DiagnosticDescriptor Create(string id, string title, string message) => new DiagnosticDescriptor(
        id, title, message, DiagnosticIds.ShapeCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(id));
}
