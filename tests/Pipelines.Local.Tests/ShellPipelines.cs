namespace Pipelines.Local.Tests;

/// <summary>Pipeline YAML in the shape KFP's Python compiler writes for container components
/// (<c>@dsl.container_component</c>, <c>sh -c</c> on the offline base image), written by hand.</summary>
internal static class ShellPipelines
{
    public static string Write(string yaml)
    {
        string dir = Directory.CreateTempSubdirectory("pipelines-local-yaml-").FullName;
        string path = Path.Combine(dir, "pipeline.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Executor(string label, string script, params string[] args) => $"""
            {label}:
              container:
                image: {TestEnvironment.BaseImage}
                command:
                - sh
                - -ec
                - '{script.Replace("'", "''")}'
                - {label}
                args:
        {string.Join("\n", args.Select(a => $"        - '{a.Replace("'", "''")}'"))}
        """;

    /// <summary>
    /// exit-handler-1 { importer (file://) → produce(count) → consume (IfPresent, Concat);
    /// for-loop-2 over [1, 2, 3] { square } → sum (collected); condition-3 (int(total) > 2) { announce };
    /// flaky (fails on its first attempt, retried) } ; report (exit task: PipelineTaskFinalStatus).
    /// </summary>
    public static string Showcase(string importedFile)
    {
        string executors = string.Join("\n",
            Executor("exec-announce", "printf \"total is %s\" \"$1\" > \"$2\"", "{{$.inputs.parameters['total']}}", "{{$.outputs.parameters['message'].output_file}}"),
            Executor("exec-consume", "printf \"%s|%s|%s|%s\" \"$(head -n 1 \"$1\")\" \"$2\" \"$(cat \"$3\")\" \"$#\" > \"$4\"",
                "{{$.inputs.artifacts['data'].path}}",
                "{\"Concat\": [\"suffix=\", \"{{$.inputs.parameters['suffix']}}\"]}",
                "{{$.inputs.artifacts['extra'].path}}",
                "{{$.outputs.parameters['line'].output_file}}",
                "{\"IfPresent\": {\"InputName\": \"missing\", \"Then\": [\"--missing\", \"{{$.inputs.parameters['missing']}}\"]}}"),
            Executor("exec-flaky", "if [ ! -f \"$1.first\" ]; then touch \"$1.first\"; echo first attempt fails >&2; exit 3; fi; printf retried > \"$1\"", "{{$.outputs.parameters['attempts'].output_file}}"),
            Executor("exec-produce", "i=0; : > \"$3\"; while [ $i -lt $1 ]; do echo \"$2-$i\" >> \"$3\"; i=$((i+1)); done; printf %s \"$1\" > \"$4\"",
                "{{$.inputs.parameters['count']}}", "{{$.inputs.parameters['prefix']}}", "{{$.outputs.artifacts['data'].path}}", "{{$.outputs.parameters['total'].output_file}}"),
            Executor("exec-report", "printf %s \"$1\" > \"$2\"", "{{$.inputs.parameters['status']}}", "{{$.outputs.parameters['state'].output_file}}"),
            Executor("exec-square", "printf %s $(($1 * $1)) > \"$2\"", "{{$.inputs.parameters['x']}}", "{{$.outputs.parameters['y'].output_file}}"),
            Executor("exec-sum", "t=0; for v in $(echo \"$1\" | tr -d \"[] \" | tr \",\" \" \"); do t=$((t + v)); done; printf %s $t > \"$2\"", "{{$.inputs.parameters['values']}}", "{{$.outputs.parameters['total'].output_file}}"));
        return $$"""
        # PIPELINE DEFINITION
        # Name: shell-showcase
        components:
          comp-announce:
            executorLabel: exec-announce
            inputDefinitions:
              parameters:
                total: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              parameters:
                message: {parameterType: STRING}
          comp-condition-3:
            dag:
              tasks:
                announce:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-announce}
                  inputs:
                    parameters:
                      total: {componentInputParameter: pipelinechannel--produce-total}
                  taskInfo: {name: announce}
            inputDefinitions:
              parameters:
                pipelinechannel--produce-total: {parameterType: NUMBER_INTEGER}
          comp-consume:
            executorLabel: exec-consume
            inputDefinitions:
              artifacts:
                data:
                  artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}
                extra:
                  artifactType: {schemaTitle: system.Artifact, schemaVersion: 0.0.1}
              parameters:
                suffix: {isOptional: true, parameterType: STRING}
                missing: {isOptional: true, parameterType: STRING}
            outputDefinitions:
              parameters:
                line: {parameterType: STRING}
          comp-exit-handler-1:
            dag:
              tasks:
                condition-3:
                  componentRef: {name: comp-condition-3}
                  dependentTasks: [produce]
                  inputs:
                    parameters:
                      pipelinechannel--produce-total:
                        taskOutputParameter: {outputParameterKey: total, producerTask: produce}
                  taskInfo: {name: condition-3}
                  triggerPolicy:
                    condition: int(inputs.parameter_values['pipelinechannel--produce-total']) > 2
                consume:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-consume}
                  dependentTasks: [importer, produce]
                  inputs:
                    artifacts:
                      data:
                        taskOutputArtifact: {outputArtifactKey: data, producerTask: produce}
                      extra:
                        taskOutputArtifact: {outputArtifactKey: artifact, producerTask: importer}
                    parameters:
                      suffix:
                        runtimeValue: {constant: '!'}
                  taskInfo: {name: consume}
                flaky:
                  cachingOptions: {}
                  componentRef: {name: comp-flaky}
                  retryPolicy: {backoffDuration: 0s, backoffFactor: 2.0, backoffMaxDuration: 3600s, maxRetryCount: 2}
                  taskInfo: {name: flaky}
                for-loop-2:
                  componentRef: {name: comp-for-loop-2}
                  iteratorPolicy: {parallelismLimit: 2}
                  parameterIterator:
                    itemInput: pipelinechannel--loop-item-param-1
                    items: {raw: '[1, 2, 3]'}
                  taskInfo: {name: for-loop-2}
                importer:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-importer}
                  inputs:
                    parameters:
                      uri:
                        runtimeValue: {constant: 'file://{{importedFile}}'}
                  taskInfo: {name: importer}
                produce:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-produce}
                  inputs:
                    parameters:
                      count: {componentInputParameter: pipelinechannel--count}
                  taskInfo: {name: produce}
                sum:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-sum}
                  dependentTasks: [for-loop-2]
                  inputs:
                    parameters:
                      values:
                        taskOutputParameter: {outputParameterKey: pipelinechannel--square-y, producerTask: for-loop-2}
                  taskInfo: {name: sum}
            inputDefinitions:
              parameters:
                pipelinechannel--count: {parameterType: NUMBER_INTEGER}
          comp-flaky:
            executorLabel: exec-flaky
            outputDefinitions:
              parameters:
                attempts: {parameterType: STRING}
          comp-for-loop-2:
            dag:
              outputs:
                parameters:
                  pipelinechannel--square-y:
                    valueFromParameter: {outputParameterKey: y, producerSubtask: square}
              tasks:
                square:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-square}
                  inputs:
                    parameters:
                      x: {componentInputParameter: pipelinechannel--loop-item-param-1}
                  taskInfo: {name: square}
            inputDefinitions:
              parameters:
                pipelinechannel--loop-item-param-1: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              parameters:
                pipelinechannel--square-y: {parameterType: LIST}
          comp-importer:
            executorLabel: exec-importer
            inputDefinitions:
              parameters:
                uri: {parameterType: STRING}
            outputDefinitions:
              artifacts:
                artifact:
                  artifactType: {schemaTitle: system.Artifact, schemaVersion: 0.0.1}
          comp-produce:
            executorLabel: exec-produce
            inputDefinitions:
              parameters:
                count: {parameterType: NUMBER_INTEGER}
                prefix: {defaultValue: item, isOptional: true, parameterType: STRING}
            outputDefinitions:
              artifacts:
                data:
                  artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}
              parameters:
                total: {parameterType: NUMBER_INTEGER}
          comp-report:
            executorLabel: exec-report
            inputDefinitions:
              parameters:
                status: {isOptional: true, parameterType: TASK_FINAL_STATUS}
            outputDefinitions:
              parameters:
                state: {parameterType: STRING}
          comp-square:
            executorLabel: exec-square
            inputDefinitions:
              parameters:
                x: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              parameters:
                y: {parameterType: NUMBER_INTEGER}
          comp-sum:
            executorLabel: exec-sum
            inputDefinitions:
              parameters:
                values: {parameterType: LIST}
            outputDefinitions:
              parameters:
                total: {parameterType: NUMBER_INTEGER}
        deploymentSpec:
          executors:
        {{executors}}
            exec-importer:
              importer:
                artifactUri: {runtimeParameter: uri}
                typeSchema: {schemaTitle: system.Artifact, schemaVersion: 0.0.1}
        pipelineInfo:
          name: shell-showcase
        root:
          dag:
            tasks:
              exit-handler-1:
                componentRef: {name: comp-exit-handler-1}
                inputs:
                  parameters:
                    pipelinechannel--count: {componentInputParameter: count}
                taskInfo: {name: exit-handler-1}
              report:
                componentRef: {name: comp-report}
                dependentTasks: [exit-handler-1]
                inputs:
                  parameters:
                    status:
                      taskFinalStatus: {producerTask: exit-handler-1}
                taskInfo: {name: report}
                triggerPolicy: {strategy: ALL_UPSTREAM_TASKS_COMPLETED}
          inputDefinitions:
            parameters:
              count: {parameterType: NUMBER_INTEGER}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.14.3
        """;
    }

    /// <summary>exit-handler-1 { fail (exit 3) → after-fail; independent } ; report (exit task). <paramref name="sleepSeconds"/> makes independent slow (cancellation).</summary>
    public static string Failing(int sleepSeconds = 0)
    {
        string executors = string.Join("\n",
            Executor("exec-step", "echo \"step exits with $1\"; [ \"$1\" = 0 ] || exit \"$1\"; printf ok > \"$2\"", "{{$.inputs.parameters['code']}}", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-slow", $"sleep {sleepSeconds}; printf done > \"$1\"", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-report", "printf %s \"$1\" > \"$2\"", "{{$.inputs.parameters['status']}}", "{{$.outputs.parameters['state'].output_file}}"));
        return $$"""
        components:
          comp-step:
            executorLabel: exec-step
            inputDefinitions:
              parameters:
                code: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-slow:
            executorLabel: exec-slow
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-report:
            executorLabel: exec-report
            inputDefinitions:
              parameters:
                status: {isOptional: true, parameterType: TASK_FINAL_STATUS}
            outputDefinitions:
              parameters:
                state: {parameterType: STRING}
          comp-exit-handler-1:
            dag:
              tasks:
                fail:
                  componentRef: {name: comp-step}
                  inputs:
                    parameters:
                      code:
                        runtimeValue: {constant: 3}
                  taskInfo: {name: fail}
                after-fail:
                  componentRef: {name: comp-step}
                  dependentTasks: [fail]
                  inputs:
                    parameters:
                      code:
                        runtimeValue: {constant: 0}
                  taskInfo: {name: after-fail}
                independent:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-slow}
                  taskInfo: {name: independent}
        deploymentSpec:
          executors:
        {{executors}}
        pipelineInfo:
          name: failing
        root:
          dag:
            tasks:
              exit-handler-1:
                componentRef: {name: comp-exit-handler-1}
                taskInfo: {name: exit-handler-1}
              report:
                componentRef: {name: comp-report}
                dependentTasks: [exit-handler-1]
                inputs:
                  parameters:
                    status:
                      taskFinalStatus: {producerTask: exit-handler-1}
                taskInfo: {name: report}
                triggerPolicy: {strategy: ALL_UPSTREAM_TASKS_COMPLETED}
        schemaVersion: 2.1.0
        """;
    }
}
