using Microsoft.Build.Utilities;
using Pipelines.Sdk.Tasks;
using Pipelines.Sdk.Tests.Infrastructure;

namespace Pipelines.Sdk.Tests;

/// <summary>The picture step in-process: .mmd and .svg beside each pipeline YAML, unchanged files
/// left alone, stale pictures removed, a YAML it cannot read reported as PIPE1015.</summary>
[TestClass]
public sealed class WritePipelineDiagramsTests
{
    private const string Yaml = """
        # PIPELINE DEFINITION
        components:
          comp-a: {executorLabel: exec-a}
          comp-b: {executorLabel: exec-b}
        pipelineInfo: {name: two-steps}
        root:
          dag:
            tasks:
              a: {componentRef: {name: comp-a}, taskInfo: {name: a}}
              b:
                componentRef: {name: comp-b}
                dependentTasks: [a]
                inputs: {artifacts: {data: {taskOutputArtifact: {outputArtifactKey: data, producerTask: a}}}}
                taskInfo: {name: b}
        schemaVersion: 2.1.0
        """;

    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("pipelines-diagrams-").FullName;

    [TestCleanup]
    public void Cleanup() => SampleWorkspace.TryDelete(_dir);

    private (WritePipelineDiagrams Task, TestBuildEngine Engine) NewTask(params string[] yamlFiles)
    {
        var engine = new TestBuildEngine();
        return (new WritePipelineDiagrams
        {
            BuildEngine = engine,
            PipelineFiles = yamlFiles.Select(f => new TaskItem(f)).ToArray(),
            OutputDirectory = _dir,
        }, engine);
    }

    [TestMethod]
    public void Writes_mermaid_and_svg_beside_the_yaml_and_leaves_unchanged_files_alone()
    {
        var yaml = Path.Combine(_dir, "two-steps.yaml");
        File.WriteAllText(yaml, Yaml);
        var (task, engine) = NewTask(yaml);
        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var mmd = File.ReadAllText(Path.Combine(_dir, "two-steps.mmd"));
        StringAssert.Contains(mmd, "a -->|\"data\"| b");
        var svg = File.ReadAllText(Path.Combine(_dir, "two-steps.svg"));
        StringAssert.StartsWith(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
        Assert.HasCount(2, task.DiagramFiles);
        Assert.AreEqual(0, Directory.GetFiles(_dir, ".*.tmp").Length, "no temporary file left");

        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "two-steps.svg"), stamp);
        Assert.IsTrue(NewTask(yaml).Task.Execute());
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(Path.Combine(_dir, "two-steps.svg")), "same picture: not rewritten");
    }

    [TestMethod]
    public void Removes_pictures_whose_pipeline_is_gone()
    {
        var yaml = Path.Combine(_dir, "two-steps.yaml");
        File.WriteAllText(yaml, Yaml);
        File.WriteAllText(Path.Combine(_dir, "old.mmd"), "flowchart TD\n");
        File.WriteAllText(Path.Combine(_dir, "old.svg"), "<svg/>");
        Assert.IsTrue(NewTask(yaml).Task.Execute());
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "old.mmd")));
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "old.svg")));
        Assert.IsTrue(File.Exists(Path.Combine(_dir, "two-steps.svg")));
    }

    [TestMethod]
    public void With_no_pipeline_left_every_picture_is_removed()
    {
        File.WriteAllText(Path.Combine(_dir, "last.mmd"), "flowchart TD\n");
        File.WriteAllText(Path.Combine(_dir, "last.svg"), "<svg/>");
        var (task, engine) = NewTask();
        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.AreEqual(0, Directory.GetFiles(_dir).Length, "the last pipeline's pictures are gone");
        Assert.HasCount(0, task.DiagramFiles);
    }

    [TestMethod]
    public void A_yaml_that_is_not_a_pipeline_is_PIPE1015_naming_the_file_and_nothing_is_written()
    {
        var yaml = Path.Combine(_dir, "component.yaml");
        File.WriteAllText(yaml, "pipelineInfo: {name: c}\ncomponents: {}\n");
        var (task, engine) = NewTask(yaml);
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("PIPE1015", error.Code);
        Assert.AreEqual(yaml, error.File);
        StringAssert.Contains(error.Message, "'root.dag' is missing");
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "component.svg")));
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "component.mmd")));
    }
}
