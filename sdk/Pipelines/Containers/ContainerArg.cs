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
    // Concat joins its items when expanded, not when built: an absent input in a branch IfPresent does not take must not fail.
    private readonly bool _joined;

    private ContainerArg(string? text, IReadOnlyList<ContainerArg>? items, bool joined = false)
    {
        _text = text;
        _items = items;
        _joined = joined;
    }

    /// <summary>Text. Null stands for an input the task was not given: fine in the branch of an
    /// <see cref="IfPresent(object, ContainerArg[], ContainerArg[])"/> that is not taken, an error when expanded.</summary>
    public static implicit operator ContainerArg(string? text) => text is null ? Absent : new(text, null);

    private static readonly ContainerArg Absent = new(null, null);

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
        new(null, items ?? throw new ArgumentNullException(nameof(items)), joined: true);

    /// <summary>The arguments this element gives: one for text, any number for <c>IfPresent</c>.</summary>
    /// <exception cref="InvalidOperationException">An input the task was not given is used outside IfPresent.</exception>
    public IReadOnlyList<string> Expand() =>
        _text is not null ? [_text]
        : _items is not null && _joined ? [string.Concat(_items.SelectMany(i => i.Expand()))]
        : _items is not null ? [.. _items.SelectMany(i => i.Expand())]
        : throw new InvalidOperationException("An optional input that has no value is on the command line; put it inside ContainerArg.IfPresent(input, ...).");

    public override string ToString() => string.Join(" ", Expand());
}
