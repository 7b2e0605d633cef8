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
    public void A_yaml_that_differs_only_in_image_references_is_not_drawn_again_and_any_other_change_is()
    {
        var cache = Path.Combine(_dir, "obj", "diagrams.json");
        var yaml = Path.Combine(_dir, "two-steps.yaml");
        string WithImage(string reference) => Yaml + $"""

            deploymentSpec:
              executors:
                exec-a:
                  container: {"{"}image: '{reference}', command: [dotnet, /app/A.dll]{"}"}
            """;
        bool Drew(string text)
        {
            File.WriteAllText(yaml, text);
            var (task, engine) = NewTask(yaml);
            task.CacheFile = cache;
            Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
            Assert.HasCount(2, task.DiagramFiles);
            return !engine.Messages.Any(m => m.Message!.Contains("unchanged", StringComparison.Ordinal));
        }

        var digest = new string('1', 64);
        Assert.IsTrue(Drew(WithImage($"r.example/a:fp-0123456789abcdef@sha256:{digest}")), "first build draws");
        Assert.IsFalse(Drew(WithImage($"r.example/a:fp-fedcba9876543210@sha256:{new string('2', 64)}")), "only the image changed");
        Assert.IsTrue(Drew(WithImage($"r.example/b:fp-fedcba9876543210@sha256:{new string('2', 64)}")), "another repository is another YAML");
        Assert.IsTrue(Drew(WithImage($"r.example/b:fp-fedcba9876543210@sha256:{new string('2', 64)}").Replace("taskInfo: {name: b}", "taskInfo: {name: b2}", StringComparison.Ordinal)),
            "a renamed task is drawn again");
        Assert.Contains("b2", File.ReadAllText(Path.Combine(_dir, "two-steps.mmd")));
        File.WriteAllText(Path.Combine(_dir, "two-steps.svg"), "<svg/>");
        Assert.IsTrue(Drew(WithImage($"r.example/b:fp-0000000000000000@sha256:{digest}").Replace("taskInfo: {name: b}", "taskInfo: {name: b2}", StringComparison.Ordinal)),
            "a picture that is not the one written is drawn again");
        StringAssert.StartsWith(File.ReadAllText(Path.Combine(_dir, "two-steps.svg")), "<svg xmlns=");
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
