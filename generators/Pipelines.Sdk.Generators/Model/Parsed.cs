namespace Pipelines.Sdk.Generators;

/// <summary>
/// What a parser made of one attributed method or imported file: the model, nothing (the method
/// is not emitted; <see cref="ComponentShapeAnalyzer"/> says why), or the failure of the parser itself.
/// </summary>
internal sealed record Parsed<T>(T? Model, GeneratorFailure? Failure) where T : class
{
    public static readonly Parsed<T> Skipped = new Parsed<T>(null, null);

    public static Parsed<T> Of(T? model) => model is null ? Skipped : new Parsed<T>(model, null);
}
