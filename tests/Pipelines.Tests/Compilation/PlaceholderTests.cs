using System.Text.Json.Nodes;

namespace Pipelines.Tests.Compilation;

/// <summary>Run-time placeholders as task inputs compile as KFP's compiler writes them: a <c>runtimeValue</c> constant
/// holding the placeholder (KFP's test_data/pipelines/pipeline_with_placeholders.yaml).</summary>
[TestClass]
public sealed class PlaceholderTests
{
    [TestMethod]
    public void PlaceholdersAreRuntimeValueConstantsAsInKfpsPipelineWithPlaceholders()
    {
        var spec = Ir.Compile("pipeline-with-placeholders", p =>
        {
            PlaceholderStepsTasks.PrintOp("job name:", Placeholders.PipelineJobName);
            PlaceholderStepsTasks.PrintOp("job resource name:", Placeholders.PipelineJobResourceName);
            PlaceholderStepsTasks.PrintOp("job id:", Placeholders.PipelineJobId);
            PlaceholderStepsTasks.PrintOp("task name:", Placeholders.PipelineTaskName);
            PlaceholderStepsTasks.PrintOp("task id:", Placeholders.PipelineTaskId);
        });

        // root.dag.tasks of KFP's YAML, as JSON.
        JsonAssert.AreEqual("""
            {
              "print-op": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print-op"},
                "inputs": {"parameters": {"msg": {"runtimeValue": {"constant": "job name:"}}, "value": {"runtimeValue": {"constant": "{{$.pipeline_job_name}}"}}}},
                "taskInfo": {"name": "print-op"}},
              "print-op-2": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print-op-2"},
                "inputs": {"parameters": {"msg": {"runtimeValue": {"constant": "job resource name:"}}, "value": {"runtimeValue": {"constant": "{{$.pipeline_job_resource_name}}"}}}},
                "taskInfo": {"name": "print-op-2"}},
              "print-op-3": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print-op-3"},
                "inputs": {"parameters": {"msg": {"runtimeValue": {"constant": "job id:"}}, "value": {"runtimeValue": {"constant": "{{$.pipeline_job_uuid}}"}}}},
                "taskInfo": {"name": "print-op-3"}},
              "print-op-4": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print-op-4"},
                "inputs": {"parameters": {"msg": {"runtimeValue": {"constant": "task name:"}}, "value": {"runtimeValue": {"constant": "{{$.pipeline_task_name}}"}}}},
                "taskInfo": {"name": "print-op-4"}},
              "print-op-5": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print-op-5"},
                "inputs": {"parameters": {"msg": {"runtimeValue": {"constant": "task id:"}}, "value": {"runtimeValue": {"constant": "{{$.pipeline_task_uuid}}"}}}},
                "taskInfo": {"name": "print-op-5"}}
            }
            """, Ir.Root(spec));
    }

    [TestMethod]
    public void EveryPlaceholderIsKfpsStringAndStaysAConstantInsideAGroup()
    {
        var expected = new Dictionary<string, Value<string>>
        {
            ["{{$.pipeline_root}}"] = Placeholders.PipelineRoot,
            ["{{$.pipeline_job_create_time_utc}}"] = Placeholders.PipelineJobCreateTimeUtc,
            ["{{$.pipeline_job_schedule_time_utc}}"] = Placeholders.PipelineJobScheduleTimeUtc,
            ["{{$.workspace_path}}"] = Placeholders.WorkspacePath,
        };
        var spec = Ir.Compile("placeholders-in-groups", p =>
        {
            p.UseWorkspace("1Gi"); // the workspace path needs one (PIPE3035)
            var flip = FlowTasks.FlipCoin();
            p.If(flip.Output == "heads", () =>
            {
                foreach (var (_, value) in expected) PlaceholderStepsTasks.PrintOp("in a condition", value);
            });
        });
        var tasks = Ir.Tasks(spec, "comp-condition-1");
        var constants = tasks.Select(t => t.Value!["inputs"]!["parameters"]!["value"]!["runtimeValue"]!["constant"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.AreSequenceEqual(expected.Keys.Order(StringComparer.Ordinal).ToList(), constants);
        JsonAssert.AreEqual("""{"parameters": {"pipelinechannel--flip-coin-Output": {"parameterType": "STRING"}}}""",
            Ir.Component(spec, "comp-condition-1")["inputDefinitions"], "a constant is not hole-punched into the group");
    }

    [TestMethod]
    public void APlaceholderIsAConstantSoAConditionOnItIsRejected()
    {
        var e = Ir.Fails("condition-on-placeholder", p => p.If(Placeholders.PipelineJobName == "x", () => FlowTasks.Print("never")));
        Assert.AreEqual(PipelineErrors.InvalidCondition, e.Code);
    }

    /// <summary>KFP's compiler raises "Workspace features are used (e.g., dsl.WORKSPACE_PATH_PLACEHOLDER) but
    /// PipelineConfig.workspace.size is not set" for a task input that holds the placeholder or a path under
    /// /kfp-workspace; so does this one, wherever the task sits.</summary>
    [TestMethod]
    public void TheWorkspacePathInARunWithoutAWorkspaceIsRejectedAsByKfp()
    {
        var bare = Ir.Fails("workspace-path-without-workspace", p => PlaceholderStepsTasks.PrintOp("dir:", Placeholders.WorkspacePath));
        Assert.AreEqual(PipelineErrors.WorkspaceNotConfigured, bare.Code);
        Assert.Contains("task 'print-op': input 'value' is the workspace path ('{{$.workspace_path}}'), but the run has no workspace", bare.Message);
        Assert.Contains("PlaceholderTests.cs:", bare.Message, "the message points at the call");

        var mountPath = Ir.Fails("mount-path-without-workspace", p =>
        {
            var flip = FlowTasks.FlipCoin();
            p.If(flip.Output == "heads", () => PlaceholderStepsTasks.PrintOp("/kfp-workspace/data", "x"));
        });
        Assert.AreEqual(PipelineErrors.WorkspaceNotConfigured, mountPath.Code);
        Assert.Contains("input 'msg' is the workspace path ('/kfp-workspace/data')", mountPath.Message);

        // Other placeholders, and text that merely mentions the workspace, stay valid without one.
        Ir.Compile("other-placeholders", p => PlaceholderStepsTasks.PrintOp("kfp-workspace", Placeholders.PipelineRoot));

        var withWorkspace = Ir.Compile("workspace-path-with-workspace", p =>
        {
            p.UseWorkspace("1Gi");
            PlaceholderStepsTasks.PrintOp("dir:", Placeholders.WorkspacePath);
        });
        Assert.AreEqual("{{$.workspace_path}}",
            Ir.Root(withWorkspace)["print-op"]!["inputs"]!["parameters"]!["value"]!["runtimeValue"]!["constant"]!.GetValue<string>());
    }

    private sealed class InnerTask : PipelineTask;

    [TestMethod]
    public void ANestedPipelineUsesTheWorkspaceOfTheRun()
    {
        var inner = new PipelineRegistration("uses-workspace", null, null, Ir.NoInputs, p => PlaceholderStepsTasks.PrintOp("dir:", Placeholders.WorkspacePath));
        var e = Ir.Fails("outer-without-workspace", p => p.AddPipelineTask(new InnerTask(), inner));
        Assert.AreEqual(PipelineErrors.WorkspaceNotConfigured, e.Code);

        var spec = Ir.Compile("outer-with-workspace", p =>
        {
            p.UseWorkspace("1Gi");
            p.AddPipelineTask(new InnerTask(), inner);
        });
        Assert.AreEqual("{{$.workspace_path}}",
            Ir.Tasks(spec, "comp-uses-workspace")["print-op"]!["inputs"]!["parameters"]!["value"]!["runtimeValue"]!["constant"]!.GetValue<string>());
    }
}
