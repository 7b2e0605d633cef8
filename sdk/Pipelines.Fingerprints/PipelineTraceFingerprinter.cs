using System.Reflection.Metadata;

namespace Pipelines.Fingerprints;

/// <summary>
/// The fingerprint of what tracing the pipelines (<c>dotnet app.dll --emit-pipelines</c>) can execute: the generated entry
/// point (<c>Main</c>, the component and pipeline registrations with every component's spec) and, transitively, the
/// <c>[Pipeline]</c> methods and all code they can reach in the app and helper assemblies, the packages that code reaches
/// (the Pipelines runtime, which compiles the IR, among them), the content files and the settings. The component
/// executors are left out: the trace only takes delegates of them, never calls them, so a change confined to component
/// bodies (and what only they reach) leaves this fingerprint, and the traced IR, as they were. Same rules as
/// <see cref="ComponentFingerprinter"/> otherwise (overrides, static constructors, closures, reflection by name folds
/// everything in, the executors included).
/// </summary>
public static class PipelineTraceFingerprinter
{
    /// <summary>The name the fingerprint carries.</summary>
    public const string Name = "pipeline trace";

    /// <summary>Null when the app has no generated entry point (its own Main): then nothing tells what the trace runs.</summary>
    /// <exception cref="BadImageFormatException">An assembly cannot be read.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static ComponentFingerprint? Compute(FingerprintRequest request) =>
        ComponentFingerprinter.WithAssemblies(request, (app, assemblies, shared, packages) =>
        {
            if (EntryPointReach(app, assemblies) is not { } reach) return null;
            var inputs = new SortedDictionary<string, string>(reach.Inputs, StringComparer.Ordinal);
            foreach (var (key, value) in shared) inputs[key] = value;
            foreach (var (key, value) in packages.Inputs(reach.ExternalAssemblies)) inputs[key] = value;
            return new ComponentFingerprint(Name, inputs);
        });

    /// <summary>The inputs and the external assemblies of the walk of <see cref="EntryPointReach"/>.</summary>
    internal sealed record EntryPointReachResult(SortedDictionary<string, string> Inputs, SortedDictionary<string, string> ExternalAssemblies);

    // The image step (for trimming) and the YAML step (for this fingerprint) walk the same assemblies in one build, in one
    // MSBuild process: the second one takes the first one's result. One slot; the key is every assembly's identity.
    private static readonly object s_lastLock = new();
    private static (string Key, EntryPointReachResult? Result)? s_last;

    /// <summary>What the generated entry point can run besides the component executors: <c>Main</c>, the registrations
    /// and what they reach (the pipeline methods among them). Null without a generated entry point. Callers must not
    /// change the dictionaries: a later call on the same assemblies returns the same ones.</summary>
    internal static EntryPointReachResult? EntryPointReach(CodeAssembly app, List<CodeAssembly> assemblies)
    {
        var key = string.Join("\n", assemblies.Select(Identity));
        lock (s_lastLock)
        {
            if (s_last is { } last && last.Key == key) return last.Result;
        }
        var result = Walk(app, assemblies);
        lock (s_lastLock) s_last = (key, result);
        return result;
    }

    private static EntryPointReachResult? Walk(CodeAssembly app, List<CodeAssembly> assemblies)
    {
        if (!app.TryFindType(EntryPointExecutors.TypeName, out var entryPoint)) return null;
        bool IsEntryPoint(CodeAssembly a, TypeDefinitionHandle t) => a == app && t == entryPoint;
        var reach = new Reachability(assemblies, IsEntryPoint);
        var executors = EntryPointExecutors.Find(app).Values.Select(e => e.Executor).ToHashSet();
        foreach (var executor in executors) reach.Exclude(app, executor);
        foreach (var method in app.Reader.GetTypeDefinition(entryPoint).GetMethods())
            if (!executors.Contains(method)) reach.AddRoot(app, method);
        reach.Run();
        return new EntryPointReachResult(reach.Inputs, reach.ExternalAssemblies);
    }

    /// <summary>An assembly file as read: path, length, time stamp and module version id (content-derived in a
    /// deterministic build; all four must match for a walk to be reused).</summary>
    private static string Identity(CodeAssembly assembly)
    {
        var file = new FileInfo(assembly.Path);
        var mvid = assembly.Reader.GetGuid(assembly.Reader.GetModuleDefinition().Mvid);
        return $"{assembly.Path}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{mvid}";
    }
}
