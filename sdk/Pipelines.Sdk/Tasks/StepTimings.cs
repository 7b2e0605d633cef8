using System.Diagnostics;
using System.Globalization;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Where a long build step spends its time, as one line (<c>base image 12 ms, fingerprints 380 ms, …</c>): laps with the
/// same name add up, in the order first seen; then how much of it the JIT took (the whole process's, so other work in the
/// same MSBuild node counts too). For `-v:n` logs and the scale benchmark, not for decisions.
/// </summary>
internal sealed class StepTimings
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<(string Name, TimeSpan Time)> _laps = [];
    private readonly TimeSpan _jitTime = System.Runtime.JitInfo.GetCompilationTime();
    private readonly long _jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();

    /// <summary>Adds the time since the previous lap to <paramref name="name"/>.</summary>
    public void Lap(string name)
    {
        var elapsed = _watch.Elapsed;
        _watch.Restart();
        var i = _laps.FindIndex(l => l.Name == name);
        if (i < 0) _laps.Add((name, elapsed));
        else _laps[i] = (name, _laps[i].Time + elapsed);
    }

    public override string ToString() =>
        string.Join(", ", _laps.Select(l => $"{l.Name} {Milliseconds(l.Time)} ms"))
        + $" (JIT meanwhile: {Milliseconds(System.Runtime.JitInfo.GetCompilationTime() - _jitTime)} ms, {System.Runtime.JitInfo.GetCompiledMethodCount() - _jitMethods} methods)";

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
}
