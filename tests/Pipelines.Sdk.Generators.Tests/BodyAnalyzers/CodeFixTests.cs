using Microsoft.CodeAnalysis.Testing;
using Pipelines.Sdk.CodeFixes;
using D = Pipelines.Sdk.Generators.BodyDiagnosticDescriptors;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>Each code fix produces code that compiles (the harness compiles the fixed state), and is not offered when the rewrite is unclear.</summary>
[TestClass]
public sealed class CodeFixTests
{
    private const string Components = """
        namespace Churn;
        public static class Steps
        {
            [Component] public static void Generate(Output<Dataset> raw, int rows = 100) { }
            [Component] public static int Clean(Input<Dataset> raw, Output<Dataset> cleaned, double fillValue = 0) => 1;
            [Component] public static void Train(Input<Dataset> data, Output<Model> model, int epochs = 5) { }
            [Component] public static void Mix(string? note, Input<Dataset> data) { } // factory: Mix(data, note = null)
        }

        """;

    private static DiagnosticResult PipelineCall(int location, string component) =>
        BodyVerifier<ComponentCallAnalyzer>.Diagnostic(D.PipelineCallsComponent).WithLocation(location)
            .WithArguments("Define", "Churn.Steps." + component, "StepsTasks." + component);

    [TestMethod]
    public Task PIPE0016_RewritesToTaskFactory() => BodyVerifier<ComponentCallAnalyzer>.VerifyFixAsync<PipelineCallCodeFixProvider>(Components + """
        public static class Pipe
        {
            [Pipeline]
            public static void Define(PipelineBuilder p, Param<int> epochs, Param<int> rows, Param<string> note)
            {
                var data = StepsTasks.Generate(rows: rows);
                var clean = {|#0:Steps.Clean({|CS1503:data.Outputs.Raw|}, null, 0.5)|};
                {|#1:Steps.Train({|CS1503:data.Outputs.Raw|}, null, epochs: {|CS1503:epochs|})|};
                {|#2:Steps.Mix({|CS1503:note|}, {|CS1503:data.Outputs.Raw|})|};
            }
        }
        """, Components + """
        public static class Pipe
        {
            [Pipeline]
            public static void Define(PipelineBuilder p, Param<int> epochs, Param<int> rows, Param<string> note)
            {
                var data = StepsTasks.Generate(rows: rows);
                var clean = StepsTasks.Clean(data.Outputs.Raw, 0.5);
                StepsTasks.Train(data.Outputs.Raw, epochs: epochs);
                StepsTasks.Mix(note: note, data: data.Outputs.Raw);
            }
        }
        """, [PipelineCall(0, "Clean"), PipelineCall(1, "Train"), PipelineCall(2, "Mix")], withTaskFactories: true);

    [TestMethod]
    public Task PIPE0016_NoFixWhenArgumentsDoNotMap()
    {
        // Input<T> objects are not task outputs: the factory call would not compile, so no fix.
        const string source = Components + """
            public static class Pipe
            {
                [Pipeline]
                public static void Define(PipelineBuilder p)
                {
                    {|#0:Steps.Clean(new Input<Dataset>("a.csv"), new Output<Dataset>("b.csv"))|};
                }
            }
            """;
        return BodyVerifier<ComponentCallAnalyzer>.VerifyFixAsync<PipelineCallCodeFixProvider>(source, source, [PipelineCall(0, "Clean")], withTaskFactories: true);
    }

    /// <summary>The factory returns a task, not the component's value: where that value is needed (here a lambda
    /// converted to <c>Func&lt;int&gt;</c>) the rewrite would not compile (CS0029), so no fix.</summary>
    [TestMethod]
    public Task PIPE0016_NoFixWhereTheValueIsNeeded()
    {
        const string source = Components + """
            public static class Pipe
            {
                [Pipeline]
                public static void Define(PipelineBuilder p)
                {
                    var data = StepsTasks.Generate();
                    var rows = (Func<int>)(() => {|#0:Steps.Clean({|CS1503:data.Outputs.Raw|}, null)|});
                    int count = {|#1:Steps.Clean({|CS1503:data.Outputs.Raw|}, null)|};
                }
            }
            """;
        return BodyVerifier<ComponentCallAnalyzer>.VerifyFixAsync<PipelineCallCodeFixProvider>(source, source,
            [PipelineCall(0, "Clean"), PipelineCall(1, "Clean")], withTaskFactories: true);
    }

    private static DiagnosticResult Unseeded(int location, string component, string what = "'new Random()' without a seed") =>
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.UnseededRandom).WithLocation(location).WithArguments(component, what);

    [TestMethod]
    public Task PIPE0019_AddsSeedParameter() => BodyVerifier<DeterminismAnalyzer>.VerifyFixAsync<SeedRandomCodeFixProvider>("""
        public static class Steps
        {
            [Component]
            public static int Sample(Output<Dataset> data, int rows)
            {
                var random = {|#0:new Random()|};
                return random.Next(rows);
            }

            [Component]
            public static int Existing(int rows, int seed = 7)
            {
                Random random = {|#1:new()|};
                Func<int> next = () => {|#2:new Random()|}.Next(rows);
                return random.Next(rows) + next();
            }
        }
        """, """
        public static class Steps
        {
            [Component]
            public static int Sample(Output<Dataset> data, int rows, int seed = 42)
            {
                var random = new Random(seed);
                return random.Next(rows);
            }

            [Component]
            public static int Existing(int rows, int seed = 7)
            {
                Random random = new(seed);
                Func<int> next = () => new Random(seed).Next(rows);
                return random.Next(rows) + next();
            }
        }
        """, [Unseeded(0, "Sample"), Unseeded(1, "Existing"), Unseeded(2, "Existing")], withTaskFactories: true);

    /// <summary>An optional parameter cannot follow a params array (CS0231): the seed goes before it.</summary>
    [TestMethod]
    public Task PIPE0019_AddsSeedBeforeParams() => BodyVerifier<DeterminismAnalyzer>.VerifyFixAsync<SeedRandomCodeFixProvider>("""
        public static class Steps
        {
            [Component]
            public static int Sum(int rows, params int[] values) => {|#0:new Random()|}.Next(rows) + values.Length;
        }
        """, """
        public static class Steps
        {
            [Component]
            public static int Sum(int rows, int seed = 42, params int[] values) => new Random(seed).Next(rows) + values.Length;
        }
        """, [Unseeded(0, "Sum")]);

    [TestMethod]
    public Task PIPE0019_NoFixWhenUnclear()
    {
        const string source = """
            public static class Steps
            {
                [Component]
                public static int Named(string seed) => {|#0:new Random()|}.Next() + seed.Length;

                [Component]
                public static int Shared() => {|#1:Random.Shared|}.Next();

                [Component]
                public static int InStatic(int rows)
                {
                    return Next(rows);
                    static int Next(int r) => {|#2:new Random()|}.Next(r);
                }

                [Component]
                public static int LocalSeed(int rows)
                {
                    var r = {|#3:new Random()|}.Next(rows);
                    for (int seed = 0; seed < 2; seed++) r += seed;
                    return r;
                }
            }
            """;
        return BodyVerifier<DeterminismAnalyzer>.VerifyFixAsync<SeedRandomCodeFixProvider>(source, source,
            [Unseeded(0, "Named"), Unseeded(1, "Shared", "'Random.Shared'"), Unseeded(2, "InStatic"), Unseeded(3, "LocalSeed")]);
    }
}
