using D = Pipelines.Sdk.Generators.BodyDiagnosticDescriptors;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>PIPE0022: bulk data as a KFP parameter; silent on near misses and where the shape rules already report.</summary>
[TestClass]
public sealed class DataPassingTests
{
    [TestMethod]
    public Task PIPE0022_LargePayloadParameter() => BodyVerifier<DataPassingAnalyzer>.VerifyAsync("""
        public static class Steps
        {
            [Component]
            public static string ReadAll(Input<Dataset> raw) => {|#0:File.ReadAllText(raw.Path)|};

            [Component]
            public static async Task<string> ReadAsync(Input<Dataset> raw)
            {
                var text = await File.ReadAllTextAsync(raw.Path);
                return {|#1:text|};
            }

            [Component]
            public static (string Text, int Rows) Both(Input<Dataset> raw) => ({|#2:File.ReadAllText(raw.Path)|}, 1);

            [Component]
            public static int Bytes({|#3:List<byte>|} payload) => payload.Count;

            [Component]
            public static string? FirstLine(Input<Dataset> raw) => File.ReadLines(raw.Path).FirstOrDefault();

            [Component]
            public static int Length(Input<Dataset> raw)
            {
                Func<string> read = () => File.ReadAllText(raw.Path);
                return read().Length;
            }

            [Component]
            public static void ShapeError(byte[] data) { } // PIPE0004 (shape analyzer), not PIPE0022

            public static string NotAComponent(string path) => File.ReadAllText(path);
        }
        """,
        BodyVerifier<DataPassingAnalyzer>.Diagnostic(D.LargePayloadParameter).WithLocation(0).WithArguments("ReadAll", "returns the whole content of a file (File.ReadAllText) as an output parameter"),
        BodyVerifier<DataPassingAnalyzer>.Diagnostic(D.LargePayloadParameter).WithLocation(1).WithArguments("ReadAsync", "returns the whole content of a file (File.ReadAllTextAsync) as an output parameter"),
        BodyVerifier<DataPassingAnalyzer>.Diagnostic(D.LargePayloadParameter).WithLocation(2).WithArguments("Both", "returns the whole content of a file (File.ReadAllText) as an output parameter"),
        BodyVerifier<DataPassingAnalyzer>.Diagnostic(D.LargePayloadParameter).WithLocation(3).WithArguments("Bytes", "takes parameter 'payload' as a list of bytes (List<byte>)"));
}
