namespace Pipelines.Graphs.Layout;

/// <summary>
/// Estimates how wide a line of text is in a sans-serif font from its characters alone (no font
/// files on a build machine). Widths are em fractions rounded up from Helvetica/DejaVu Sans, so a
/// box sized with them holds the text in the common fonts a viewer substitutes.
/// </summary>
public static class TextMetrics
{
    public static double Width(string text, double fontSize, bool bold = false)
    {
        double em = 0;
        foreach (var c in text) em += Em(c);
        return Math.Ceiling(em * fontSize * (bold ? 1.08 : 1.0));
    }

    private static double Em(char c) => c switch
    {
        'i' or 'j' or 'l' or '\'' or '|' or '.' or ',' or ':' or ';' or '!' => 0.32,
        'f' or 't' or 'r' or 'I' or ' ' or '(' or ')' or '[' or ']' or '-' => 0.42,
        'm' or 'w' => 0.92,
        'M' or 'W' or '@' or '%' => 1.0,
        _ when char.IsAsciiLetterUpper(c) => 0.74,
        _ when char.IsAsciiDigit(c) => 0.64,
        _ when c < 128 => 0.62,
        _ => 1.0, // anything else (…, CJK): assume wide
    };
}
