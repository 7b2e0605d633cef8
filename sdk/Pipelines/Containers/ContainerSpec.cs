namespace Pipelines;

/// <summary>
/// What a <see cref="ContainerComponentAttribute">container component</see> runs: an image, its
/// command and its arguments (KFP's <c>dsl.ContainerSpec</c>). The compiler reads the
/// <c>return new ContainerSpec(...)</c> of the component's body; the image must be a constant,
/// and every element of <see cref="Command"/> and <see cref="Args"/> a constant, an
/// input or output of the component (<c>text</c>, <c>data.Path</c>, <c>model.Uri</c>,
/// <c>count.OutputFile</c>), an interpolated string of those, or
/// <see cref="ContainerArg.IfPresent(object, ContainerArg[], ContainerArg[])"/> /
/// <see cref="ContainerArg.Concat"/>.
/// </summary>
/// <remarks>Called as a plain method (in a unit test), the component returns the command line it
/// would run for those values: <see cref="Expand"/> resolves <c>IfPresent</c> and <c>Concat</c>.</remarks>
public sealed class ContainerSpec
{
    /// <param name="image">The image reference, e.g. <c>alpine:3.20</c> or a digest-pinned one.</param>
    /// <param name="command">The entry point; empty keeps the image's own.</param>
    /// <param name="args">The arguments.</param>
    public ContainerSpec(string image, ContainerArg[]? command = null, ContainerArg[]? args = null)
    {
        if (string.IsNullOrWhiteSpace(image)) throw new ArgumentException("A container needs an image.", nameof(image));
        Image = image;
        Command = command ?? [];
        Args = args ?? [];
    }

    public string Image { get; }
    public IReadOnlyList<ContainerArg> Command { get; }
    public IReadOnlyList<ContainerArg> Args { get; }

    /// <summary>The command line these values give: command, then args, placeholders resolved.</summary>
    public IReadOnlyList<string> Expand() => [.. Command.SelectMany(a => a.Expand()), .. Args.SelectMany(a => a.Expand())];
}
