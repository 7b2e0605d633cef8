using System.Text.Json.Nodes;

namespace Pipelines.Tests.Compilation;

/// <summary>Kubernetes task options → the PlatformSpec (YAML document 2, docs/kfp-contract.md#kubernetes-settings-document-2); importer and PVC tasks.</summary>
[TestClass]
public sealed class KubernetesTests
{
    private static JsonNode Executor(CompiledPipeline compiled, string label) =>
        compiled.PlatformSpec?["platforms"]?["kubernetes"]?["deploymentSpec"]?["executors"]?[label]
        ?? throw new AssertFailedException($"no platform config for {label}");

    [TestMethod]
    public void EveryOptionCompilesToItsKubernetesExecutorConfigField()
    {
        var compiled = Ir.CompileAll("k8s", _ => FlowTasks.Print("x")
            .WithSecretAsEnv("db", new Dictionary<string, string> { ["password"] = "DB_PASSWORD", ["user"] = "DB_USER" })
            .WithSecretAsVolume("tls", "/etc/tls", optional: true)
            .WithConfigMapAsEnv("settings", "level", "LOG_LEVEL")
            .WithConfigMapAsVolume("settings", "/etc/settings")
            .WithPvcMount("shared-data", "/data", subPath: "run-1")
            .WithEmptyDir("scratch", "/scratch", medium: "Memory", sizeLimit: "1Gi")
            .WithNodeSelector("cloud.google.com/gke-accelerator", "nvidia-tesla-t4")
            .WithToleration("nvidia.com/gpu", TolerationOperator.Exists, effect: TaintEffect.NoSchedule)
            .WithToleration("dedicated", TolerationOperator.Equal, "ml", TaintEffect.NoExecute, tolerationSeconds: 3600)
            .WithNodeAffinity([new NodeSelectorRequirement("zone", NodeSelectorOperator.In, "a", "b")], weight: 50)
            .WithImagePullSecrets("regcred", "mirror-cred")
            .WithImagePullPolicy(ImagePullPolicy.IfNotPresent)
            .WithPodLabel("team", "ml")
            .WithPodAnnotation("owner", "data-science")
            .WithTimeout(TimeSpan.FromMinutes(30))
            .WithFieldPathAsEnv("POD_NAME", "metadata.name"));

        JsonAssert.AreEqual("""
            {"activeDeadlineSeconds": "1800",
             "configMapAsEnv": [{"configMapName": "settings", "configMapNameParameter": {"runtimeValue": {"constant": "settings"}},
                                 "keyToEnv": [{"configMapKey": "level", "envVar": "LOG_LEVEL"}], "optional": false}],
             "configMapAsVolume": [{"configMapName": "settings", "configMapNameParameter": {"runtimeValue": {"constant": "settings"}}, "mountPath": "/etc/settings", "optional": false}],
             "emptyDirMounts": [{"medium": "Memory", "mountPath": "/scratch", "sizeLimit": "1Gi", "volumeName": "scratch"}],
             "fieldPathAsEnv": [{"fieldPath": "metadata.name", "name": "POD_NAME"}],
             "imagePullPolicy": "IfNotPresent",
             "imagePullSecret": [{"secretName": "regcred", "secretNameParameter": {"runtimeValue": {"constant": "regcred"}}},
                                 {"secretName": "mirror-cred", "secretNameParameter": {"runtimeValue": {"constant": "mirror-cred"}}}],
             "nodeAffinity": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}], "weight": 50}],
             "nodeSelector": {"labels": {"cloud.google.com/gke-accelerator": "nvidia-tesla-t4"}},
             "podMetadata": {"annotations": {"owner": "data-science"}, "labels": {"team": "ml"}},
             "pvcMount": [{"constant": "shared-data", "mountPath": "/data", "pvcNameParameter": {"runtimeValue": {"constant": "shared-data"}}, "subPath": "run-1"}],
             "secretAsEnv": [{"keyToEnv": [{"envVar": "DB_PASSWORD", "secretKey": "password"}, {"envVar": "DB_USER", "secretKey": "user"}],
                              "optional": false, "secretName": "db", "secretNameParameter": {"runtimeValue": {"constant": "db"}}}],
             "secretAsVolume": [{"mountPath": "/etc/tls", "optional": true, "secretName": "tls", "secretNameParameter": {"runtimeValue": {"constant": "tls"}}}],
             "tolerations": [{"effect": "NoSchedule", "key": "nvidia.com/gpu", "operator": "Exists"},
                             {"effect": "NoExecute", "key": "dedicated", "operator": "Equal", "tolerationSeconds": "3600", "value": "ml"}]}
            """, Executor(compiled, "exec-print"));
        Assert.AreSequenceEqual(["platforms"], compiled.PlatformSpec!.Select(p => p.Key));
    }

    [TestMethod]
    public void NamesFromPipelineParametersAndTaskOutputsResolveInTheTasksDagAndWaitForTheProducer()
    {
        var compiled = Ir.CompileAll("dynamic-names", p =>
        {
            var secret = FlowTasks.Print("generated-secret");
            FlowTasks.Print("x")
                .WithSecretAsEnv(secret.Output, "token", "TOKEN")
                .WithPvcMount(p.Parameter<string>("claim"), "/data")
                .WithImagePullSecrets(p.Parameter<string>("claim"))
                .WithNodeSelectorJson(p.Parameter<Dictionary<string, string>>("selector"))
                .WithTolerationJson(StepsTasks.SummarizeValues(new List<int> { 1 }).Outputs.Histogram);
        }, """{"parameters":{"claim":{"parameterType":"STRING"},"selector":{"parameterType":"STRUCT"}}}""");

        JsonAssert.AreEqual("""["print", "summarize-values"]""", Ir.Root(compiled.PipelineSpec)["print-2"]!["dependentTasks"],
            "the backend does not add producers referenced from Kubernetes config by itself");
        var config = Executor(compiled, "exec-print-2");
        JsonAssert.AreEqual("""
            [{"keyToEnv": [{"envVar": "TOKEN", "secretKey": "token"}], "optional": false,
              "secretNameParameter": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "print"}}}]
            """, config["secretAsEnv"]);
        JsonAssert.AreEqual("""[{"componentInputParameter": "claim", "mountPath": "/data", "pvcNameParameter": {"componentInputParameter": "claim"}}]""", config["pvcMount"]);
        JsonAssert.AreEqual("""[{"secretNameParameter": {"componentInputParameter": "claim"}}]""", config["imagePullSecret"]);
        JsonAssert.AreEqual("""{"nodeSelectorJson": {"componentInputParameter": "selector"}}""", config["nodeSelector"]);
        JsonAssert.AreEqual("""[{"tolerationJson": {"taskOutputParameter": {"outputParameterKey": "histogram", "producerTask": "summarize-values"}}}]""", config["tolerations"]);
    }

    /// <summary>KFP's test_data/sdk_compiled_pipelines/valid/critical/nested_parallel_for_secret.yaml:
    /// a secret name from a task output, used by a task inside a ParallelFor.</summary>
    [TestMethod]
    public void ASecretNameFromOutsideALoopIsHolePunchedIntoIt()
    {
        var compiled = Ir.CompileAll("pipeline-4-nested-parallel-for-secret", p =>
        {
            var emit = FlowTasks.Print("test-secret-1");
            p.ParallelFor(["x", "y"], item => FlowTasks.Print(item).WithSecretAsEnv(emit.Output, "username", "MY_SECRET_KEY"), parallelism: 1);
        });
        var spec = compiled.PipelineSpec;
        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-for-loop-2"}, "dependentTasks": ["print"],
             "inputs": {"parameters": {"pipelinechannel--print-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "print"}}}},
             "iteratorPolicy": {"parallelismLimit": 1},
             "parameterIterator": {"itemInput": "pipelinechannel--loop-item-param-1", "items": {"raw": "[\"x\", \"y\"]"}},
             "taskInfo": {"name": "for-loop-2"}}
            """, Ir.Root(spec)["for-loop-2"]);
        JsonAssert.AreEqual("""{"parameters": {"pipelinechannel--loop-item-param-1": {"parameterType": "STRING"}, "pipelinechannel--print-Output": {"parameterType": "STRING"}}}""",
            Ir.Component(spec, "comp-for-loop-2")["inputDefinitions"]);
        Assert.IsNull(Ir.Task(Ir.Tasks(spec, "comp-for-loop-2"), "print-2")["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"secretAsEnv": [{"keyToEnv": [{"envVar": "MY_SECRET_KEY", "secretKey": "username"}], "optional": false,
                              "secretNameParameter": {"componentInputParameter": "pipelinechannel--print-Output"}}]}
            """, Executor(compiled, "exec-print-2"));
    }

    [TestMethod]
    public void CreateMountAndDeleteAPvc()
    {
        var compiled = Ir.CompileAll("pvc", p =>
        {
            var pvc = p.CreatePvc("5Gi", ["ReadWriteOnce"], pvcNameSuffix: "-my-pvc", storageClassName: "standard");
            var use = FlowTasks.Print("x").WithPvcMount(pvc.PvcName, "/data");
            p.DeletePvc(pvc.PvcName).After(use);
        });
        var spec = compiled.PipelineSpec;
        JsonAssert.AreEqual("""
            {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-createpvc"},
             "inputs": {"parameters": {"access_modes": {"runtimeValue": {"constant": ["ReadWriteOnce"]}},
                                       "pvc_name_suffix": {"runtimeValue": {"constant": "-my-pvc"}},
                                       "size": {"runtimeValue": {"constant": "5Gi"}},
                                       "storage_class_name": {"runtimeValue": {"constant": "standard"}}}},
             "taskInfo": {"name": "createpvc"}}
            """, Ir.Root(spec)["createpvc"]);
        JsonAssert.AreEqual("""["createpvc"]""", Ir.Root(spec)["print"]!["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-deletepvc"}, "dependentTasks": ["createpvc", "print"],
             "inputs": {"parameters": {"pvc_name": {"taskOutputParameter": {"outputParameterKey": "name", "producerTask": "createpvc"}}}},
             "taskInfo": {"name": "deletepvc"}}
            """, Ir.Root(spec)["deletepvc"]);
        JsonAssert.AreEqual("""{"container": {"image": "argostub/createpvc"}}""", spec["deploymentSpec"]!["executors"]!["exec-createpvc"]);
        JsonAssert.AreEqual("""{"container": {"image": "argostub/deletepvc"}}""", spec["deploymentSpec"]!["executors"]!["exec-deletepvc"]);
        JsonAssert.AreEqual("""
            {"pvcMount": [{"mountPath": "/data",
                           "pvcNameParameter": {"taskOutputParameter": {"outputParameterKey": "name", "producerTask": "createpvc"}},
                           "taskOutputParameter": {"outputParameterKey": "name", "producerTask": "createpvc"}}]}
            """, Executor(compiled, "exec-print"));
        JsonAssert.AreEqual("""{"parameters": {"name": {"parameterType": "STRING"}}}""", Ir.Component(spec, "comp-createpvc")["outputDefinitions"]);
    }

    [TestMethod]
    public void WithoutKubernetesSettingsThereIsNoPlatformSpec()
    {
        var compiled = Ir.CompileAll("plain", _ => FlowTasks.Print("x").WithCpuLimit("1"));
        Assert.IsNull(compiled.PlatformSpec);
    }

    [TestMethod]
    public void InvalidKubernetesOptionsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("relative", _ => FlowTasks.Print("x").WithPvcMount("c", "data")));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("toleration", _ => FlowTasks.Print("x").WithToleration(value: "v")));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ir.Compile("weight", _ => FlowTasks.Print("x").WithNodeAffinity([new NodeSelectorRequirement("k", NodeSelectorOperator.Exists)], weight: 101)));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("pvc", p => p.CreatePvc("1Gi", ["ReadWriteOnce"])));

        var wrongType = Ir.Fails("int-name", p => FlowTasks.Print("x").WithSecretAsEnv(new Value<string>(((Value<int>)FlowTasks.Double(1).Output).Source), "k", "V"));
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, wrongType.Code);
        Assert.Contains("which KFP types as NUMBER_INTEGER, not STRING", wrongType.Message);

        var onImporter = Ir.Fails("importer-k8s", p => p.Import<Dataset>("gs://b/d.csv").WithNodeSelector("a", "b"));
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, onImporter.Code);
        Assert.Contains("Kubernetes options need the task's own container, and an importer task has none", onImporter.Message);
    }

    // ---- importer ----

    [TestMethod]
    public void AnImporterWithAConstantUriAndMetadata()
    {
        var spec = Ir.Compile("import-constant", p =>
        {
            var data = p.Import<Dataset>("gs://bucket/churn.csv", new Dictionary<string, object?> { ["rows"] = 812, ["source"] = "crm" }, reimport: true);
            StepsTasks.Clean(data);
        });
        JsonAssert.AreEqual("""
            {"importer": {"artifactUri": {"constant": "gs://bucket/churn.csv"}, "metadata": {"rows": 812, "source": "crm"}, "reimport": true,
                          "typeSchema": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}}
            """, spec["deploymentSpec"]!["executors"]!["exec-importer"]);
        JsonAssert.AreEqual("""
            {"executorLabel": "exec-importer",
             "inputDefinitions": {"parameters": {"uri": {"parameterType": "STRING"}}},
             "outputDefinitions": {"artifacts": {"artifact": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}}}}
            """, Ir.Component(spec, "comp-importer"));
        JsonAssert.AreEqual("""
            {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-importer"},
             "inputs": {"parameters": {"uri": {"runtimeValue": {"constant": "gs://bucket/churn.csv"}}}}, "taskInfo": {"name": "importer"}}
            """, Ir.Root(spec)["importer"]);
        JsonAssert.AreEqual("""{"artifacts": {"raw": {"taskOutputArtifact": {"outputArtifactKey": "artifact", "producerTask": "importer"}}}}""", Ir.Root(spec)["clean"]!["inputs"]);
    }

    [TestMethod]
    public void AnImporterWithARuntimeUriAndMetadataFromValues()
    {
        var spec = Ir.Compile("import-dynamic", p =>
        {
            var uri = p.Parameter<string>("uri");
            var version = FlowTasks.Print("v3").Output;
            ArtifactRef<Model> model = p.Import<Model>(uri, new Dictionary<string, object?>
            {
                ["version"] = version,
                ["nested"] = new Dictionary<string, object?> { ["again"] = version, ["uri"] = uri },
                ["fixed"] = (Value<int>)3,
            }).WithDisplayName("Import model");
            FlowTasks.Deploy(model);
        }, """{"parameters":{"uri":{"parameterType":"STRING"}}}""");
        JsonAssert.AreEqual("""
            {"importer": {"artifactUri": {"runtimeParameter": "uri"},
                          "metadata": {"fixed": 3, "nested": {"again": "{{$.inputs.parameters['metadata']}}", "uri": "{{$.inputs.parameters['metadata-2']}}"},
                                       "version": "{{$.inputs.parameters['metadata']}}"},
                          "typeSchema": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}
            """, spec["deploymentSpec"]!["executors"]!["exec-importer"]);
        JsonAssert.AreEqual("""
            {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-importer"}, "dependentTasks": ["print"],
             "inputs": {"parameters": {"metadata": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "print"}},
                                       "metadata-2": {"componentInputParameter": "uri"},
                                       "uri": {"componentInputParameter": "uri"}}},
             "taskInfo": {"name": "Import model"}}
            """, Ir.Root(spec)["importer"]);
        JsonAssert.AreEqual("""{"parameters": {"metadata": {"parameterType": "STRING"}, "metadata-2": {"parameterType": "STRING"}, "uri": {"parameterType": "STRING"}}}""",
            Ir.Component(spec, "comp-importer")["inputDefinitions"]);
    }

    [TestMethod]
    public void AnImporterInsideALoopImportsEachItem()
    {
        var spec = Ir.Compile("import-loop", p => p.ParallelFor(["gs://b/1.csv", "gs://b/2.csv"], uri => StepsTasks.Clean(p.Import<Dataset>(uri))));
        JsonAssert.AreEqual("""{"artifactUri": {"runtimeParameter": "uri"}, "typeSchema": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}""",
            spec["deploymentSpec"]!["executors"]!["exec-importer"]!["importer"]);
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--loop-item-param-1"}""",
            Ir.Task(Ir.Tasks(spec, "comp-for-loop-2"), "importer")["inputs"]!["parameters"]!["uri"]);
    }
}
