namespace Pipelines.Tests;

// Custom artifact types as C# classes: Google Cloud Pipeline Components' google.VertexModel, and a
// subclass of Model without its own attribute (still a system.Model).

[ArtifactSchema("google.VertexModel")]
public class VertexModel : Artifact;

public class Checkpoint : Model;

public static class Vertex
{
    [Component(Name = "upload-model")]
    public static string Upload(Input<Checkpoint> checkpoint, Output<VertexModel> uploaded)
    {
        File.WriteAllText(uploaded.Path, File.ReadAllText(checkpoint.Path));
        uploaded.Metadata["resourceName"] = "projects/p/locations/l/models/1";
        return uploaded.Artifact.SchemaTitle;
    }

    [Component(Name = "deploy-vertex-model")]
    public static string Deploy(Input<VertexModel> model) => model.Metadata.Get<string>("resourceName");
}
