using k8s;
using k8s.Models;

namespace DuckDuckGoose.Deploy.Tests;

/// <summary>
/// deploy/kubernetes: the files its kustomization.yaml lists, read strictly into the official client's
/// models (an unknown or misspelt field, or a value of the wrong type, throws).
/// </summary>
internal sealed class KubernetesManifests
{
    private KubernetesManifests(IReadOnlyList<object> objects) => Objects = objects;

    public IReadOnlyList<object> Objects { get; }

    public V1StatefulSet StatefulSet => Objects.OfType<V1StatefulSet>().Single();

    public V1Container Node => StatefulSet.Spec.Template.Spec.Containers.Single();

    public V1Service Service(string name) => Objects.OfType<V1Service>().Single(s => s.Metadata.Name == name);

    /// <summary>The files kustomization.yaml lists as its resources.</summary>
    public static IReadOnlyList<string> Resources() => [.. DeployFiles.Read("kubernetes", "kustomization.yaml").Split('\n')
        .SkipWhile(line => line.Trim() != "resources:").Skip(1)
        .TakeWhile(line => line.TrimStart().StartsWith("- ", StringComparison.Ordinal))
        .Select(line => line.Trim()[2..].Trim())];

    public static KubernetesManifests Load() =>
        new([.. Resources().SelectMany(file => Read(DeployFiles.Read("kubernetes", file)))]);

    public static IReadOnlyList<object> Read(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);
}
