using System.Globalization;
using Pipelines.Local.Ir;

namespace Pipelines.Local.Tests;

/// <summary>
/// Run-time placeholders in task input constants, in the shape KFP's compiler writes them
/// (test_data/pipelines/pipeline_with_placeholders.yaml): the engine puts the run's and the task's values in
/// their place, as KFP's driver does, before the executor input is built. The tasks run in-process through
/// <see cref="RunOptions.Executor"/>, which echoes its <c>value</c> input into its output.
/// </summary>
[TestClass]
public sealed class PlaceholderRunTests
{
    private static string DagTask(string name, string display, string constant) => $$"""
              {{name}}:
                cachingOptions: {enableCache: true}
                componentRef: {name: comp-print-op}
                inputs:
                  parameters:
                    value:
                      runtimeValue: {constant: '{{constant}}'}
                taskInfo: {name: {{display}}}
        """;

    private static readonly string Yaml = $$$"""
        # PIPELINE DEFINITION
        # Name: pipeline-with-placeholders
        components:
          comp-print-op:
            executorLabel: exec-print-op
            inputDefinitions:
              parameters:
                value: {parameterType: STRING}
            outputDefinitions:
              parameters:
                Output: {parameterType: STRING}
        deploymentSpec:
          executors:
            exec-print-op:
              container:
                image: example.com/echo:1
                command: [echo]
                args: ['{{$.inputs.parameters[''value'']}}', '{{$.outputs.parameters[''Output''].output_file}}']
        pipelineInfo:
          name: pipeline-with-placeholders
        root:
          dag:
            tasks:
        {{{DagTask("job-name", "job-name", "{{$.pipeline_job_name}}")}}}
        {{{DagTask("job-resource-name", "job-resource-name", "{{$.pipeline_job_resource_name}}")}}}
        {{{DagTask("job-id", "job-id", "{{$.pipeline_job_uuid}}")}}}
        {{{DagTask("task-name", "shown-name", "{{$.pipeline_task_name}}")}}}
        {{{DagTask("task-id", "task-id", "{{$.pipeline_task_uuid}}")}}}
        {{{DagTask("task-id-2", "task-id-2", "{{$.pipeline_task_uuid}}")}}}
        {{{DagTask("root", "root", "{{$.pipeline_root}}")}}}
        {{{DagTask("created", "created", "{{$.pipeline_job_create_time_utc}}")}}}
        {{{DagTask("scheduled", "scheduled", "{{$.pipeline_job_schedule_time_utc}}")}}}
        {{{DagTask("workspace", "workspace", "{{$.workspace_path}}")}}}
        {{{DagTask("inside-text", "inside-text", "job {{$.pipeline_job_name}}")}}}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.13.0
        """;

    [TestMethod]
    public async Task Placeholder_constants_become_the_runs_and_the_tasks_values()
    {
        var runs = TestRunCleanup.NewFolder("pipelines-placeholders-");
        var yaml = ShellPipelines.Write(Yaml);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var result = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?>(), new RunOptions { RunsRoot = runs, Executor = InProcessExecutor.Echo(), RunId = "r1" });

        Assert.AreEqual(RunState.Succeeded, result.State, string.Join("\n", result.Steps.Select(s => $"{s.Path}: {s.State} {s.Reason}")));
        string Output(string task) => result.Task(task).OutputParameters["Output"]!.GetValue<string>();
        Assert.AreEqual("pipeline-with-placeholders-r1", Output("job-name"));
        Assert.AreEqual("pipeline-with-placeholders-r1", Output("job-resource-name"), "locally the run's name is its resource name, as in KFP's local runner");
        Assert.AreEqual("r1", Output("job-id"));
        Assert.AreEqual("shown-name", Output("task-name"), "the task's taskInfo.name");
        Assert.IsTrue(Guid.TryParse(Output("task-id"), out _), Output("task-id"));
        Assert.AreNotEqual(Output("task-id"), Output("task-id-2"), "each task has its own id");
        Assert.AreEqual(result.RunDirectory, Output("root"));
        var created = DateTimeOffset.ParseExact(Output("created"), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.IsTrue(created >= before && created <= DateTimeOffset.UtcNow, Output("created"));
        Assert.AreEqual(Output("created"), Output("scheduled"), "a run started by hand is due when it is created");
        Assert.AreEqual("/kfp-workspace", Output("workspace"));
        Assert.AreEqual("job {{$.pipeline_job_name}}", Output("inside-text"), "only a whole value is a placeholder, as for KFP's driver");
    }
}
