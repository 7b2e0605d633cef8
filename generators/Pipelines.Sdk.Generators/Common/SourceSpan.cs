using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Where a diagnostic goes, as plain values: a model may not hold a <see cref="Location"/> (it
/// pins a syntax tree), but the generator still has to point at the user's code when it reports.
/// </summary>
internal sealed record SourceSpan(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    public static SourceSpan? From(Location? location)
    {
        if (location is null || location == Location.None) return null;
        var lines = location.GetLineSpan();
        return new SourceSpan(lines.Path ?? "", location.SourceSpan.Start, location.SourceSpan.Length,
            lines.StartLinePosition.Line, lines.StartLinePosition.Character, lines.EndLinePosition.Line, lines.EndLinePosition.Character);
    }

    /// <summary>A file with no position (an additional file the generator read).</summary>
    public static SourceSpan OfFile(string path) => new SourceSpan(path, 0, 0, 0, 0, 0, 0);

    public Location ToLocation() => Location.Create(FilePath, new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
}
