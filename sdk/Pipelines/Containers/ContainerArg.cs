using System.Globalization;

namespace Pipelines;

/// <summary>
/// One element of a container component's command or args: text (a constant or an input or
/// output of the component, converted implicitly), or one of KFP's container placeholders,
/// <see cref="IfPresent(object, ContainerArg[], ContainerArg[])"/> and <see cref="Concat"/>.
/// The compiler turns the expression into KFP's form; run as C#, it holds the values it was given.
/// </summary>
public sealed class ContainerArg
{
    private readonly string? _text;
    private readonly IReadOnlyList<ContainerArg>? _items;

    private ContainerArg(string? text, IReadOnlyList<ContainerArg>? items)
    {
        _text = text;
        _items = items;
    }

    public static implicit operator ContainerArg(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>An integer input as text (KFP writes NUMBER_INTEGER values the same way).</summary>
    public static implicit operator ContainerArg(int value) => new(value.ToString(CultureInfo.InvariantCulture), null);

    /// <inheritdoc cref="op_Implicit(int)"/>
    public static implicit operator ContainerArg(long value) => new(value.ToString(CultureInfo.InvariantCulture), null);

    /// <summary>
    /// KFP's <c>IfPresentPlaceholder</c>: <paramref name="then"/> when the task was given
    /// <paramref name="input"/> (an optional input of the component: a nullable parameter, one with a
    /// default, or a nullable <c>Input&lt;T&gt;?</c>), otherwise <paramref name="else"/>.
    /// </summary>
    public static ContainerArg IfPresent(object? input, ContainerArg[] then, ContainerArg[]? @else = null) =>
        new(null, input is not null ? then : @else ?? []);

    /// <summary>The single-element form, the only one allowed inside <see cref="Concat"/>.</summary>
    public static ContainerArg IfPresent(object? input, ContainerArg then, ContainerArg? @else = null) =>
        new(null, input is not null ? [then] : @else is null ? [] : [@else]);

    /// <summary>KFP's <c>ConcatPlaceholder</c>: the items joined into one argument.</summary>
    public static ContainerArg Concat(params ContainerArg[] items) =>
        new(string.Concat(items.Select(i => string.Concat(i.Expand()))), null);

    /// <summary>The arguments this element gives: one for text, any number for <c>IfPresent</c>.</summary>
    public IReadOnlyList<string> Expand() => _text is not null ? [_text] : [.. _items!.SelectMany(i => i.Expand())];

    public override string ToString() => string.Join(" ", Expand());
}
