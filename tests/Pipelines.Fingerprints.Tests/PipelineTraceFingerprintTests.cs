namespace Pipelines.Fingerprints.Tests;

/// <summary>
/// The fingerprint of what tracing the pipelines can run: it must change with every edit that can change a traced
/// pipeline (a stale pipeline YAML is the worst outcome), and it stays put for edits only component bodies reach, which
/// is what lets the build skip the trace after a change in one component.
/// </summary>
[TestClass]
public sealed class PipelineTraceFingerprintTests
{
    private const string App = """
        using Pipelines;
        using Helpers;

        namespace App;

        public static class Steps
        {
            [Component] public static int Add(int x) => x + 1 /*BODY*/;
            [Component] public static int Scale(int x) => Numbers.Scale(x) /*SCALE*/;
            [Component] public static int Shift(int x /*SIGNATURE*/) => Body(x);
            private static int Body(int x) => x - 2 /*PRIVATE*/;
        }

        public static class Flows
        {
            [Pipeline(Name = "flow")]
            public static void Flow(PipelineBuilder p, Param<int> start)
            {
                var a = StepsTasks.Add(x: start);
                var b = StepsTasks.Scale(x: a.Output);
                for (int i = 0; i < Numbers.Repeats /*REPEATS*/; i++) StepsTasks.Shift(x: b.Output);
                Naming.Apply(a) /*NAMING*/;
            }
        }

        public static class Naming
        {
            public static void Apply(PipelineTask task) => task.WithNodeSelector("pool", "add one" /*DISPLAY*/);
        }
        """;

    private const string Helpers = """
        namespace Helpers;

        public static class Numbers
        {
            public static int Repeats => 2 /*HELPER-PIPELINE*/;
            public static int Scale(int x) => x * 3 /*HELPER-COMPONENT*/;
        }
        """;

    private static readonly Lazy<ComponentFingerprint> Baseline = new(() => TestApp.TraceFingerprint(App, Helpers) ?? throw new AssertFailedException("no trace fingerprint"));

    public static IEnumerable<object[]> Edits =>
    [
        // Only component bodies (and what only they reach) change: the traced pipelines cannot.
        ["a component's body", "app", "x + 1 /*BODY*/", "x + 10", false],
        ["a private method only a component calls", "app", "x - 2 /*PRIVATE*/", "x - 20", false],
        ["a helper method only a component calls", "helpers", "x * 3 /*HELPER-COMPONENT*/", "x * 30", false],
        // What a pipeline body runs, or what the trace reads about components, changes.
        ["the pipeline body", "app", "i < Numbers.Repeats /*REPEATS*/", "i < 1 + Numbers.Repeats", true],
        ["a method the pipeline body calls", "app", "\"add one\" /*DISPLAY*/", "\"add 1\"", true],
        ["a helper method the pipeline body calls", "helpers", "2 /*HELPER-PIPELINE*/", "3", true],
        ["a component's signature (its spec)", "app", "int x /*SIGNATURE*/", "int x, int y = 4", true],
    ];

    [TestMethod]
    [DynamicData(nameof(Edits))]
    public void An_edit_changes_the_trace_fingerprint_exactly_when_a_pipeline_can_change(string edit, string where, string find, string replace, bool changes)
    {
        Assert.Contains(find, where == "app" ? App : Helpers, "the edit's marker must be in the source");
        var after = where == "app" ? TestApp.TraceFingerprint(App.Replace(find, replace), Helpers) : TestApp.TraceFingerprint(App, Helpers.Replace(find, replace));
        Assert.IsNotNull(after);
        var changed = after.Inputs!.Where(i => Baseline.Value.Inputs!.GetValueOrDefault(i.Key) != i.Value).Select(i => i.Key)
            .Concat(Baseline.Value.Inputs!.Keys.Where(k => !after.Inputs!.ContainsKey(k))).ToList();
        Assert.AreEqual(changes, Baseline.Value.Digest != after.Digest,
            $"{edit}: the trace fingerprint {(changes ? "must change" : "must not change")}; changed inputs: {string.Join(", ", changed)}");

        // With the record of a baseline build: the same digest; taken from the record, not walked, for an edit the walk
        // did not read (all of these edits are inside method bodies).
        var record = Path.Combine(Path.GetTempPath(), "fingerprint-tests", "trace-record-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            Assert.IsNotNull(TestApp.TraceFingerprint(App, Helpers, walkRecordFile: record)!.Inputs, "no record yet: computed");
            var reusing = where == "app" ? TestApp.TraceFingerprint(App.Replace(find, replace), Helpers, walkRecordFile: record) : TestApp.TraceFingerprint(App, Helpers.Replace(find, replace), walkRecordFile: record);
            Assert.AreEqual(after.Digest, reusing!.Digest, $"{edit}: the same trace fingerprint with the record");
            Assert.AreEqual(changes, reusing.Inputs is not null, $"{edit}: {(changes ? "computed again" : "taken from the record")}");
        }
        finally
        {
            File.Delete(record);
        }
    }

    [TestMethod]
    public void The_trace_fingerprint_leaves_out_the_component_executors_and_bodies_but_keeps_the_pipelines_and_the_runtime()
    {
        var keys = Baseline.Value.Inputs!.Keys.ToList();
        Assert.IsTrue(keys.Any(k => k.Contains("App.Flows::Flow", StringComparison.Ordinal)), "the [Pipeline] method: " + string.Join("\n", keys));
        Assert.IsTrue(keys.Any(k => k.Contains("PipelinesEntryPoint::Main", StringComparison.Ordinal)), "the entry point's Main");
        Assert.IsTrue(keys.Any(k => k.StartsWith("package Pipelines/", StringComparison.Ordinal)), "the runtime that compiles the IR");
        Assert.IsFalse(keys.Any(k => k.Contains("::Execute_", StringComparison.Ordinal)), "no executor");
        Assert.IsFalse(keys.Any(k => k.Contains("App.Steps::Add", StringComparison.Ordinal)), "no component body");
        Assert.AreEqual(Baseline.Value.Digest, TestApp.TraceFingerprint(App, Helpers)!.Digest, "the same sources, the same fingerprint");
    }

    [TestMethod]
    public void The_entry_point_walk_is_reused_for_the_same_assemblies_and_never_for_a_rebuilt_one()
    {
        // The image step and the YAML step walk the same assemblies in one MSBuild process: the second reuses the walk.
        // A rebuild writes new assemblies at the same paths: they must be walked again (a reused walk would be stale).
        var directory = Path.Combine(Path.GetTempPath(), "fingerprint-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var before = TestApp.TraceFingerprint(App, Helpers, directory: directory)!;
            WalkResult? Walk()
            {
                using var app = CodeAssembly.Open(Path.Combine(directory, "App.dll"));
                using var helpers = CodeAssembly.Open(Path.Combine(directory, "Helpers.dll"));
                List<CodeAssembly> assemblies = [app, helpers];
                return PipelineTraceFingerprinter.EntryPointReach(app, assemblies, WalkRecord.Open(null, assemblies));
            }
            Assert.AreSame(Walk(), Walk(), "the same files: one walk");

            var after = TestApp.TraceFingerprint(App.Replace("i < Numbers.Repeats /*REPEATS*/", "i < 1 + Numbers.Repeats"), Helpers, directory: directory)!;
            Assert.AreNotEqual(before.Digest, after.Digest, "the rebuilt app at the same path is walked again");
            Assert.AreEqual(Baseline.Value.Digest, before.Digest);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void A_content_file_changes_the_trace_fingerprint()
    {
        var before = TestApp.TraceFingerprint(App, Helpers, content: "{\"a\": 1}");
        var after = TestApp.TraceFingerprint(App, Helpers, content: "{\"a\": 2}");
        Assert.AreNotEqual(before!.Digest, after!.Digest, "a pipeline body may read a file copied to the output");
    }

    [TestMethod]
    public void Reflection_by_name_in_a_pipeline_body_folds_the_component_bodies_in()
    {
        var app = App.Replace("Naming.Apply(a) /*NAMING*/;", "_ = System.Type.GetType(\"App.Steps\");");
        var before = TestApp.TraceFingerprint(app, Helpers)!;
        var after = TestApp.TraceFingerprint(app.Replace("x + 1 /*BODY*/", "x + 10"), Helpers)!;
        Assert.AreNotEqual(before.Digest, after.Digest, "code found by name may run any component body during the trace");
    }
}
