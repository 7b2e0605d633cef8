using System.Text.Json.Nodes;
using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>Pipeline-level config: the run's workspace (KFP's dsl.PipelineConfig(workspace=WorkspaceConfig(…)))
/// in <c>platforms.kubernetes.pipelineConfig</c>, and importers that download into it.</summary>
[TestClass]
public sealed class PipelineConfigTests
{
    [TestMethod]
    public void AWorkspaceIsWrittenAsKfpsWorkspaceConfig()
    {
        var compiled = Ir.CompileAll("with-workspace", p =>
        {
            p.UseWorkspace("10Gi", new Dictionary<string, object?> { ["accessModes"] = new[] { "ReadWriteOnce" }, ["storageClassName"] = "fast" });
            StepsTasks.Clean(p.Import<Dataset>("s3://bucket/data.csv", downloadToWorkspace: true));
        });
        JsonAssert.AreEqual("""
            {"platforms": {"kubernetes": {"pipelineConfig": {"workspace": {
                "kubernetes": {"pvcSpecPatch": {"accessModes": ["ReadWriteOnce"], "storageClassName": "fast"}}, "size": "10Gi"}}}}}
            """, compiled.PlatformSpec);
        JsonAssert.AreEqual("""
            {"importer": {"artifactUri": {"constant": "s3://bucket/data.csv"}, "downloadToWorkspace": true,
                          "typeSchema": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}}
            """, compiled.PipelineSpec["deploymentSpec"]!["executors"]!["exec-importer"]);
    }

    /// <summary>KFP's WorkspaceConfig always writes kubernetes.pvcSpecPatch, empty when nothing is patched;
    /// Kubernetes options of tasks sit beside it under the same platform.</summary>
    [TestMethod]
    public void AnUnpatchedWorkspaceBesideTaskSettings()
    {
        var compiled = Ir.CompileAll("workspace-and-k8s", p =>
        {
            p.UseWorkspace(" 250Gi ");
            FlowTasks.Print("x").WithPodLabel("team", "ml");
        });
        JsonAssert.AreEqual("""
            {"deploymentSpec": {"executors": {"exec-print": {"podMetadata": {"labels": {"team": "ml"}}}}},
             "pipelineConfig": {"workspace": {"kubernetes": {"pvcSpecPatch": {}}, "size": "250Gi"}}}
            """, compiled.PlatformSpec!["platforms"]!["kubernetes"]);
    }

    [TestMethod]
    public void WorkspaceMistakesAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("bad-size", p => p.UseWorkspace("ten gigs")));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("bad-size-2", p => p.UseWorkspace("10GB")));

        var noWorkspace = Ir.Fails("no-workspace", p => p.Import<Dataset>("s3://b/d.csv", downloadToWorkspace: true));
        Assert.AreEqual(PipelineErrors.InvalidPipelineConfig, noWorkspace.Code);
        Assert.Contains("downloads its artifact to the workspace, but the run has none", noWorkspace.Message);
    }

    private sealed class InnerTask : PipelineTask;

    [TestMethod]
    public void OnlyThePipelineARunStartsFromHasAWorkspace()
    {
        var inner = new PipelineRegistration("inner", null, null, Ir.NoInputs, p =>
        {
            p.UseWorkspace("1Gi");
            FlowTasks.Print("x");
        });
        var nested = Ir.Fails("outer", p => p.AddPipelineTask(new InnerTask(), inner));
        Assert.AreEqual(PipelineErrors.InvalidPipelineConfig, nested.Code);
        Assert.Contains("pipeline 'inner' sets a workspace but runs as a task of pipeline 'outer'", nested.Message);

        // The outer pipeline's workspace serves importers inside the nested one.
        var importing = new PipelineRegistration("importing", null, null, Ir.NoInputs, p => StepsTasks.Clean(p.Import<Dataset>("s3://b/d.csv", downloadToWorkspace: true)));
        var compiled = Ir.CompileAll("outer-with-workspace", p =>
        {
            p.UseWorkspace("1Gi");
            p.AddPipelineTask(new InnerTask(), importing);
        });
        Assert.IsTrue(compiled.PipelineSpec["deploymentSpec"]!["executors"]!["exec-importer"]!["importer"]!["downloadToWorkspace"]!.GetValue<bool>());
    }

    [TestMethod]
    public void ThePlatformValidatorChecksTheWorkspace()
    {
        var compiled = Ir.CompileAll("valid-workspace", p => { p.UseWorkspace("1Gi"); FlowTasks.Print("x"); });
        JsonObject With(Action<JsonObject> change)
        {
            var platform = (JsonObject)compiled.PlatformSpec!.DeepClone();
            change(platform["platforms"]!["kubernetes"]!["pipelineConfig"]!["workspace"]!.AsObject());
            return platform;
        }
        Assert.IsEmpty(KfpIrValidator.ValidatePlatform(compiled.PlatformSpec!, compiled.PipelineSpec));
        Assert.IsTrue(KfpIrValidator.ValidatePlatform(With(w => w["size"] = "lots"), compiled.PipelineSpec).Any(e => e.Contains("workspace.size")));
        Assert.IsTrue(KfpIrValidator.ValidatePlatform(With(w => w["storageClassName"] = "x"), compiled.PipelineSpec).Any(e => e.Contains("workspace.storageClassName")));
        Assert.IsTrue(KfpIrValidator.ValidatePlatform(With(w => w["kubernetes"]!["pvcSpecPatch"] = "x"), compiled.PipelineSpec).Any(e => e.Contains("pvcSpecPatch")));
    }
}
