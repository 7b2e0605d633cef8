using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// The types the generator and the analyzer recognise, resolved once per compilation.
/// Any of them may be null when the compilation does not reference the Pipelines library.
/// </summary>
internal sealed class KnownSymbols
{
    public const string ComponentAttributeName = "Pipelines.ComponentAttribute";
    public const string PipelineAttributeName = "Pipelines.PipelineAttribute";
    public const string ContainerComponentAttributeName = "Pipelines.ContainerComponentAttribute";
    public const string DefaultAttributeName = "Pipelines.DefaultAttribute";
    public const string OutputAttributeName = "Pipelines.OutputAttribute";
    public const string ArtifactSchemaAttributeName = "Pipelines.ArtifactSchemaAttribute";
    public const string PipelineHostName = "Pipelines.PipelineHost";

    /// <summary>The artifact classes whose names KFP knows as <c>system.&lt;Name&gt;</c>.</summary>
    private static readonly string[] s_knownArtifactNames =
    {
        "Artifact", "Dataset", "Model", "Metrics", "ClassificationMetrics", "SlicedClassificationMetrics", "HTML", "Markdown",
    };

    private KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
        ComponentAttribute = compilation.GetTypeByMetadataName(ComponentAttributeName);
        PipelineAttribute = compilation.GetTypeByMetadataName(PipelineAttributeName);
        ContainerComponentAttribute = compilation.GetTypeByMetadataName(ContainerComponentAttributeName);
        ContainerSpec = compilation.GetTypeByMetadataName("Pipelines.ContainerSpec");
        ContainerArg = compilation.GetTypeByMetadataName("Pipelines.ContainerArg");
        DefaultAttribute = compilation.GetTypeByMetadataName(DefaultAttributeName);
        Artifact = compilation.GetTypeByMetadataName("Pipelines.Artifact");
        Input = compilation.GetTypeByMetadataName("Pipelines.Input`1");
        Output = compilation.GetTypeByMetadataName("Pipelines.Output`1");
        OutputParameter = compilation.GetTypeByMetadataName("Pipelines.OutputParameter`1");
        OutputAttribute = compilation.GetTypeByMetadataName(OutputAttributeName);
        ArtifactSchemaAttribute = compilation.GetTypeByMetadataName(ArtifactSchemaAttributeName);
        InputList = compilation.GetTypeByMetadataName("Pipelines.InputList`1");
        PipelineTaskFinalStatus = compilation.GetTypeByMetadataName("Pipelines.PipelineTaskFinalStatus");
        TaskConfig = compilation.GetTypeByMetadataName("Pipelines.TaskConfig");
        TaskConfigPassthroughAttribute = compilation.GetTypeByMetadataName("Pipelines.TaskConfigPassthroughAttribute");
        Value = compilation.GetTypeByMetadataName("Pipelines.Value`1");
        ArtifactRef = compilation.GetTypeByMetadataName("Pipelines.ArtifactRef`1");
        ArtifactListRef = compilation.GetTypeByMetadataName("Pipelines.ArtifactListRef`1");
        Param = compilation.GetTypeByMetadataName("Pipelines.Param`1");
        PipelineBuilder = compilation.GetTypeByMetadataName("Pipelines.PipelineBuilder");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");

        var titles = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var name in s_knownArtifactNames)
        {
            if (compilation.GetTypeByMetadataName("Pipelines." + name) is { } type) titles[type] = "system." + name;
        }
        ArtifactSchemaTitles = titles;
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol? ComponentAttribute { get; }
    public INamedTypeSymbol? PipelineAttribute { get; }
    /// <summary><c>[ContainerComponent]</c>: a component that runs the <c>ContainerSpec</c> its body returns.</summary>
    public INamedTypeSymbol? ContainerComponentAttribute { get; }
    public INamedTypeSymbol? ContainerSpec { get; }
    /// <summary>An element of a container's command or args; its static methods are KFP's IfPresent and Concat.</summary>
    public INamedTypeSymbol? ContainerArg { get; }
    public INamedTypeSymbol? DefaultAttribute { get; }
    public INamedTypeSymbol? Artifact { get; }
    public INamedTypeSymbol? Input { get; }
    public INamedTypeSymbol? Output { get; }
    /// <summary><c>OutputParameter&lt;T&gt;</c>: an output parameter named after the C# parameter.</summary>
    public INamedTypeSymbol? OutputParameter { get; }
    /// <summary><c>[return: Output("name")]</c>: the name of a single return value's output.</summary>
    public INamedTypeSymbol? OutputAttribute { get; }
    /// <summary><c>[ArtifactSchema("google.VertexModel")]</c>: the KFP artifact type of an artifact class.</summary>
    public INamedTypeSymbol? ArtifactSchemaAttribute { get; }
    /// <summary><c>InputList&lt;X&gt;</c>: a list of input artifacts (<c>isArtifactList</c>).</summary>
    public INamedTypeSymbol? InputList { get; }
    /// <summary>The exit-task parameter KFP fills in (<c>TASK_FINAL_STATUS</c>).</summary>
    public INamedTypeSymbol? PipelineTaskFinalStatus { get; }
    /// <summary>The task's runtime configuration KFP's driver fills in (<c>TASK_CONFIG</c>).</summary>
    public INamedTypeSymbol? TaskConfig { get; }
    /// <summary><c>[TaskConfigPassthrough(field, ApplyToTask = ...)]</c>: one entry of <c>taskConfigPassthroughs</c>.</summary>
    public INamedTypeSymbol? TaskConfigPassthroughAttribute { get; }
    public INamedTypeSymbol? Value { get; }
    public INamedTypeSymbol? ArtifactRef { get; }
    public INamedTypeSymbol? ArtifactListRef { get; }
    public INamedTypeSymbol? Param { get; }
    public INamedTypeSymbol? PipelineBuilder { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary>Each known artifact class and its KFP schema title.</summary>
    public IReadOnlyDictionary<INamedTypeSymbol, string> ArtifactSchemaTitles { get; }

    /// <summary>The assembly that defines the attributes (its own types are never STRUCT parameters).</summary>
    public IAssemblySymbol? PipelinesAssembly => ComponentAttribute?.ContainingAssembly;

    /// <summary>The known symbols of <paramref name="compilation"/>, looked up once: every component and pipeline of a
    /// compilation asks (about thirty type lookups each, a quarter of the generator's time at 500 components).</summary>
    public static KnownSymbols Create(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new KnownSymbols(c));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, KnownSymbols> s_byCompilation = new();

    public static bool Is(ISymbol? symbol, ISymbol? known) =>
        symbol is not null && known is not null && SymbolEqualityComparer.Default.Equals(symbol, known);

    /// <summary>True when <paramref name="symbol"/> carries an attribute of class <paramref name="attributeClass"/>.</summary>
    public static bool Has(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, attributeClass)) return true;
        }
        return false;
    }
}
