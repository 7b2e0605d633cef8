namespace Pipelines.Tests.Compilation;

/// <summary>The task options added for the full authoring surface: custom cache key, ignoring upstream failure.</summary>
[TestClass]
public sealed class TaskOptionIrTests
{
    [TestMethod]
    public void ACustomCacheKeyReplacesTheFingerprint()
    {
        var spec = Ir.Compile("cache-key", _ =>
        {
            FlowTasks.Print("a").WithCacheKey("data-v3+code-1f2e");
            FlowTasks.Print("b").WithCaching(false).WithCacheKey("k");
            FlowTasks.Print("c").WithCacheKey("k").WithCaching(false);
        });
        JsonAssert.AreEqual("""{"cacheKey": "data-v3+code-1f2e", "enableCache": true}""", Ir.Root(spec)["print"]!["cachingOptions"]);
        JsonAssert.AreEqual("""{"cacheKey": "k", "enableCache": true}""", Ir.Root(spec)["print-2"]!["cachingOptions"], "a cache key turns caching on");
        JsonAssert.AreEqual("{}", Ir.Root(spec)["print-3"]!["cachingOptions"], "turning caching off drops the key");
        Assert.ThrowsExactly<ArgumentException>(() => new FlowTasks.PrintTask().WithCacheKey(" "));
    }

    [TestMethod]
    public void IgnoringUpstreamFailureRunsAfterUpstreamCompletes()
    {
        // KFP's pipeline_with_ignore_upstream_failure.yaml: the cleanup waits for the failing task however it ends.
        var spec = Ir.Compile("ignore-upstream-failure", p =>
        {
            var fail = FlowTasks.FlipCoin();
            FlowTasks.Print(p.Parameter<string>("marker_path")).After(fail).IgnoreUpstreamFailure();
        }, """{"parameters":{"marker_path":{"parameterType":"STRING"}}}""");
        JsonAssert.AreEqual("""
            {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print"}, "dependentTasks": ["flip-coin"],
             "inputs": {"parameters": {"message": {"componentInputParameter": "marker_path"}}},
             "taskInfo": {"name": "print"}, "triggerPolicy": {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}}
            """, Ir.Root(spec)["print"]);
    }

    [TestMethod]
    public void AnOptionalInputFromUpstreamIsAllowedWhenIgnoringFailure()
    {
        var spec = Ir.Compile("optional-upstream", _ => FlowTasks.FlipCoin(FlowTasks.Double(1).Output).IgnoreUpstreamFailure());
        JsonAssert.AreEqual("""["double"]""", Ir.Root(spec)["flip-coin"]!["dependentTasks"]);
    }
}
