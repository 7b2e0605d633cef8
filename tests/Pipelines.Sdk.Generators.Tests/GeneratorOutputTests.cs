using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// Generated files compared with checked-in baselines, and compiled together with the user code:
/// compiling against the real runtime library is what proves the contract holds.
/// </summary>
[TestClass]
public sealed class GeneratorOutputTests
{
    [TestMethod]
    public void Churn()
    {
        var result = GeneratorRunner.Run([Samples.Churn], OutputKind.ConsoleApplication);
        CollectionAssert.AreEquivalent(
            new[] { "Churn.StepsTasks.g.cs", "Churn.ChurnPipelineTasks.Pipelines.g.cs", "PipelinesManifest.g.cs", "PipelinesEntryPoint.g.cs" },
            result.HintNames.ToArray());
        result.AssertCompiles();
        Baselines.AssertMatches(result);
    }

    [TestMethod]
    public void ParameterKinds()
    {
        var result = GeneratorRunner.Run([Samples.ParameterKinds], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);
    }

    [TestMethod]
    public void ArtifactKinds()
    {
        var result = GeneratorRunner.Run([Samples.ArtifactKinds], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);
    }

    [TestMethod]
    public void ReturnKinds()
    {
        var result = GeneratorRunner.Run([Samples.ReturnKinds], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);
    }

    [TestMethod]
    public void NamedOutputs()
    {
        var result = GeneratorRunner.Run([Samples.NamedOutputs], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);

        var metadata = ManifestReader.Read(result.Output);
        var train = """{"inputDefinitions":{"parameters":{"rows":{"parameterType":"NUMBER_INTEGER"}}},"method":"Kinds.Named.Steps.Train","name":"train","outputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}},"parameters":{"accuracy":{"parameterType":"NUMBER_DOUBLE"},"labels":{"parameterType":"LIST"},"scalar":{"parameterType":"STRING"}}}}""";
        var measure = """{"inputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}}},"method":"Kinds.Named.Steps.Measure","name":"measure","outputDefinitions":{"parameters":{"best_model":{"parameterType":"STRING"},"checked":{"parameterType":"NUMBER_INTEGER"}}}}""";
        var components = metadata.Where(m => m.Key == "Pipelines.Component").Select(m => m.Value).ToList();
        CollectionAssert.Contains(components, train);
        CollectionAssert.Contains(components, measure);
    }

    [TestMethod]
    public void TaskConfigs()
    {
        var result = GeneratorRunner.Run([Samples.TaskConfigs], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);

        // KFP's compiler: the TaskConfig input is TASK_CONFIG and optional, without a description; taskConfigPassthroughs
        // keep the declared order and omit a false applyToTask.
        var metadata = ManifestReader.Read(result.Output);
        var launch = """{"inputDefinitions":{"parameters":{"config":{"isOptional":true,"parameterType":"TASK_CONFIG"},"image":{"description":"The trainer image.","parameterType":"STRING"},"workers":{"defaultValue":2,"isOptional":true,"parameterType":"NUMBER_INTEGER"}}},"method":"Kinds.Passthrough.Steps.Launch","name":"launch","outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}},"taskConfigPassthroughs":[{"field":"RESOURCES"},{"applyToTask":true,"field":"ENV"},{"applyToTask":true,"field":"KUBERNETES_VOLUMES"}]}""";
        CollectionAssert.AreEqual(new[] { launch }, metadata.Where(m => m.Key == "Pipelines.Component").Select(m => m.Value).ToArray());
        var passthroughs = global::Pipelines.ComponentInfo.Parse(launch).TaskConfigPassthroughs!;
        Assert.HasCount(3, passthroughs);
    }

    [TestMethod]
    public void CollectionDefaults()
    {
        var result = GeneratorRunner.Run([Samples.CollectionDefaults], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);

        var metadata = ManifestReader.Read(result.Output);
        var fit = """{"inputDefinitions":{"parameters":{"config":{"defaultValue":{"learning_rate":0.5,"mode":"Thorough","n_layers":2,"tags":null},"isOptional":true,"parameterType":"STRUCT"},"none":{"isOptional":true,"parameterType":"LIST"},"rates":{"defaultValue":[0.5,1.0],"isOptional":true,"parameterType":"LIST"},"raw":{"defaultValue":[{"x":[1,2.5]},{}],"isOptional":true,"parameterType":"LIST"},"sizes":{"defaultValue":[1,2,3],"isOptional":true,"parameterType":"LIST"},"weights":{"defaultValue":{"A":1.0,"B":2.0},"isOptional":true,"parameterType":"STRUCT"}}},"method":"Kinds.Defaults.Steps.Fit","name":"fit","outputDefinitions":{"parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}""";
        var sweep = """{"inputDefinitions":{"parameters":{"config":{"defaultValue":{"learning_rate":1.0,"mode":"Fast","n_layers":3,"tags":["a"]},"isOptional":true,"parameterType":"STRUCT"},"sizes":{"defaultValue":[1,2,3],"isOptional":true,"parameterType":"LIST"},"weights":{"defaultValue":{"A":1.0,"B":2.0},"isOptional":true,"parameterType":"STRUCT"}}},"name":"sweep"}""";
        CollectionAssert.AreEqual(new[] { fit }, metadata.Where(m => m.Key == "Pipelines.Component").Select(m => m.Value).ToArray());
        CollectionAssert.AreEqual(new[] { sweep }, metadata.Where(m => m.Key == "Pipelines.Pipeline").Select(m => m.Value).ToArray());
    }

    [TestMethod]
    public void Pipelines()
    {
        var result = GeneratorRunner.Run([Samples.Pipelines], OutputKind.ConsoleApplication);
        CollectionAssert.AreEquivalent(new[] { "Kinds.Pipelines.DefinitionsTasks.Pipelines.g.cs", "PipelinesManifest.g.cs", "PipelinesEntryPoint.g.cs" }, result.HintNames.ToArray());
        result.AssertCompiles();
        Baselines.AssertMatches(result);
    }

    [TestMethod]
    public void Naming()
    {
        var result = GeneratorRunner.Run([Samples.Naming], OutputKind.ConsoleApplication);
        CollectionAssert.AreEquivalent(
            new[] { "GlobalStepsTasks.g.cs", "Naming.Inner.HiddenTasks.g.cs", "Naming.Inner.NestedTasks.g.cs", "PipelinesManifest.g.cs", "PipelinesEntryPoint.g.cs" },
            result.HintNames.ToArray());
        result.AssertCompiles();
        Baselines.AssertMatches(result);
    }

    [TestMethod]
    public void Library()
    {
        // A class library (e.g. a shared component library): factories and manifest, no Main.
        var result = GeneratorRunner.Run([Samples.Churn], OutputKind.DynamicallyLinkedLibrary);
        CollectionAssert.AreEquivalent(new[] { "Churn.StepsTasks.g.cs", "Churn.ChurnPipelineTasks.Pipelines.g.cs", "PipelinesManifest.g.cs" }, result.HintNames.ToArray());
        result.AssertCompiles();
    }

    [TestMethod]
    public void EntryPointOptOut()
    {
        var options = ImmutableDictionary<string, string>.Empty.Add("build_property.PipelinesGenerateEntryPoint", "false");
        var result = GeneratorRunner.Run([Samples.OwnMain], OutputKind.ConsoleApplication, options);
        CollectionAssert.AreEquivalent(new[] { "App.ProgramTasks.g.cs", "PipelinesManifest.g.cs" }, result.HintNames.ToArray());
        result.AssertCompiles();
    }

    [TestMethod]
    public void EntryPointOnlyWhereTheProjectAsksForIt()
    {
        var options = ImmutableDictionary<string, string>.Empty.Add("build_property.PipelinesGenerateEntryPoint", "true");
        var result = GeneratorRunner.Run([Samples.Churn], OutputKind.ConsoleApplication, options);
        CollectionAssert.Contains(result.HintNames.ToList(), "PipelinesEntryPoint.g.cs");

        // No property at all: a project that got the generator without the SDK's targets (a test project referencing a
        // pipeline project that takes the SDK as a package), which has a Main of its own.
        var compilation = GeneratorRunner.CreateCompilation([Samples.Churn], OutputKind.ConsoleApplication);
        var run = CSharpGeneratorDriver.Create([new PipelinesGenerator().AsSourceGenerator()], parseOptions: GeneratorRunner.ParseOptions,
            optionsProvider: TestOptionsProvider.Empty).RunGenerators(compilation).GetRunResult().Results[0];
        Assert.IsNull(run.Exception);
        CollectionAssert.DoesNotContain(run.GeneratedSources.Select(g => g.HintName).ToList(), "PipelinesEntryPoint.g.cs");
    }

    [TestMethod]
    public void WithoutRuntimeLibraryNothingIsGenerated()
    {
        var result = GeneratorRunner.Run(["public static class Program { public static void Main() { } }"], OutputKind.ConsoleApplication, referencePipelines: false);
        Assert.IsEmpty(result.Generated);
    }

    [TestMethod]
    public void ManifestCarriesTheContractJson()
    {
        var result = GeneratorRunner.Run([Samples.Churn], OutputKind.ConsoleApplication);
        var metadata = ManifestReader.Read(result.Output);

        var clean = """{"description":"Impute missing features","inputDefinitions":{"artifacts":{"raw":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},"parameters":{"fill_value":{"defaultValue":0.0,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}},"method":"Churn.Steps.Clean","name":"clean","outputDefinitions":{"artifacts":{"cleaned":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},"parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}""";
        var evaluate = """{"inputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}},"parameters":{"note":{"isOptional":true,"parameterType":"STRING"}}},"method":"Churn.Steps.Evaluate","name":"evaluate","outputDefinitions":{"artifacts":{"metrics":{"artifactType":{"schemaTitle":"system.Metrics","schemaVersion":"0.0.1"}}},"parameters":{"accuracy":{"parameterType":"NUMBER_DOUBLE"},"rows":{"parameterType":"NUMBER_INTEGER"}}}}""";
        var pipeline = """{"description":"Trains the churn model","inputDefinitions":{"parameters":{"epochs":{"defaultValue":5,"isOptional":true,"parameterType":"NUMBER_INTEGER"},"source":{"parameterType":"STRING"}}},"name":"churn-training"}""";

        CollectionAssert.AreEqual(new[] { clean, evaluate }, metadata.Where(m => m.Key == "Pipelines.Component").Select(m => m.Value).ToArray());
        CollectionAssert.AreEqual(new[] { pipeline }, metadata.Where(m => m.Key == "Pipelines.Pipeline").Select(m => m.Value).ToArray());
    }

    [TestMethod]
    public void EveryManifestEntryIsSortedJsonTheRuntimeParses()
    {
        foreach (var sample in new[] { Samples.Churn, Samples.ParameterKinds, Samples.ArtifactKinds, Samples.ReturnKinds, Samples.Pipelines, Samples.Naming, Samples.NamedOutputs, Samples.CollectionDefaults, Samples.TaskConfigs })
        {
            var result = GeneratorRunner.Run([sample], OutputKind.ConsoleApplication);
            foreach (var (key, json) in ManifestReader.Read(result.Output))
            {
                var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
                Assert.AreEqual(json, ManifestReader.SortedCompact(node), $"Keys must be sorted ordinally and compact: {json}");
                if (key == "Pipelines.Component")
                    Assert.IsFalse(string.IsNullOrEmpty(global::Pipelines.ComponentInfo.Parse(json).Name));
                else
                    Assert.AreEqual("Pipelines.Pipeline", key);
            }
        }
    }
}
