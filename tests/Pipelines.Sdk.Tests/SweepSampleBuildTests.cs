using System.Text.Json.Nodes;
using Pipelines.Sdk.Tests.Infrastructure;
using Pipelines.Tests.Kfp;

namespace Pipelines.Sdk.Tests;

/// <summary>The control-flow sample (ParallelFor, Collected, If/Else, exit handler) built as a user
/// would, with its pipeline YAML checked for referential consistency by the strict validator.</summary>
[TestClass]
public sealed class SweepSampleBuildTests
{
    [TestMethod]
    public void HyperparameterSweep_builds_to_valid_IR_with_loop_condition_and_exit_handler_groups()
    {
        string root = SampleWorkspace.CopySample("HyperparameterSweep");
        try
        {
            var build = DotnetCli.Dotnet(root, "build", "HyperparameterSweep", $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}")
                .AssertSuccess("build of samples/HyperparameterSweep");
            Assert.IsFalse(build.Output.Contains("warning PIPE"), build.Output);

            string yaml = File.ReadAllText(Path.Combine(root, "HyperparameterSweep", "bin", "Debug", "net10.0", "pipelines", "hyperparameter-sweep.yaml"));
            var spec = YamlToJson.ParseDocuments(yaml)[0];
            var errors = KfpIrValidator.Validate(spec);
            Assert.AreEqual(0, errors.Count, string.Join("\n", errors));

            var components = spec["components"]!.AsObject().Select(c => c.Key).ToList();
            Assert.IsTrue(components.Any(c => c.StartsWith("comp-for-loop-", StringComparison.Ordinal)), string.Join(", ", components));
            Assert.IsTrue(components.Any(c => c.StartsWith("comp-condition-", StringComparison.Ordinal)), string.Join(", ", components));
            Assert.IsTrue(components.Any(c => c.StartsWith("comp-exit-handler-", StringComparison.Ordinal)), string.Join(", ", components));

            var root_tasks = spec["root"]!["dag"]!["tasks"]!.AsObject();
            var exitTask = root_tasks.Single(t => t.Value!["triggerPolicy"]?["strategy"]?.GetValue<string>() == "ALL_UPSTREAM_TASKS_COMPLETED");
            StringAssert.StartsWith(exitTask.Value!["dependentTasks"]![0]!.GetValue<string>(), "exit-handler-");

            // Every executor is pinned to an image this build produced.
            foreach (var (_, executor) in spec["deploymentSpec"]!["executors"]!.AsObject())
                StringAssert.Contains(executor!["container"]!["image"]!.GetValue<string>(), "@sha256:");
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }
}
