using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Sdk.Tests.Infrastructure;
using Pipelines.Tests.Kfp;

namespace Pipelines.Sdk.Tests;

/// <summary>The control-flow sample (ParallelFor, Collected, If/Else, exit handler) built as a user
/// would, with its pipeline YAML checked for referential consistency by the strict validator.</summary>
[TestClass]
public sealed partial class SweepSampleBuildTests
{
    [TestMethod]
    public void HyperparameterSweep_builds_to_valid_IR_with_loop_condition_and_exit_handler_groups()
    {
        var root = SampleWorkspace.CopySample("HyperparameterSweep");
        try
        {
            // The runtime lists every method it JIT-compiles (appended by each process of the build).
            var jitLog = Path.Combine(root, "jit.txt");
            var build = DotnetCli.Run("dotnet", ["build", "HyperparameterSweep", $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}"], root,
                    new Dictionary<string, string> { ["DOTNET_JitStdOutFile"] = jitLog, ["DOTNET_JitDisasmSummary"] = "1" })
                .AssertSuccess("build of samples/HyperparameterSweep");
            Assert.IsFalse(build.Output.Contains("warning PIPE"), build.Output);
            if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
            {
                var jitted = TaskMethodsCompiledByJit(File.ReadLines(jitLog)).ToList();
                Assert.IsEmpty(jitted, "the tasks' ReadyToRun code was not used for:\n" + string.Join("\n", jitted));
            }

            var yaml = File.ReadAllText(Path.Combine(root, "HyperparameterSweep", "bin", "Debug", "net10.0", "pipelines", "hyperparameter-sweep.yaml"));
            var documents = YamlToJson.ParseDocuments(yaml);
            Assert.HasCount(2, documents, "the pipeline and its Kubernetes platform spec");
            var spec = documents[0];
            var errors = KfpIrValidator.Validate(spec);
            Assert.AreEqual(0, errors.Count, string.Join("\n", errors));

            var components = spec["components"]!.AsObject().Select(c => c.Key).ToList();
            Assert.IsTrue(components.Any(c => c.StartsWith("comp-for-loop-", StringComparison.Ordinal)), string.Join(", ", components));
            Assert.IsTrue(components.Any(c => c.StartsWith("comp-condition-", StringComparison.Ordinal)), string.Join(", ", components));
            Assert.IsTrue(components.Any(c => c.StartsWith("comp-exit-handler-", StringComparison.Ordinal)), string.Join(", ", components));

            var root_tasks = spec["root"]!["dag"]!["tasks"]!.AsObject();
            var exitTask = root_tasks.Single(t => t.Value!["triggerPolicy"]?["strategy"]?.GetValue<string>() == "ALL_UPSTREAM_TASKS_COMPLETED");
            StringAssert.StartsWith(exitTask.Value!["dependentTasks"]![0]!.GetValue<string>(), "exit-handler-");

            // The deploy task's secret and node selector, on its executor in document 2.
            var executors = documents[1]["platforms"]!["kubernetes"]!["deploymentSpec"]!["executors"]!.AsObject();
            var deploy = executors.Single(e => e.Key.StartsWith("exec-deploy", StringComparison.Ordinal)).Value!;
            Assert.AreEqual("MODEL_REGISTRY_TOKEN", deploy["secretAsEnv"]![0]!["keyToEnv"]![0]!["envVar"]!.GetValue<string>());
            Assert.AreEqual("serving", deploy["nodeSelector"]!["labels"]!["workload"]!.GetValue<string>());
            var platformErrors = KfpIrValidator.ValidatePlatform(documents[1], spec);
            Assert.AreEqual(0, platformErrors.Count, string.Join("\n", platformErrors));

            // Its picture beside the YAML: Mermaid with one subgraph per group (exit handler, loop,
            // if/else and its two branches) and an SVG (tests/Pipelines.Graphs.Tests checks both in depth).
            var pipelines = Path.Combine(root, "HyperparameterSweep", "bin", "Debug", "net10.0", "pipelines");
            var mermaid = File.ReadAllText(Path.Combine(pipelines, "hyperparameter-sweep.mmd"));
            Assert.AreEqual(5, mermaid.Split('\n').Count(l => l.TrimStart().StartsWith("subgraph ", StringComparison.Ordinal)), mermaid);
            Assert.AreEqual("svg", System.Xml.Linq.XDocument.Load(Path.Combine(pipelines, "hyperparameter-sweep.svg")).Root!.Name.LocalName);

            // Every executor is pinned to an image this build produced.
            foreach (var (_, executor) in spec["deploymentSpec"]!["executors"]!.AsObject())
                StringAssert.Contains(executor!["container"]!["image"]!.GetValue<string>(), "@sha256:");

            // The project's only pipeline removed (its attribute renamed): its YAML and pictures go with it, also from a
            // PipelinesDirectory outside the output folder, where MSBuild's incremental clean does not reach.
            var published = Path.Combine(root, "published") + Path.DirectorySeparatorChar;
            string[] Build(string what, params string[] extra)
            {
                DotnetCli.Dotnet(root, ["build", "HyperparameterSweep", "--no-restore", $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}", .. extra])
                    .AssertSuccess(what);
                return Directory.Exists(published) ? Directory.GetFiles(published).Select(f => Path.GetFileName(f)!).Order().ToArray() : [];
            }
            CollectionAssert.AreEqual(new[] { "hyperparameter-sweep.mmd", "hyperparameter-sweep.svg", "hyperparameter-sweep.yaml" },
                Build("build into a PipelinesDirectory of its own", $"-p:PipelinesDirectory={published}"));
            var source = Path.Combine(root, "HyperparameterSweep", "SweepPipeline.cs");
            File.WriteAllText(source, File.ReadAllText(source).Replace("[Pipeline(Name =", "[NotAPipeline(Name =", StringComparison.Ordinal)
                + "\ninternal sealed class NotAPipelineAttribute : System.Attribute { public string? Name { get; set; } public string? DisplayName { get; set; } public string? Description { get; set; } }\n");
            var left = Build("build without the pipeline", $"-p:PipelinesDirectory={published}");
            Assert.IsEmpty(left, string.Join(", ", left));
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }

    /// <summary>Methods of the build tasks' assemblies that the JIT compiled on first call: on linux-x64 the package's
    /// ReadyToRun copies of those assemblies run, so there should be none. Left out: rejits of hot methods (Tier1, OSR),
    /// instantiations of generic methods (ReadyToRun cannot hold every one), and the generator, which runs in the compiler.</summary>
    private static IEnumerable<string> TaskMethodsCompiledByJit(IEnumerable<string> jitLog) =>
        jitLog.Select(line => FirstCompile().Match(line)).Where(m => m.Success).Select(m => m.Groups["method"].Value)
            .Where(method => !method.StartsWith("Pipelines.Sdk.Generators", StringComparison.Ordinal)
                && !method.StartsWith("Pipelines.Sdk.CodeFixes", StringComparison.Ordinal));

    [GeneratedRegex(@"JIT compiled (?<method>Pipelines\.(?:Sdk|Fingerprints|Images|Graphs)[.+][^ :\[]*:[^ \[(]+)\(.*\[(?:Tier0|Instrumented Tier0|FullOpts|MinOpts|Tier-0 switched)")]
    private static partial Regex FirstCompile();
}
