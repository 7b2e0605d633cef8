using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

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
            var record = WalkRecord.Open(request.WalkRecordFile, assemblies);
            if (EntryPointReach(app, assemblies, record) is not { } walk) return null;
            var others = new SortedDictionary<string, string>(shared, StringComparer.Ordinal);
            foreach (var (key, value) in packages.Inputs(walk.ExternalAssemblies)) others[key] = value;
            var context = ComponentFingerprint.DigestOf(others);
            // The walk may come from the image step of this build, made or taken with another record instance: this one
            // checks it before believing what the record says was made from it.
            if (record.Reuse(WalkName, walk.Start) is null && walk.Inputs is not null) record.Walked(WalkName, walk);
            if (record.Fingerprint(WalkName, Name, context) is { } digest) return ComponentFingerprint.Recorded(Name, digest);

            // Other inputs than recorded (or none recorded): the walk's own inputs are needed, and a recorded walk has none.
            if (walk.Inputs is null) walk = EntryPointReach(app, assemblies, record, withInputs: true)!;
            foreach (var (key, value) in walk.Inputs!) others[key] = value;
            var fingerprint = new ComponentFingerprint(Name, others);
            record.Fingerprinted(WalkName, Name, context, fingerprint.Digest);
            record.Save();
            return fingerprint;
        });

    // The image step (for trimming) and the YAML step (for this fingerprint) walk the same assemblies in one build, in one
    // MSBuild process: the second one takes the first one's result. One slot; the key is every assembly's identity.
    private static readonly object s_lastLock = new();
    private static (string Key, WalkResult? Result)? s_last;

    private const string WalkName = "entry point";

    /// <summary>What the generated entry point can run besides the component executors: <c>Main</c>, the registrations
    /// and what they reach (the pipeline methods among them). Null without a generated entry point. Taken from
    /// <paramref name="record"/> when an earlier build's walk still holds (then without its inputs, unless
    /// <paramref name="withInputs"/> asks to walk for them), and recorded there otherwise.</summary>
    internal static WalkResult? EntryPointReach(CodeAssembly app, List<CodeAssembly> assemblies, WalkRecord record, bool withInputs = false)
    {
        var key = string.Join("\n", assemblies.Select(Identity));
        lock (s_lastLock)
        {
            if (s_last is { } last && last.Key == key && (!withInputs || last.Result?.Inputs is not null)) return last.Result;
        }
        WalkResult? result = null;
        if (app.TryFindType(EntryPointExecutors.TypeName, out var entryPoint))
        {
            var executors = EntryPointExecutors.Find(app).Values.Select(e => e.Executor).ToHashSet();
            var roots = app.Reader.GetTypeDefinition(entryPoint).GetMethods().Where(m => !executors.Contains(m)).ToList();
            // Roots and exclusions follow from the entry point's shape and its static constructor, which the walk reads;
            // they are written down all the same, so that a reused walk provably started where this one would.
            var start = $"roots {Rows(roots)} excluded {Rows(executors)}";
            result = withInputs ? null : record.Reuse(WalkName, start);
            if (result is null)
            {
                bool IsEntryPoint(CodeAssembly a, TypeDefinitionHandle t) => a == app && t == entryPoint;
                var reach = new Reachability(assemblies, IsEntryPoint);
                foreach (var executor in executors) reach.Exclude(app, executor);
                foreach (var method in roots) reach.AddRoot(app, method);
                reach.Run();
                result = reach.Result(start);
                record.Walked(WalkName, result);
            }
        }
        lock (s_lastLock) s_last = (key, result);
        return result;
    }

    private static string Rows(IEnumerable<MethodDefinitionHandle> methods) =>
        string.Join(",", methods.Select(m => MetadataTokens.GetRowNumber(m)).Order());

    /// <summary>An assembly file as read: path, length, time stamp and module version id (content-derived in a
    /// deterministic build; all four must match for a walk to be reused).</summary>
    private static string Identity(CodeAssembly assembly)
    {
        var file = new FileInfo(assembly.Path);
        var mvid = assembly.Reader.GetGuid(assembly.Reader.GetModuleDefinition().Mvid);
        return $"{assembly.Path}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{mvid}";
    }
}
