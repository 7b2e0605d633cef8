using System.Text.Json.Nodes;
using Microsoft.Build.Utilities;
using Pipelines.Sdk.Tasks;
using Pipelines.Sdk.Tests.Infrastructure;

namespace Pipelines.Sdk.Tests;

/// <summary>The import of KFP component YAML (<c>&lt;PipelineComponent&gt;</c> items) in-process:
/// valid files become the generator's JSON, malformed ones fail with PIPE1011 naming the file and the field.</summary>
[TestClass]
public sealed class ImportComponentYamlTests
{
    private const string Valid = """
        # PIPELINE DEFINITION
        # Name: describe-dataset
        # Description: Describe a dataset
        components:
          comp-describe-dataset:
            executorLabel: exec-describe-dataset
            inputDefinitions:
              artifacts:
                data:
                  artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}
              parameters:
                title: {defaultValue: Dataset, isOptional: true, parameterType: STRING}
                rows: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              artifacts:
                summary:
                  artifactType: {schemaTitle: system.Markdown, schemaVersion: 0.0.1}
        deploymentSpec:
          executors:
            exec-describe-dataset:
              container:
                image: python:3.11-slim
                command: [python3, -m, describe]
                args: ['{{$.inputs.artifacts[''data''].path}}', '{{$.outputs.artifacts[''summary''].path}}']
        pipelineInfo:
          name: describe-dataset
        root:
          dag:
            tasks: {}
        schemaVersion: 2.1.0
        """;

    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("pipelines-import-").FullName;

    [TestCleanup]
    public void Cleanup() => SampleWorkspace.TryDelete(_dir);

    private (bool Ok, TestBuildEngine Engine, ImportComponentYaml Task, string Path) Run(string yaml, Dictionary<string, string>? metadata = null)
    {
        var path = Path.Combine(_dir, "component.yaml");
        File.WriteAllText(path, yaml);
        var engine = new TestBuildEngine();
        var task = new ImportComponentYaml
        {
            BuildEngine = engine,
            Components = [new TaskItem(path, metadata ?? [])],
            OutputDirectory = Path.Combine(_dir, "imported"),
            DefaultNamespace = "My.Pipelines",
        };
        return (task.Execute(), engine, task, path);
    }

    [TestMethod]
    public void Valid_component_becomes_spec_and_verbatim_container()
    {
        var (ok, engine, task, path) = Run(Valid, new() { ["Class"] = "Python", ["Public"] = "true" });
        Assert.IsTrue(ok, string.Join("\n", engine.Errors.Select(e => e.Message)));
        var file = task.ImportedFiles.Single();
        Assert.AreEqual("describe-dataset", file.GetMetadata("Component"));
        var json = JsonNode.Parse(File.ReadAllText(file.ItemSpec))!;
        Assert.AreEqual("Python", json["class"]!.GetValue<string>());
        Assert.AreEqual("My.Pipelines", json["namespace"]!.GetValue<string>());
        Assert.IsTrue(json["public"]!.GetValue<bool>());
        Assert.AreEqual(path, json["source"]!.GetValue<string>());
        Assert.AreEqual("describe-dataset", json["spec"]!["name"]!.GetValue<string>());
        Assert.AreEqual("Describe a dataset", json["spec"]!["description"]!.GetValue<string>(), "read back from the header comment, as KFP's loader does");
        Assert.AreEqual("NUMBER_INTEGER", json["spec"]!["inputDefinitions"]!["parameters"]!["rows"]!["parameterType"]!.GetValue<string>());
        Assert.AreEqual("0.0.1", json["spec"]!["inputDefinitions"]!["artifacts"]!["data"]!["artifactType"]!["schemaVersion"]!.GetValue<string>());
        Assert.AreEqual("python:3.11-slim", json["container"]!["image"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "python3", "-m", "describe" }, json["container"]!["command"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
        Assert.AreEqual("{{$.inputs.artifacts['data'].path}}", json["container"]!["args"]![0]!.GetValue<string>());
    }

    [TestMethod]
    public void A_task_config_input_and_the_passthroughs_are_kept()
    {
        var yaml = Valid
            .Replace("rows: {parameterType: NUMBER_INTEGER}", "rows: {parameterType: NUMBER_INTEGER}\n        task_config: {isOptional: true, parameterType: TASK_CONFIG}")
            .Replace("    outputDefinitions:", "    taskConfigPassthroughs:\n    - {applyToTask: true, field: ENV}\n    - field: RESOURCES\n    outputDefinitions:");
        var (ok, engine, task, _) = Run(yaml);
        Assert.IsTrue(ok, string.Join("\n", engine.Errors.Select(e => e.Message)));
        var spec = JsonNode.Parse(File.ReadAllText(task.ImportedFiles.Single().ItemSpec))!["spec"]!;
        Assert.AreEqual("TASK_CONFIG", spec["inputDefinitions"]!["parameters"]!["task_config"]!["parameterType"]!.GetValue<string>());
        Assert.AreEqual("""[{"applyToTask":true,"field":"ENV"},{"field":"RESOURCES"}]""", spec["taskConfigPassthroughs"]!.ToJsonString());
        Assert.AreEqual(2, global::Pipelines.ComponentInfo.Parse(spec.ToJsonString()).TaskConfigPassthroughs!.Count);
    }

    [TestMethod]
    [DataRow("pipelineInfo:\n  name: describe-dataset", "pipelineInfo:\n  description: x", "'pipelineInfo.name' is missing")]
    [DataRow("parameterType: NUMBER_INTEGER}", "parameterType: INT}", "'components.comp-describe-dataset.inputDefinitions.parameters.rows.parameterType' is 'INT'")]
    [DataRow("image: python:3.11-slim", "imagePullPolicy: Always", "'deploymentSpec.executors.exec-describe-dataset.container.image' is missing")]
    [DataRow("executorLabel: exec-describe-dataset", "executorLabel: exec-other", "'deploymentSpec.executors.exec-other' is missing")]
    [DataRow("artifactType: {schemaTitle: system.Markdown, schemaVersion: 0.0.1}", "type: x", "'components.comp-describe-dataset.outputDefinitions.artifacts.summary.artifactType.schemaTitle' is missing")]
    [DataRow("name: describe-dataset\nroot", "name: Describe_Dataset\nroot", "'pipelineInfo.name': 'Describe_Dataset' is not a valid component name")]
    [DataRow("components:", "components: [", "is not valid YAML")]
    public void Malformed_component_fails_naming_the_file_and_the_field(string from, string to, string expected)
    {
        Assert.IsTrue(Valid.Contains(from), from);
        var (ok, engine, _, path) = Run(Valid.Replace(from, to));
        Assert.IsFalse(ok);
        var error = engine.Errors.Single();
        Assert.AreEqual("PIPE1011", error.Code);
        Assert.AreEqual(path, error.File);
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void Pipeline_description_names_the_libraries_whose_components_it_runs()
    {
        var spec = JsonNode.Parse("""
            {"deploymentSpec": {"executors": {
              "exec-describe": {"container": {"image": "python:3", "command": ["python3", "-m", "d"], "args": ["{{$.inputs.parameters['t']}}"]}},
              "exec-impute": {"container": {"image": "lib/impute@sha256:1", "command": ["dotnet", "/app/Lib.dll"], "args": ["--executor_input", "{{$}}", "--function_to_execute", "impute"]}},
              "exec-own": {"container": {"image": "own@sha256:2", "command": ["dotnet", "/app/Own.dll"], "args": ["--executor_input", "{{$}}", "--function_to_execute", "own"]}}}}}
            """)!.AsObject();
        var executors = JsonNode.Parse("""
            {"describe": {"image": "python:3", "container": {"image": "python:3", "command": ["python3", "-m", "d"], "args": ["{{$.inputs.parameters['t']}}"]}},
             "impute": {"image": "lib/impute@sha256:1", "command": ["dotnet", "/app/Lib.dll"], "library": "Lib 1.2.0"},
             "unused": {"image": "lib/unused@sha256:3", "command": ["dotnet", "/app/Lib.dll"], "library": "Other 2.0.0"},
             "own": {"image": "own@sha256:2", "command": ["dotnet", "/app/Own.dll"]}}
            """)!.AsObject();

        CollectionAssert.AreEqual(new[] { "Lib 1.2.0" }, WritePipelineYaml.LibrariesUsed(spec, executors).ToArray());
    }
}
