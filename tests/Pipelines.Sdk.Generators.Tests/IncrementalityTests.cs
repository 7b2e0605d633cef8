using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// The generator's models must be equatable and free of compiler objects, so that edits which
/// do not change a component or pipeline stop the pipeline at the model (STJ generator's tests).
/// </summary>
[TestClass]
public sealed class IncrementalityTests
{
    private static readonly string[] s_modelSteps =
        [TrackingNames.ComponentModels, TrackingNames.PipelineModels, TrackingNames.TasksClasses, TrackingNames.PipelineTasksClasses, TrackingNames.Manifest, TrackingNames.EntryPointOptions];

    [TestMethod]
    public void AddingAnUnrelatedFileRegeneratesNothing()
    {
        var compilation = GeneratorRunner.CreateCompilation([Samples.Churn], OutputKind.ConsoleApplication);
        var driver = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Churn; public static class Unrelated { public static int Twice(int x) => 2 * x; }", GeneratorRunner.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertAllCachedOrUnchanged(result);
    }

    [TestMethod]
    public void EditingAComponentBodyRegeneratesNothing()
    {
        var compilation = GeneratorRunner.CreateCompilation([Samples.Churn], OutputKind.ConsoleApplication);
        var driver = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var newTree = tree.WithChangedText(tree.GetText().Replace(Samples.Churn.IndexOf("return 42;", StringComparison.Ordinal), "return 42;".Length, "return 7 * 6;"));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, newTree)).GetRunResult().Results[0];

        AssertAllCachedOrUnchanged(result);
    }

    [TestMethod]
    public void ChangingASignatureRegeneratesOnlyWhatChanged()
    {
        const string Other = """
            using Pipelines;
            namespace Other;
            public static class Tools { [Component] public static void Touch(string path) { } }
            """;
        var compilation = GeneratorRunner.CreateCompilation([Samples.Churn, Other], OutputKind.ConsoleApplication);
        var driver = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.First();
        var newTree = tree.WithChangedText(tree.GetText().Replace(Samples.Churn.IndexOf("double fillValue = 0.0", StringComparison.Ordinal), "double fillValue = 0.0".Length, "double fillValue = 1.5"));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, newTree)).GetRunResult().Results[0];

        var reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        CollectionAssert.Contains(reasons, IncrementalStepRunReason.Modified, "The changed default must regenerate something.");
        var tasks = result.TrackedSteps[TrackingNames.TasksClasses].SelectMany(s => s.Outputs).ToList();
        Assert.AreEqual(1, tasks.Count(o => o.Reason == IncrementalStepRunReason.Modified), "Only Churn.StepsTasks changes.");
        Assert.AreEqual(1, tasks.Count(o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached), "Other.ToolsTasks stays.");
        StringAssert.Contains(result.GeneratedSources.Single(s => s.HintName == "Churn.StepsTasks.g.cs").SourceText.ToString(), "\\\"defaultValue\\\":1.5");
    }

    [TestMethod]
    public void ContainerComponentsRegenerateOnlyWhenTheirContainerChanges()
    {
        var compilation = GeneratorRunner.CreateCompilation([Samples.ContainerComponents], OutputKind.ConsoleApplication);
        var driver = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Kinds.Containers; public static class Unrelated { public static int Twice(int x) => 2 * x; }", GeneratorRunner.ParseOptions));
        var same = driver.RunGenerators(unrelated).GetRunResult().Results[0];
        // (No [Component] here, so not every step of s_modelSteps runs: check the ones that do.)
        Assert.IsTrue(same.TrackedSteps.ContainsKey(TrackingNames.ContainerComponentModels));
        var ours = s_modelSteps.Append(TrackingNames.ContainerComponentModels).Where(same.TrackedSteps.ContainsKey).Select(n => KeyValuePair.Create(n, same.TrackedSteps[n]));
        foreach (var (step, runs) in ours.Concat(same.TrackedOutputSteps))
        {
            foreach (var output in runs.SelectMany(r => r.Outputs))
                Assert.IsTrue(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Step '{step}' was {output.Reason}.");
        }

        // The body is the container: editing a command-line element must reach the spec.
        var tree = compilation.SyntaxTrees.Single();
        var at = Samples.ContainerComponents.IndexOf("\"python:3.7\", [\"my_program\"", StringComparison.Ordinal);
        var newTree = tree.WithChangedText(tree.GetText().Replace(at, "\"python:3.7\", [\"my_program\"".Length, "\"python:3.7\", [\"their_program\""));
        var changed = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, newTree)).GetRunResult().Results[0];
        Assert.AreEqual(1, changed.TrackedSteps[TrackingNames.ContainerComponentModels].SelectMany(s => s.Outputs).Count(o => o.Reason == IncrementalStepRunReason.Modified),
            "only the edited container component's model changes");
        StringAssert.Contains(changed.GeneratedSources.Single(s => s.HintName == "PipelinesManifest.g.cs").SourceText.ToString(), "their_program");
    }

    [TestMethod]
    public void EquivalentSourcesGiveEqualModels()
    {
        var first = Models(GeneratorRunner.CreateCompilation([Samples.Churn], OutputKind.ConsoleApplication));
        var second = Models(GeneratorRunner.CreateCompilation([Samples.Churn], OutputKind.ConsoleApplication));
        Assert.IsNotEmpty(first);
        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreEqual(first.Select(m => m.GetHashCode()).ToList(), second.Select(m => m.GetHashCode()).ToList());
    }

    [TestMethod]
    public void ModelTypesHoldNoCompilerObjects()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel) };
        var visited = new HashSet<Type>();
        foreach (var root in new[] { typeof(Parsed<ComponentModel>), typeof(Parsed<PipelineModel>), typeof(TasksClassModel), typeof(PipelineTasksClassModel), typeof(EntryPointModel), typeof(EntryPointOptions) })
            Walk(root);

        void Walk(Type type)
        {
            if (!visited.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string)) return;
            if (Nullable.GetUnderlyingType(type) is { } underlying) { Walk(underlying); return; }
            foreach (var bad in forbidden)
                Assert.IsFalse(bad.IsAssignableFrom(type), $"{type} is a {bad.Name}: models must not capture compiler objects.");
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
            {
                Walk(type.GetGenericArguments()[0]);
                return;
            }
            Assert.AreEqual(typeof(PipelinesGenerator).Assembly, type.Assembly, $"{type} is not a model type; use strings, primitives or EquatableArray<T>.");
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Assert.IsTrue(field.IsInitOnly, $"{type}.{field.Name} must be readonly: models are immutable.");
                Walk(field.FieldType);
            }
        }
    }

    [TestMethod]
    public void ModelValuesHoldNoCompilerObjects()
    {
        foreach (var model in Models(GeneratorRunner.CreateCompilation([Samples.Churn, Samples.Pipelines], OutputKind.ConsoleApplication)))
            WalkValue(model, depth: 0);

        static void WalkValue(object? value, int depth)
        {
            Assert.IsLessThan(20, depth, "Model graph too deep (a cycle?).");
            switch (value)
            {
                case null or string or bool or int or Enum:
                    return;
                case ISymbol or Compilation or SyntaxNode or SyntaxTree or Location or SemanticModel:
                    Assert.Fail($"A model holds a {value.GetType().Name}.");
                    return;
                case IEnumerable items:
                    foreach (var item in items) WalkValue(item, depth + 1);
                    return;
            }
            foreach (var property in value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
                    WalkValue(property.GetValue(value), depth + 1);
            }
        }
    }

    private static List<object> Models(Compilation compilation)
    {
        var result = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results[0];
        return result.TrackedSteps[TrackingNames.ComponentModels]
            .Concat(result.TrackedSteps.TryGetValue(TrackingNames.PipelineModels, out var p) ? p : [])
            .SelectMany(s => s.Outputs)
            .Select(o => o.Value)
            .ToList();
    }

    private static void AssertAllCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (var step in s_modelSteps)
        {
            Assert.IsTrue(result.TrackedSteps.ContainsKey(step), $"No tracked step '{step}'.");
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.IsTrue(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step '{step}' output {output.Value} was {output.Reason}.");
            }
        }
        foreach (var (name, steps) in result.TrackedOutputSteps)
        {
            foreach (var output in steps.SelectMany(s => s.Outputs))
            {
                Assert.IsTrue(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Output step '{name}' was {output.Reason}.");
            }
        }
    }
}
