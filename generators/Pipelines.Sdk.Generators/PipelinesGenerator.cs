using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// Turns <c>[Component]</c> and <c>[Pipeline]</c> methods into task factories
    /// (<c>&lt;Class&gt;Tasks.g.cs</c>), a manifest of assembly attributes the build reads
    /// (<c>PipelinesManifest.g.cs</c>) and, in executables, the entry point KFP runs
    /// (<c>PipelinesEntryPoint.g.cs</c>).
    /// </summary>
    /// <remarks>
    /// Parse (symbols → equatable models) happens once per attributed method; everything after
    /// works on models only, so edits that do not change a model stop the pipeline early. The
    /// generator never reports diagnostics and skips what it cannot handle;
    /// <see cref="ComponentShapeAnalyzer"/> explains why.
    /// </remarks>
    [Generator(LanguageNames.CSharp)]
    public sealed class PipelinesGenerator : IIncrementalGenerator
    {
        private const string EntryPointProperty = "build_property.PipelinesGenerateEntryPoint";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<ImmutableArray<ComponentModel>> components = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownSymbols.ComponentAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ComponentParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.ComponentModels)
                .CollectSorted(static c => c.KfpName, static c => c.MethodDisplay);

            IncrementalValueProvider<ImmutableArray<PipelineModel>> pipelines = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownSymbols.PipelineAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => PipelineParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.PipelineModels)
                .CollectSorted(static p => p.KfpName, static p => p.MethodDisplay);

            // One file per <Class>Tasks: only classes whose components changed are re-emitted.
            IncrementalValuesProvider<TasksClassModel> tasksClasses = components
                .SelectMany(static (all, _) => TasksClassGrouper.Group(all))
                .WithTrackingName(TrackingNames.TasksClasses);
            context.RegisterSourceOutput(tasksClasses, static (spc, model) =>
                AddSource(spc, model.HintName, () => TasksEmitter.Emit(model)));

            // Pipelines' typed task factories (a pipeline used as a task in another): another part of <Class>Tasks.
            IncrementalValuesProvider<PipelineTasksClassModel> pipelineTasksClasses = components
                .Combine(pipelines)
                .SelectMany(static (pair, _) => PipelineTasksGrouper.Group(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.PipelineTasksClasses);
            context.RegisterSourceOutput(pipelineTasksClasses, static (spc, model) =>
                AddSource(spc, model.HintName, () => PipelineTasksEmitter.Emit(model)));

            // Imported KFP components (<PipelineComponent Include="x.yaml" />): the build converts each
            // YAML into an AdditionalFiles JSON; they get typed factories only (they run in their own
            // image, never through this assembly's entry point or manifest).
            IncrementalValuesProvider<TasksClassModel> importedClasses = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Where(static pair => pair.Right.GetOptions(pair.Left).TryGetValue(ImportedComponentParser.MetadataProperty, out string? flag) &&
                    string.Equals(flag?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                .Select(static (pair, ct) => pair.Left.GetText(ct)?.ToString() is { } text ? ImportedComponentParser.Parse(text) : null)
                .CollectSorted(static c => c.KfpName, static c => c.MethodDisplay)
                .SelectMany(static (all, _) => TasksClassGrouper.Group(all));
            context.RegisterSourceOutput(importedClasses, static (spc, model) =>
                AddSource(spc, "Imported." + model.HintName, () => TasksEmitter.Emit(model)));

            IncrementalValueProvider<EntryPointModel> entryPointModel = components
                .Combine(pipelines)
                .Select(static (pair, _) => new EntryPointModel(
                    new EquatableArray<ComponentModel>(pair.Left),
                    new EquatableArray<PipelineModel>(pair.Right)))
                .WithTrackingName(TrackingNames.Manifest);
            context.RegisterSourceOutput(entryPointModel, static (spc, model) =>
            {
                if (model.Components.Count + model.Pipelines.Count > 0)
                    AddSource(spc, ManifestEmitter.HintName, () => ManifestEmitter.Emit(model));
            });

            IncrementalValueProvider<EntryPointOptions> options = context.CompilationProvider
                .Select(static (compilation, _) => (
                    IsExecutable: compilation.Options.OutputKind == OutputKind.ConsoleApplication || compilation.Options.OutputKind == OutputKind.WindowsApplication,
                    HasHost: compilation.GetTypeByMetadataName(KnownSymbols.PipelineHostName) is not null))
                .Combine(context.AnalyzerConfigOptionsProvider.Select(static (provider, _) =>
                    provider.GlobalOptions.TryGetValue(EntryPointProperty, out string? value) &&
                    string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase)))
                .Select(static (pair, _) => new EntryPointOptions(pair.Left.IsExecutable, pair.Left.HasHost, pair.Right))
                .WithTrackingName(TrackingNames.EntryPointOptions);
            context.RegisterSourceOutput(entryPointModel.Combine(options), static (spc, pair) =>
            {
                if (pair.Right.ShouldGenerate)
                    AddSource(spc, EntryPointEmitter.HintName, () => EntryPointEmitter.Emit(pair.Left));
            });
        }

        /// <summary>Adds a generated file; an emitter bug must never fail the user's compilation.</summary>
        private static void AddSource(SourceProductionContext context, string hintName, Func<string> emit)
        {
            string text;
            try
            {
                text = emit();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return;
            }
            context.AddSource(hintName, SourceText.From(text, System.Text.Encoding.UTF8));
        }
    }
}
