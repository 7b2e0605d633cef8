namespace Pipelines.Local.Tests;

/// <summary>Pipeline YAML in the shape KFP's Python compiler writes for container components
/// (<c>@dsl.container_component</c>, <c>sh -c</c> on the offline base image), written by hand.</summary>
internal static class ShellPipelines
{
    public static string Write(string yaml)
    {
        var dir = TestRunCleanup.NewFolder("pipelines-local-yaml-");
        var path = Path.Combine(dir, "pipeline.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Executor(string label, string script, params string[] args) => ExecutorIn(TestEnvironment.BaseImage, label, script, args);

    private static string ExecutorIn(string image, string label, string script, params string[] args) => $"""
            {label}:
              container:
                image: {image}
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
        var executors = string.Join("\n",
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
        var executors = string.Join("\n",
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

    /// <summary>
    /// Nested loops with artifact and parameter fan-in (for-loop-1 { for-loop-2 { make } } → join),
    /// a nested pipeline and its output (inner { twice } → use), a one-of across If/Else branches
    /// (condition-branches-3 → say), a PVC shared by two tasks, a config map as files and a secret
    /// and container env as env (writer → reader), and a task over its activeDeadlineSeconds (slow).
    /// </summary>
    public static string Groups()
    {
        var executors = string.Join("\n",
            Executor("exec-make", "printf %s \"$1-$2\" > \"$3\"; printf %s \"$1$2\" > \"$4\"",
                "{{$.inputs.parameters['outer']}}", "{{$.inputs.parameters['inner']}}", "{{$.outputs.artifacts['file'].path}}", "{{$.outputs.parameters['tag'].output_file}}"),
            Executor("exec-join", "printf \"%s files, tags %s\" \"$(echo \"$1\" | grep -o '\"uri\"' | wc -l)\" \"$2\" > \"$3\"",
                "{{$}}", "{{$.inputs.parameters['tags']}}", "{{$.outputs.parameters['summary'].output_file}}"),
            Executor("exec-twice", "printf %s $(($1 * 2)) > \"$2\"", "{{$.inputs.parameters['x']}}", "{{$.outputs.parameters['y'].output_file}}"),
            Executor("exec-use", "printf \"got %s\" \"$1\" > \"$2\"", "{{$.inputs.parameters['y']}}", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-yes", "printf yes > \"$1\"", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-no", "printf no > \"$1\"", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-say", "printf \"said %s\" \"$1\" > \"$2\"", "{{$.inputs.parameters['word']}}", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-writer", "printf shared-data > /shared/data.txt; printf ok > \"$1\"", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-reader", "printf \"%s|%s|%s|%s\" \"$(cat /shared/data.txt)\" \"$(cat /cfg/level)\" \"$TOKEN\" \"$MODE\" > \"$1\"", "{{$.outputs.parameters['out'].output_file}}"),
            Executor("exec-slow", "sleep 60; printf late > \"$1\"", "{{$.outputs.parameters['out'].output_file}}"));
        executors = executors.Replace("    exec-reader:\n      container:\n", "    exec-reader:\n      container:\n        env:\n        - {name: MODE, value: local}\n");
        return $$$"""
        components:
          comp-make:
            executorLabel: exec-make
            inputDefinitions:
              parameters:
                outer: {parameterType: NUMBER_INTEGER}
                inner: {parameterType: STRING}
            outputDefinitions:
              artifacts:
                file: {artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}}
              parameters:
                tag: {parameterType: STRING}
          comp-for-loop-2:
            dag:
              outputs:
                artifacts:
                  pipelinechannel--make-file:
                    artifactSelectors: [{outputArtifactKey: file, producerSubtask: make}]
                parameters:
                  pipelinechannel--make-tag:
                    valueFromParameter: {outputParameterKey: tag, producerSubtask: make}
              tasks:
                make:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-make}
                  inputs:
                    parameters:
                      outer: {componentInputParameter: pipelinechannel--loop-item-param-1}
                      inner: {componentInputParameter: pipelinechannel--loop-item-param-2}
                  taskInfo: {name: make}
            inputDefinitions:
              parameters:
                pipelinechannel--loop-item-param-1: {parameterType: NUMBER_INTEGER}
                pipelinechannel--loop-item-param-2: {parameterType: STRING}
            outputDefinitions:
              artifacts:
                pipelinechannel--make-file: {artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}, isArtifactList: true}
              parameters:
                pipelinechannel--make-tag: {parameterType: LIST}
          comp-for-loop-1:
            dag:
              outputs:
                artifacts:
                  pipelinechannel--make-file:
                    artifactSelectors: [{outputArtifactKey: pipelinechannel--make-file, producerSubtask: for-loop-2}]
                parameters:
                  pipelinechannel--make-tag:
                    valueFromParameter: {outputParameterKey: pipelinechannel--make-tag, producerSubtask: for-loop-2}
              tasks:
                for-loop-2:
                  componentRef: {name: comp-for-loop-2}
                  inputs:
                    parameters:
                      pipelinechannel--loop-item-param-1: {componentInputParameter: pipelinechannel--loop-item-param-1}
                      pipelinechannel--letters: {componentInputParameter: pipelinechannel--letters}
                  parameterIterator:
                    itemInput: pipelinechannel--loop-item-param-2
                    items: {inputParameter: pipelinechannel--letters}
                  taskInfo: {name: for-loop-2}
            inputDefinitions:
              parameters:
                pipelinechannel--loop-item-param-1: {parameterType: NUMBER_INTEGER}
                pipelinechannel--letters: {parameterType: LIST}
            outputDefinitions:
              artifacts:
                pipelinechannel--make-file: {artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}, isArtifactList: true}
              parameters:
                pipelinechannel--make-tag: {parameterType: LIST}
          comp-join:
            executorLabel: exec-join
            inputDefinitions:
              artifacts:
                files: {artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}, isArtifactList: true}
              parameters:
                tags: {parameterType: LIST}
            outputDefinitions:
              parameters:
                summary: {parameterType: STRING}
          comp-twice:
            executorLabel: exec-twice
            inputDefinitions:
              parameters:
                x: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              parameters:
                y: {parameterType: NUMBER_INTEGER}
          comp-inner:
            dag:
              outputs:
                parameters:
                  y:
                    valueFromParameter: {outputParameterKey: y, producerSubtask: twice}
              tasks:
                twice:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-twice}
                  inputs:
                    parameters:
                      x: {componentInputParameter: x}
                  taskInfo: {name: twice}
            inputDefinitions:
              parameters:
                x: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              parameters:
                y: {parameterType: NUMBER_INTEGER}
          comp-use:
            executorLabel: exec-use
            inputDefinitions:
              parameters:
                y: {parameterType: NUMBER_INTEGER}
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-yes:
            executorLabel: exec-yes
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-no:
            executorLabel: exec-no
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-condition-4:
            dag:
              outputs:
                parameters:
                  pipelinechannel--yes-out:
                    valueFromParameter: {outputParameterKey: out, producerSubtask: yes}
              tasks:
                yes:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-yes}
                  taskInfo: {name: yes}
            inputDefinitions:
              parameters:
                pipelinechannel--flag: {parameterType: BOOLEAN}
            outputDefinitions:
              parameters:
                pipelinechannel--yes-out: {parameterType: STRING}
          comp-condition-5:
            dag:
              outputs:
                parameters:
                  pipelinechannel--no-out:
                    valueFromParameter: {outputParameterKey: out, producerSubtask: no}
              tasks:
                no:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-no}
                  taskInfo: {name: no}
            inputDefinitions:
              parameters:
                pipelinechannel--flag: {parameterType: BOOLEAN}
            outputDefinitions:
              parameters:
                pipelinechannel--no-out: {parameterType: STRING}
          comp-condition-branches-3:
            dag:
              outputs:
                parameters:
                  pipelinechannel--condition-branches-3-oneof-1:
                    valueFromOneof:
                      parameterSelectors:
                      - {outputParameterKey: pipelinechannel--yes-out, producerSubtask: condition-4}
                      - {outputParameterKey: pipelinechannel--no-out, producerSubtask: condition-5}
              tasks:
                condition-4:
                  componentRef: {name: comp-condition-4}
                  inputs:
                    parameters:
                      pipelinechannel--flag: {componentInputParameter: pipelinechannel--flag}
                  taskInfo: {name: condition-4}
                  triggerPolicy:
                    condition: inputs.parameter_values['pipelinechannel--flag'] == true
                condition-5:
                  componentRef: {name: comp-condition-5}
                  inputs:
                    parameters:
                      pipelinechannel--flag: {componentInputParameter: pipelinechannel--flag}
                  taskInfo: {name: condition-5}
                  triggerPolicy:
                    condition: '!(inputs.parameter_values[''pipelinechannel--flag''] == true)'
            inputDefinitions:
              parameters:
                pipelinechannel--flag: {parameterType: BOOLEAN}
            outputDefinitions:
              parameters:
                pipelinechannel--condition-branches-3-oneof-1: {parameterType: STRING}
          comp-say:
            executorLabel: exec-say
            inputDefinitions:
              parameters:
                word: {parameterType: STRING}
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-writer:
            executorLabel: exec-writer
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-reader:
            executorLabel: exec-reader
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
          comp-slow:
            executorLabel: exec-slow
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
        deploymentSpec:
          executors:
        {{{executors}}}
        pipelineInfo:
          name: groups
        root:
          dag:
            tasks:
              for-loop-1:
                componentRef: {name: comp-for-loop-1}
                inputs:
                  parameters:
                    pipelinechannel--letters: {componentInputParameter: letters}
                parameterIterator:
                  itemInput: pipelinechannel--loop-item-param-1
                  items: {raw: '[1, 2]'}
                taskInfo: {name: for-loop-1}
              join:
                cachingOptions: {enableCache: true}
                componentRef: {name: comp-join}
                dependentTasks: [for-loop-1]
                inputs:
                  artifacts:
                    files:
                      taskOutputArtifact: {outputArtifactKey: pipelinechannel--make-file, producerTask: for-loop-1}
                  parameters:
                    tags:
                      taskOutputParameter: {outputParameterKey: pipelinechannel--make-tag, producerTask: for-loop-1}
                taskInfo: {name: join}
              inner:
                componentRef: {name: comp-inner}
                inputs:
                  parameters:
                    x:
                      runtimeValue: {constant: 21}
                taskInfo: {name: inner}
              use:
                cachingOptions: {enableCache: true}
                componentRef: {name: comp-use}
                dependentTasks: [inner]
                inputs:
                  parameters:
                    y:
                      taskOutputParameter: {outputParameterKey: y, producerTask: inner}
                taskInfo: {name: use}
              condition-branches-3:
                componentRef: {name: comp-condition-branches-3}
                inputs:
                  parameters:
                    pipelinechannel--flag: {componentInputParameter: flag}
                taskInfo: {name: condition-branches-3}
              say:
                cachingOptions: {enableCache: true}
                componentRef: {name: comp-say}
                dependentTasks: [condition-branches-3]
                inputs:
                  parameters:
                    word:
                      taskOutputParameter: {outputParameterKey: pipelinechannel--condition-branches-3-oneof-1, producerTask: condition-branches-3}
                taskInfo: {name: say}
              writer:
                componentRef: {name: comp-writer}
                taskInfo: {name: writer}
              reader:
                componentRef: {name: comp-reader}
                dependentTasks: [writer]
                taskInfo: {name: reader}
              slow:
                componentRef: {name: comp-slow}
                taskInfo: {name: slow}
          inputDefinitions:
            parameters:
              flag: {parameterType: BOOLEAN}
              letters: {defaultValue: [a, b], isOptional: true, parameterType: LIST}
        schemaVersion: 2.1.0
        ---
        platforms:
          kubernetes:
            deploymentSpec:
              executors:
                exec-writer:
                  pvcMount:
                  - {constant: shared, mountPath: /shared}
                exec-reader:
                  pvcMount:
                  - {constant: shared, mountPath: /shared}
                  configMapAsVolume:
                  - {configMapName: settings, mountPath: /cfg, optional: false}
                  secretAsEnv:
                  - keyToEnv: [{envVar: TOKEN, secretKey: token}]
                    secretName: creds
                exec-slow:
                  activeDeadlineSeconds: '2'
        """;
    }

    /// <summary>One task (say) in <paramref name="image"/>, writing "hello from the image" to its output parameter.</summary>
    public static string OneTask(string image)
    {
        var executors = ExecutorIn(image, "exec-say", "printf %s \"hello from the image\" > \"$1\"", "{{$.outputs.parameters['out'].output_file}}");
        return $$"""
        components:
          comp-say:
            executorLabel: exec-say
            outputDefinitions:
              parameters:
                out: {parameterType: STRING}
        deploymentSpec:
          executors:
        {{executors}}
        pipelineInfo:
          name: one-task
        root:
          dag:
            tasks:
              say:
                cachingOptions: {}
                componentRef: {name: comp-say}
                taskInfo: {name: say}
        schemaVersion: 2.1.0
        """;
    }
}
