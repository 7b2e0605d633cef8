namespace Pipelines.Fingerprints;

/// <summary>What one walk (<see cref="Reachability"/>) found and what it read to find it.</summary>
/// <param name="Start">Where the walk started: its roots and exclusions, as the caller writes them.</param>
/// <param name="Bodies">The method bodies it read: <c>&lt;assembly index&gt;:&lt;row&gt;,&lt;row&gt;…;…</c>, assemblies in
/// walk order.</param>
/// <param name="Inputs">Input key → digest. Null for a walk taken from the previous build's record
/// (<see cref="WalkRecord"/> keeps what the walk led to, not the inputs).</param>
/// <param name="ExternalAssemblies">Assemblies outside the user ones that the reached code references: simple name →
/// referenced version.</param>
/// <param name="FoundCodeByName">The reached code can find code by name.</param>
/// <remarks>Callers must not change the dictionaries: a result may be handed out again.</remarks>
internal sealed record WalkResult(string Start, string Bodies, SortedDictionary<string, string>? Inputs,
    SortedDictionary<string, string> ExternalAssemblies, bool FoundCodeByName);
