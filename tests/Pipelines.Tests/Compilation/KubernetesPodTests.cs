using System.Text.Json.Nodes;
using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>The KubernetesExecutorConfig fields beyond env, mounts and scheduling basics: pod
/// (anti-)affinity, generic ephemeral volumes, shared memory, security context, init containers,
/// DRA resource claims. Expected JSON is what kfp-kubernetes' functions write (MessageToDict of the
/// proto: camelCase names, int64 as strings, empty fields left out).</summary>
[TestClass]
public sealed class KubernetesPodTests
{
    private static JsonNode Executor(CompiledPipeline compiled, string label) =>
        compiled.PlatformSpec?["platforms"]?["kubernetes"]?["deploymentSpec"]?["executors"]?[label]
        ?? throw new AssertFailedException($"no platform config for {label}");

    /// <summary>kfp-kubernetes' test_pod_affinity.py: add_pod_affinity(match_pod_expressions=[security In S1],
    /// topology_key=zone, weight=10, anti=True).</summary>
    [TestMethod]
    public void PodAntiAffinityIsWrittenAsKfpKubernetesWritesIt()
    {
        var compiled = Ir.CompileAll("pod-anti-affinity", _ => FlowTasks.Print("x")
            .WithPodAntiAffinity("topology.kubernetes.io/zone", matchPodExpressions: [new LabelSelectorRequirement("security", LabelSelectorOperator.In, "S1")], weight: 10));
        JsonAssert.AreEqual("""
            {"podAffinity": [{"anti": true, "matchPodExpressions": [{"key": "security", "operator": "In", "values": ["S1"]}],
                              "topologyKey": "topology.kubernetes.io/zone", "weight": 10}]}
            """, Executor(compiled, "exec-print"));
    }

    [TestMethod]
    public void PodAffinityWithEverySelectorAndAJsonTermFromAParameter()
    {
        var compiled = Ir.CompileAll("pod-affinity", p => FlowTasks.Print("x")
            .WithPodAffinity("kubernetes.io/hostname",
                matchPodLabels: new Dictionary<string, string> { ["app"] = "cache" },
                matchPodExpressions: [new LabelSelectorRequirement("tier", LabelSelectorOperator.Exists)],
                namespaces: ["data", "ml"],
                matchNamespaceLabels: new Dictionary<string, string> { ["team"] = "ml" },
                matchNamespaceExpressions: [new LabelSelectorRequirement("env", LabelSelectorOperator.NotIn, "dev", "test")])
            .WithPodAffinityJson(p.Parameter<Dictionary<string, object>>("spread"), anti: true),
            """{"parameters":{"spread":{"parameterType":"STRUCT"}}}""");
        JsonAssert.AreEqual("""
            [{"matchNamespaceExpressions": [{"key": "env", "operator": "NotIn", "values": ["dev", "test"]}],
              "matchNamespaceLabels": {"team": "ml"},
              "matchPodExpressions": [{"key": "tier", "operator": "Exists"}],
              "matchPodLabels": {"app": "cache"},
              "namespaces": ["data", "ml"],
              "topologyKey": "kubernetes.io/hostname"},
             {"anti": true, "podAffinityJson": {"componentInputParameter": "spread"}}]
            """, Executor(compiled, "exec-print")["podAffinity"]);
    }

    /// <summary>A constant JSON term, like kfp-kubernetes' test_add_pod_affinity_json, replaces an earlier JSON term of the same kind.</summary>
    [TestMethod]
    public void AConstantPodAffinityJsonReplacesTheEarlierOneOfTheSameKind()
    {
        var term = new Dictionary<string, object>
        {
            ["labelSelector"] = new Dictionary<string, object> { ["matchExpressions"] = new[] { new Dictionary<string, object> { ["key"] = "security", ["operator"] = "In", ["values"] = new[] { "S1" } } } },
            ["topologyKey"] = "topology.kubernetes.io/zone",
        };
        var compiled = Ir.CompileAll("pod-affinity-json", _ => FlowTasks.Print("x")
            .WithPodAffinityJson((Value<Dictionary<string, object>>)new Dictionary<string, object> { ["topologyKey"] = "old" })
            .WithPodAffinityJson((Value<Dictionary<string, object>>)term));
        JsonAssert.AreEqual("""
            [{"anti": false, "podAffinityJson": {"runtimeValue": {"constant": {
                "labelSelector": {"matchExpressions": [{"key": "security", "operator": "In", "values": ["S1"]}]},
                "topologyKey": "topology.kubernetes.io/zone"}}}}]
            """, Executor(compiled, "exec-print")["podAffinity"]);
    }

    [TestMethod]
    public void VolumesSharedMemorySecurityInitContainersAndResourceClaims()
    {
        var compiled = Ir.CompileAll("pod-extras", p => FlowTasks.Print("x")
            .WithEphemeralVolume("scratch", "/scratch", "50Gi")
            .WithEphemeralVolume("fast", "/fast", "5Gi", ["ReadWriteOncePod"], storageClassName: "ssd",
                labels: new Dictionary<string, string> { ["team"] = "ml" }, annotations: new Dictionary<string, string> { ["backup"] = "no" })
            .WithSharedMemory("2Gi")
            .WithSecurityContext(runAsUser: 1000, runAsGroup: 3000, runAsNonRoot: true)
            .WithInitContainer("fetch", "busybox:1.36", command: ["sh", "-c"], args: ["wget -O /scratch/data $URL"],
                env: [KeyValuePair.Create("URL", "https://example.com/data"), KeyValuePair.Create("MIRROR", "$(URL)")],
                volumeMounts: new Dictionary<string, string> { ["scratch"] = "/scratch" },
                resourceRequests: new Dictionary<string, string> { ["memory"] = "64Mi", ["cpu"] = "100m" },
                resourceLimits: new Dictionary<string, string> { ["memory"] = "128Mi" })
            .WithInitContainer("proxy", "envoyproxy/envoy:v1.31", sidecar: true)
            .WithResourceClaim("single-gpu")
            .WithResourceClaimJson(p.Parameter<Dictionary<string, string>>("claim")),
            """{"parameters":{"claim":{"parameterType":"STRUCT"}}}""");
        JsonAssert.AreEqual("""
            {"enabledSharedMemory": {"size": "2Gi", "volumeName": "shm"},
             "genericEphemeralVolume": [
               {"accessModes": ["ReadWriteOnce"], "defaultStorageClass": true, "mountPath": "/scratch", "size": "50Gi", "volumeName": "scratch"},
               {"accessModes": ["ReadWriteOncePod"], "metadata": {"annotations": {"backup": "no"}, "labels": {"team": "ml"}},
                "mountPath": "/fast", "size": "5Gi", "storageClassName": "ssd", "volumeName": "fast"}],
             "initContainers": [
               {"args": ["wget -O /scratch/data $URL"], "command": ["sh", "-c"],
                "env": [{"name": "URL", "value": "https://example.com/data"}, {"name": "MIRROR", "value": "$(URL)"}],
                "image": "busybox:1.36", "name": "fetch",
                "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "100m", "memory": "64Mi"}},
                "volumeMounts": [{"mountPath": "/scratch", "volumeName": "scratch"}]},
               {"image": "envoyproxy/envoy:v1.31", "name": "proxy", "restartPolicy": "Always"}],
             "podResourceClaims": [{"resourceClaimTemplateName": "single-gpu"}, {"resourceClaimJson": {"componentInputParameter": "claim"}}],
             "securityContext": {"runAsGroup": "3000", "runAsNonRoot": true, "runAsUser": "1000"}}
            """, Executor(compiled, "exec-print"));
    }

    [TestMethod]
    public void SharedMemoryWithoutASizeLeavesItOut()
    {
        var compiled = Ir.CompileAll("shm", _ => FlowTasks.Print("x").WithSharedMemory());
        JsonAssert.AreEqual("""{"enabledSharedMemory": {"volumeName": "shm"}}""", Executor(compiled, "exec-print"));
    }

    [TestMethod]
    public void ResourceClaimJsonFromATaskOutputWaitsForTheProducer()
    {
        var compiled = Ir.CompileAll("claim-output", _ =>
        {
            var summary = StepsTasks.SummarizeValues(new List<int> { 1 });
            FlowTasks.Print("x").WithResourceClaimJson(summary.Outputs.Histogram);
        });
        JsonAssert.AreEqual("""["summarize-values"]""", Ir.Root(compiled.PipelineSpec)["print"]!["dependentTasks"]);
        JsonAssert.AreEqual("""[{"resourceClaimJson": {"taskOutputParameter": {"outputParameterKey": "histogram", "producerTask": "summarize-values"}}}]""",
            Executor(compiled, "exec-print")["podResourceClaims"]);
    }

    [TestMethod]
    public void InvalidPodOptionsAreRejected()
    {
        var task = () => FlowTasks.Print("x");
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("a", _ => task().WithPodAffinity("")));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ir.Compile("b", _ => task().WithPodAntiAffinity("zone", weight: 0)));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("c", _ => task().WithPodAffinity("zone", matchPodExpressions: [new LabelSelectorRequirement("k", LabelSelectorOperator.In)])));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("d", _ => task().WithPodAffinity("zone", matchPodExpressions: [new LabelSelectorRequirement("k", LabelSelectorOperator.Exists, "v")])));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("e", _ => task().WithEphemeralVolume("v", "/v", "1Gi", ["ReadWriteSometimes"])));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("f", _ => task().WithEphemeralVolume("v", "relative", "1Gi")));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("g", _ => task().WithSecurityContext()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ir.Compile("h", _ => task().WithSecurityContext(runAsUser: -1)));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("i", _ => task().WithSecurityContext(runAsUser: 0, runAsNonRoot: true)));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("j", _ => task().WithInitContainer("kfp-launcher", "busybox")));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("k", _ => task().WithInitContainer("a", "busybox").WithInitContainer("a", "alpine")));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("l", _ => task().WithInitContainer("a", "busybox", volumeMounts: new Dictionary<string, string> { ["v"] = "data" })));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("m", _ => task().WithResourceClaim(" ")));

        var notStruct = Ir.Fails("claim-string", p => task().WithResourceClaimJson(p.Parameter<string>("claim")), """{"parameters":{"claim":{"parameterType":"STRING"}}}""");
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, notStruct.Code);
        Assert.Contains("not STRUCT", notStruct.Message);
        var constantNotObject = Ir.Fails("affinity-list", _ => task().WithPodAffinityJson((Value<List<string>>)new List<string> { "a" }));
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, constantNotObject.Code);
        foreach (var (name, option) in new (string, Action<ImporterTask<Dataset>>)[]
        {
            ("importer-shm", t => t.WithSharedMemory()), ("importer-init", t => t.WithInitContainer("a", "busybox")),
            ("importer-claim", t => t.WithResourceClaim("gpu")), ("importer-security", t => t.WithSecurityContext(runAsUser: 1)),
            ("importer-volume", t => t.WithEphemeralVolume("v", "/v", "1Gi")), ("importer-affinity", t => t.WithPodAffinity("zone")),
        })
        {
            Assert.AreEqual(PipelineErrors.InvalidTaskOption, Ir.Fails(name, p => option(p.Import<Dataset>("gs://b/d.csv"))).Code, name);
        }
    }

    /// <summary>The validator knows the proto: names outside KubernetesExecutorConfig's messages and
    /// values the backend would refuse are reported, so the tests above prove the output is accepted.</summary>
    [TestMethod]
    public void TheValidatorRejectsFieldsAndValuesTheProtoDoesNotHave()
    {
        var compiled = Ir.CompileAll("valid", _ => FlowTasks.Print("x").WithSharedMemory("1Gi"));
        JsonObject With(string json)
        {
            var platform = (JsonObject)compiled.PlatformSpec!.DeepClone();
            var executor = platform["platforms"]!["kubernetes"]!["deploymentSpec"]!["executors"]!["exec-print"]!.AsObject();
            foreach (var (key, value) in JsonNode.Parse(json)!.AsObject()) executor[key] = value?.DeepClone();
            return platform;
        }
        void Rejects(string json, string pathPart)
        {
            var errors = KfpIrValidator.ValidatePlatform(With(json), compiled.PipelineSpec);
            Assert.IsTrue(errors.Any(e => e.Contains(pathPart, StringComparison.Ordinal)), $"{json}: expected an error at {pathPart}, got:\n{string.Join("\n", errors)}");
        }
        Assert.IsEmpty(KfpIrValidator.ValidatePlatform(compiled.PlatformSpec!, compiled.PipelineSpec));
        Rejects("""{"podAffinity": [{"topologyKey": "z", "labelSelector": {}}]}""", "podAffinity[0].labelSelector");
        Rejects("""{"podAffinity": [{"topologyKey": "z", "weight": 101}]}""", "podAffinity[0].weight");
        Rejects("""{"podAffinity": [{"matchPodLabels": {"a": "b"}}]}""", "podAffinity[0].topologyKey");
        Rejects("""{"podAffinity": [{"topologyKey": "z", "matchPodExpressions": [{"key": "k", "operator": "Gt"}]}]}""", "matchPodExpressions[0].operator");
        Rejects("""{"genericEphemeralVolume": [{"volumeName": "v", "mountPath": "/v", "accessModes": ["ReadWriteOnce"]}]}""", "genericEphemeralVolume[0].size");
        Rejects("""{"genericEphemeralVolume": [{"volumeName": "v", "mountPath": "/v", "size": "1Gi", "accessModes": ["Sometimes"]}]}""", "genericEphemeralVolume[0].accessModes");
        Rejects("""{"enabledSharedMemory": {"size": "1Gi", "medium": "Memory"}}""", "enabledSharedMemory.medium");
        Rejects("""{"securityContext": {"privileged": true}}""", "securityContext.privileged");
        Rejects("""{"securityContext": {"runAsUser": "root"}}""", "securityContext.runAsUser");
        Rejects("""{"initContainers": [{"name": "a", "image": "i", "restartPolicy": "OnFailure"}]}""", "initContainers[0].restartPolicy");
        Rejects("""{"initContainers": [{"name": "a", "image": "i", "volumeMounts": [{"name": "v", "mountPath": "/v"}]}]}""", "volumeMounts[0].name");
        Rejects("""{"initContainers": [{"name": "a", "image": "i"}, {"name": "a", "image": "j"}]}""", "initContainers[1].name");
        Rejects("""{"podResourceClaims": [{"resourceClaimName": "x"}]}""", "podResourceClaims[0].resourceClaimName");
        Rejects("""{"secretAsVolume": [{"secretName": "s", "mountPath": "/s", "items": [{"key": "a", "path": "b"}]}]}""", "secretAsVolume[0].items");
    }
}
