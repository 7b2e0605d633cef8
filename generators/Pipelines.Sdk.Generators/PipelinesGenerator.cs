using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Turns <c>[Component]</c> and <c>[Pipeline]</c> methods into task factories
/// (<c>&lt;Class&gt;Tasks.g.cs</c>), a manifest of assembly attributes the build reads
/// (<c>PipelinesManifest.g.cs</c>) and, in executables, the entry point KFP runs
/// (<c>PipelinesEntryPoint.g.cs</c>).
/// </summary>
/// <remarks>
/// Parse (symbols → equatable models) happens once per attributed method; everything after
/// works on models only, so edits that do not change a model stop the pipeline early. The
/// generator skips what it cannot handle (<see cref="ComponentShapeAnalyzer"/> explains why) and
/// reports only its own failures (PIPE0026): it never throws and never drops a component silently.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class PipelinesGenerator : IIncrementalGenerator
{
    private const string EntryPointProperty = "build_property.PipelinesGenerateEntryPoint";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsedComponents = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.ComponentAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ComponentParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.ComponentModels);
        // [ContainerComponent] methods: the same models (with their evaluated container), the same factories and manifest.
        var parsedContainerComponents = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.ContainerComponentAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ContainerComponentParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.ContainerComponentModels);
        var components = parsedComponents
            .Select(static (parsed, _) => parsed.Model)
            .CollectSorted(static c => c.KfpName, static c => c.MethodDisplay)
            .Combine(parsedContainerComponents
                .Select(static (parsed, _) => parsed.Model)
                .CollectSorted(static c => c.KfpName, static c => c.MethodDisplay))
            .Select(static (pair, _) => pair.Right.IsEmpty ? pair.Left : pair.Left.AddRange(pair.Right)
                .OrderBy(static c => c.KfpName, StringComparer.Ordinal)
                .ThenBy(static c => c.MethodDisplay, StringComparer.Ordinal)
                .ToImmutableArray())
            .WithComparer(ImmutableArrayComparer<ComponentModel>.Instance);

        var parsedPipelines = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.PipelineAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => PipelineParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.PipelineModels);
        var pipelines = parsedPipelines
            .Select(static (parsed, _) => parsed.Model)
            .CollectSorted(static p => p.KfpName, static p => p.MethodDisplay);

        // One file per <Class>Tasks: only classes whose components changed are re-emitted.
        var tasksClasses = components
            .SelectMany(static (all, _) => TasksClassGrouper.Group(all))
            .WithTrackingName(TrackingNames.TasksClasses);
        context.RegisterSourceOutput(tasksClasses, static (spc, model) =>
            AddSource(spc, model.HintName, "the task factories of '" + model.ClassName + "'", failures => TasksEmitter.Emit(model, failures)));

        // Pipelines' typed task factories (a pipeline used as a task in another): another part of <Class>Tasks.
        var pipelineTasksClasses = components
            .Combine(pipelines)
            .SelectMany(static (pair, _) => PipelineTasksGrouper.Group(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.PipelineTasksClasses);
        context.RegisterSourceOutput(pipelineTasksClasses, static (spc, model) =>
            AddSource(spc, model.HintName, "the pipeline task factories of '" + model.ClassName + "'", failures => PipelineTasksEmitter.Emit(model, failures)));

        // Imported KFP components (<PipelineComponent Include="x.yaml" />): the build converts each
        // YAML into an AdditionalFiles JSON; they get typed factories only (they run in their own
        // image, never through this assembly's entry point or manifest).
        var parsedImports = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => pair.Right.GetOptions(pair.Left).TryGetValue(ImportedComponentParser.MetadataProperty, out var flag) &&
                string.Equals(flag?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            .Select(static (pair, ct) => ImportedComponentParser.Parse(pair.Left, ct));
        // [ArtifactSchema] classes: an imported input or output of such a class's title (google.VertexModel) is typed as it.
        var schemaClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.ArtifactSchemaAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => ArtifactSchemaClassParser.Parse(ctx))
            .CollectSorted(static c => c.Title, static c => c.TypeName);
        var importedClasses = parsedImports
            .Select(static (parsed, _) => parsed.Model)
            .CollectSorted(static c => c.KfpName, static c => c.MethodDisplay)
            .Combine(schemaClasses)
            .SelectMany(static (pair, _) => TasksClassGrouper.Group(pair.Left.Select(c => ArtifactSchemaClassParser.Apply(c, pair.Right)).ToImmutableArray()));
        context.RegisterSourceOutput(importedClasses, static (spc, model) =>
            AddSource(spc, "Imported." + model.HintName, "the task factories of imported class '" + model.ClassName + "'", failures => TasksEmitter.Emit(model, failures)));

        // A parser that failed (a generator bug) is reported where the method or file is.
        ReportFailures(context, parsedComponents);
        ReportFailures(context, parsedContainerComponents);
        ReportFailures(context, parsedPipelines);
        ReportFailures(context, parsedImports);

        var entryPointModel = components
            .Combine(pipelines)
            .Select(static (pair, _) => new EntryPointModel(
                new EquatableArray<ComponentModel>(pair.Left),
                new EquatableArray<PipelineModel>(pair.Right)))
            .WithTrackingName(TrackingNames.Manifest);
        context.RegisterSourceOutput(entryPointModel, static (spc, model) =>
        {
            if (model.Components.Count + model.Pipelines.Count > 0)
                AddSource(spc, ManifestEmitter.HintName, "the manifest", failures => ManifestEmitter.Emit(model, failures));
        });

        var options = context.CompilationProvider
            .Select(static (compilation, _) => (
                IsExecutable: compilation.Options.OutputKind == OutputKind.ConsoleApplication || compilation.Options.OutputKind == OutputKind.WindowsApplication,
                HasHost: compilation.GetTypeByMetadataName(KnownSymbols.PipelineHostName) is not null))
            .Combine(context.AnalyzerConfigOptionsProvider.Select(static (provider, _) =>
                provider.GlobalOptions.TryGetValue(EntryPointProperty, out var value) &&
                string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase)))
            .Select(static (pair, _) => new EntryPointOptions(pair.Left.IsExecutable, pair.Left.HasHost, pair.Right))
            .WithTrackingName(TrackingNames.EntryPointOptions);
        context.RegisterSourceOutput(entryPointModel.Combine(options), static (spc, pair) =>
        {
            if (pair.Right.ShouldGenerate)
                AddSource(spc, EntryPointEmitter.HintName, "the entry point", failures => EntryPointEmitter.Emit(pair.Left, failures));
        });
    }

    private static void ReportFailures<T>(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<Parsed<T>> parsed) where T : class =>
        context.RegisterSourceOutput(
            parsed.Select(static (p, _) => p.Failure).Where(static f => f is not null),
            static (spc, failure) => spc.ReportDiagnostic(GeneratorDiagnosticDescriptors.Create(failure!)));

    /// <summary>
    /// Adds a generated file. An emitter bug must neither fail the user's compilation (a generator that
    /// throws loses every file it generates) nor pass unnoticed: each component or pipeline the emitter
    /// failed on, or the whole file when it failed outside of one, is reported as PIPE0026.
    /// </summary>
    private static void AddSource(SourceProductionContext context, string hintName, string subject, Func<EmitFailures, string> emit)
    {
        var failures = new EmitFailures();
        try
        {
            var text = emit(failures);
            context.AddSource(hintName, SourceText.From(text, System.Text.Encoding.UTF8));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add(subject + " (" + hintName + ")", e);
        }
        foreach (var failure in failures)
            context.ReportDiagnostic(GeneratorDiagnosticDescriptors.Create(failure));
    }
}
