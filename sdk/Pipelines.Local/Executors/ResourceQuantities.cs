using System.Globalization;

namespace Pipelines.Local;

/// <summary>Kubernetes resource quantities as Docker limits: cpu ("2", "500m") to nano-CPUs, memory ("4Gi", "512M", bytes) to bytes.</summary>
internal static class ResourceQuantities
{
    public static long? NanoCpus(string? cpu)
    {
        if (string.IsNullOrWhiteSpace(cpu)) return null;
        cpu = cpu.Trim();
        if (cpu.EndsWith('m') && double.TryParse(cpu[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var milli)) return (long)(milli * 1_000_000);
        return double.TryParse(cpu, NumberStyles.Float, CultureInfo.InvariantCulture, out var cores) ? (long)(cores * 1_000_000_000) : null;
    }

    public static long? Bytes(string? memory)
    {
        if (string.IsNullOrWhiteSpace(memory)) return null;
        memory = memory.Trim();
        (string Suffix, double Factor)[] units =
        [
            ("Ki", 1024), ("Mi", 1024d * 1024), ("Gi", 1024d * 1024 * 1024), ("Ti", 1024d * 1024 * 1024 * 1024),
            ("K", 1e3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
        ];
        foreach (var (suffix, factor) in units)
        {
            if (memory.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(memory[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                return (long)(n * factor);
        }

        return double.TryParse(memory, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) ? (long)bytes : null;
    }
}
