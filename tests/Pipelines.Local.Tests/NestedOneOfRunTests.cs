using Pipelines.Local.Ir;

namespace Pipelines.Local.Tests;

/// <summary>
/// A one-of across nested If/Else chains, in the shape the compiler writes it (NestedOneOfTests in Pipelines.Tests):
/// the outer <c>valueFromOneof</c> selects the If branch's DAG output, which is the inner chain's one-of
/// (<c>valueFromParameter</c> from <c>condition-branches-2</c>). The engine resolves it from whichever branches ran.
/// Tasks run in-process through <see cref="RunOptions.Executor"/>, which echoes <c>value</c> into the output.
/// </summary>
[TestClass]
public sealed class NestedOneOfRunTests
{
    private static string Branch(string name, string task, string text, string condition) => $$"""
          comp-{{name}}:
            dag:
              outputs:
                parameters:
                  pipelinechannel--{{task}}-Output:
                    valueFromParameter: {outputParameterKey: Output, producerSubtask: {{task}}}
              tasks:
                {{task}}:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-echo}
                  inputs:
                    parameters:
                      value:
                        runtimeValue: {constant: '{{text}}'}
                  taskInfo: {name: {{task}}}
            inputDefinitions:
              parameters:
                pipelinechannel--{{condition}}: {parameterType: STRING}
            outputDefinitions:
              parameters:
                pipelinechannel--{{task}}-Output: {parameterType: STRING}
        """;

    private static string Condition(string name, string channel, string condition, bool negated) => $$"""
                {{name}}:
                  componentRef: {name: comp-{{name}}}
                  inputs:
                    parameters:
                      pipelinechannel--{{channel}}: {componentInputParameter: pipelinechannel--{{channel}}}
                  taskInfo: {name: {{name}}}
                  triggerPolicy:
                    condition: '{{(negated ? $"!({condition})" : condition).Replace("'", "''")}}'
        """;

    private static readonly string Yaml = $$$"""
        # PIPELINE DEFINITION
        # Name: nested-oneof
        components:
          comp-echo:
            executorLabel: exec-echo
            inputDefinitions:
              parameters:
                value: {parameterType: STRING}
            outputDefinitions:
              parameters:
                Output: {parameterType: STRING}
          comp-condition-branches-1:
            dag:
              outputs:
                parameters:
                  pipelinechannel--condition-branches-1-oneof-1:
                    valueFromOneof:
                      parameterSelectors:
                      - {outputParameterKey: pipelinechannel--condition-branches-2-oneof-1, producerSubtask: condition-5}
                      - {outputParameterKey: pipelinechannel--print-3-Output, producerSubtask: condition-6}
              tasks:
                condition-5:
                  componentRef: {name: comp-condition-5}
                  inputs:
                    parameters:
                      pipelinechannel--inner: {componentInputParameter: pipelinechannel--inner}
                      pipelinechannel--outer: {componentInputParameter: pipelinechannel--outer}
                  taskInfo: {name: condition-5}
                  triggerPolicy:
                    condition: inputs.parameter_values['pipelinechannel--outer'] == 'heads'
        {{{Condition("condition-6", "outer", "inputs.parameter_values['pipelinechannel--outer'] == 'heads'", negated: true)}}}
            inputDefinitions:
              parameters:
                pipelinechannel--inner: {parameterType: STRING}
                pipelinechannel--outer: {parameterType: STRING}
            outputDefinitions:
              parameters:
                pipelinechannel--condition-branches-1-oneof-1: {parameterType: STRING}
          comp-condition-5:
            dag:
              outputs:
                parameters:
                  pipelinechannel--condition-branches-2-oneof-1:
                    valueFromParameter: {outputParameterKey: pipelinechannel--condition-branches-2-oneof-1, producerSubtask: condition-branches-2}
              tasks:
                condition-branches-2:
                  componentRef: {name: comp-condition-branches-2}
                  inputs:
                    parameters:
                      pipelinechannel--inner: {componentInputParameter: pipelinechannel--inner}
                  taskInfo: {name: condition-branches-2}
            inputDefinitions:
              parameters:
                pipelinechannel--inner: {parameterType: STRING}
                pipelinechannel--outer: {parameterType: STRING}
            outputDefinitions:
              parameters:
                pipelinechannel--condition-branches-2-oneof-1: {parameterType: STRING}
          comp-condition-branches-2:
            dag:
              outputs:
                parameters:
                  pipelinechannel--condition-branches-2-oneof-1:
                    valueFromOneof:
                      parameterSelectors:
                      - {outputParameterKey: pipelinechannel--print-Output, producerSubtask: condition-3}
                      - {outputParameterKey: pipelinechannel--print-2-Output, producerSubtask: condition-4}
              tasks:
        {{{Condition("condition-3", "inner", "inputs.parameter_values['pipelinechannel--inner'] == 'heads'", negated: false)}}}
        {{{Condition("condition-4", "inner", "inputs.parameter_values['pipelinechannel--inner'] == 'heads'", negated: true)}}}
            inputDefinitions:
              parameters:
                pipelinechannel--inner: {parameterType: STRING}
            outputDefinitions:
              parameters:
                pipelinechannel--condition-branches-2-oneof-1: {parameterType: STRING}
        {{{Branch("condition-3", "print", "heads, heads", "inner")}}}
        {{{Branch("condition-4", "print-2", "heads, tails", "inner")}}}
        {{{Branch("condition-6", "print-3", "tails", "outer")}}}
        deploymentSpec:
          executors:
            exec-echo:
              container:
                image: example.com/echo:1
                command: [echo]
                args: ['{{$.inputs.parameters[''value'']}}', '{{$.outputs.parameters[''Output''].output_file}}']
        pipelineInfo:
          name: nested-oneof
        root:
          dag:
            tasks:
              condition-branches-1:
                componentRef: {name: comp-condition-branches-1}
                inputs:
                  parameters:
                    pipelinechannel--inner: {componentInputParameter: inner}
                    pipelinechannel--outer: {componentInputParameter: outer}
                taskInfo: {name: condition-branches-1}
              print-4:
                cachingOptions: {enableCache: true}
                componentRef: {name: comp-echo}
                dependentTasks: [condition-branches-1]
                inputs:
                  parameters:
                    value:
                      taskOutputParameter: {outputParameterKey: pipelinechannel--condition-branches-1-oneof-1, producerTask: condition-branches-1}
                taskInfo: {name: print-4}
          inputDefinitions:
            parameters:
              inner: {parameterType: STRING}
              outer: {parameterType: STRING}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.13.0
        """;

    [TestMethod]
    [DataRow("heads", "heads", "heads, heads")]
    [DataRow("heads", "tails", "heads, tails")]
    [DataRow("tails", "heads", "tails")]
    public async Task The_value_of_whichever_nested_branch_ran_reaches_the_consumer(string outer, string inner, string expected)
    {
        var runs = TestRunCleanup.NewFolder("pipelines-nested-oneof-");
        var result = await LocalRunner.RunAsync(ShellPipelines.Write(Yaml), new Dictionary<string, object?> { ["outer"] = outer, ["inner"] = inner },
            new RunOptions { RunsRoot = runs, Executor = InProcessExecutor.Echo(), RunId = "r1" });

        Assert.AreEqual(RunState.Succeeded, result.State, string.Join("\n", result.Steps.Select(s => $"{s.Path}: {s.State} {s.Reason}")));
        Assert.AreEqual(expected, result.Task("print-4").OutputParameters["Output"]!.GetValue<string>());
    }
}
