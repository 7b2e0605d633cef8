using System.Text.Json.Nodes;

namespace Pipelines.Tests.Compilation;

/// <summary>Custom artifact schema titles: a class with <c>[ArtifactSchema("google.VertexModel")]</c> compiles to the
/// artifact type KFP's compiler writes for <c>Output[VertexModel]</c> (google_cloud_pipeline_components' type), in
/// components, importers and at run time.</summary>
[TestClass]
public sealed class CustomArtifactTypeTests
{
    [TestMethod]
    public void TheClassesSchemaIsTheirAttributesOrTheirBasesOne()
    {
        Assert.AreEqual("google.VertexModel", new VertexModel().SchemaTitle);
        Assert.AreEqual("0.0.1", new VertexModel().SchemaVersion);
        Assert.AreEqual("system.Model", new Checkpoint().SchemaTitle, "a subclass without the attribute keeps its base's type");
        Assert.AreEqual("system.Dataset", Artifact.SchemaTitleOf<Dataset>());
        Assert.AreEqual("system.Artifact", new Artifact().SchemaTitle);
    }

    [TestMethod]
    public void ComponentsAndImportersCarryTheCustomType()
    {
        var spec = Ir.Compile("vertex", p =>
        {
            var checkpoint = p.Import<Checkpoint>("gs://bucket/ckpt");
            var upload = VertexTasks.Upload(checkpoint);
            VertexTasks.Deploy(upload.Outputs.Uploaded);
            VertexTasks.Deploy(p.Import<VertexModel>("https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/l/models/2"));
        });
        JsonAssert.AreEqual("""
            {"executorLabel": "exec-upload-model",
             "inputDefinitions": {"artifacts": {"checkpoint": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}},
             "outputDefinitions": {
               "artifacts": {"uploaded": {"artifactType": {"schemaTitle": "google.VertexModel", "schemaVersion": "0.0.1"}}},
               "parameters": {"Output": {"parameterType": "STRING"}}}}
            """, Ir.Component(spec, "comp-upload-model"));
        JsonAssert.AreEqual("""{"schemaTitle": "google.VertexModel", "schemaVersion": "0.0.1"}""",
            spec["deploymentSpec"]!["executors"]!["exec-importer-2"]!["importer"]!["typeSchema"]);
        JsonAssert.AreEqual("""{"artifacts": {"artifact": {"artifactType": {"schemaTitle": "google.VertexModel", "schemaVersion": "0.0.1"}}}}""",
            Ir.Component(spec, "comp-importer-2")["outputDefinitions"]);
    }

    [TestMethod]
    public async Task TheEntryPointHandsTheComponentItsOwnClass()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        input.InputArtifactFile("checkpoint", "weights");
        var uploaded = input.OutputArtifact("uploaded", "google.VertexModel");
        var output = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("upload-model", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("google.VertexModel", File.ReadAllText(output));
        Assert.AreEqual("weights", File.ReadAllText(uploaded));
        JsonAssert.AreEqual("""{"resourceName": "projects/p/locations/l/models/1"}""",
            JsonAssert.ReadFile(input.OutputFile)["artifacts"]!["uploaded"]!["artifacts"]![0]!["metadata"]);
    }
}
