namespace Pipelines;

/// <summary>
/// An output parameter of a component with a name of its own (KFP's <c>OutputPath(str)</c>): a
/// parameter <c>OutputParameter&lt;string&gt; scalar</c> declares the output <c>scalar</c>
/// (<c>STRING</c>), the component sets <see cref="Value"/>, and the entry point writes it where
/// KFP's launcher expects it, exactly as it writes a return value. Tasks expose it as
/// <c>.Outputs.Scalar</c>. A component that returns without setting it fails (PIPE2007).
/// In a unit test, pass <c>new OutputParameter&lt;string&gt;()</c> and read <see cref="Value"/> afterwards.
/// </summary>
public sealed class OutputParameter<T>
{
    private T _value = default!;

    /// <summary>The value the component produced; reading it before it is set throws.</summary>
    public T Value
    {
        get => IsSet ? _value : throw new InvalidOperationException("This OutputParameter has no value yet: the component has not set Value.");
        set
        {
            _value = value;
            IsSet = true;
        }
    }

    /// <summary>
    /// The file KFP's launcher reads the value from after the task. A <see cref="ContainerComponentAttribute">container
    /// component</see> passes it to its program (<c>{{$.outputs.parameters['x'].output_file}}</c>), which writes the
    /// value there; a <see cref="ComponentAttribute">[Component]</see> sets <see cref="Value"/> instead.
    /// </summary>
    public string OutputFile { get; init; } = "";

    /// <summary>Whether <see cref="Value"/> has been set.</summary>
    public bool IsSet { get; private set; }

    public override string ToString() => IsSet ? $"{_value}" : "(not set)";
}
