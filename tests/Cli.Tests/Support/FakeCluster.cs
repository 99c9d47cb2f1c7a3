using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Tests.Support;

/// <summary>
/// Three members faked for <c>watch</c>: <see cref="Duck"/> (a Duck that names <see cref="Goose"/>),
/// <see cref="Goose"/>, and a third whose URL refuses connections (<see cref="DeadUrl"/>).
/// </summary>
public sealed class FakeCluster : IDisposable
{
    public const long Term = 4;

    public FakeCluster()
    {
        DeadUrl = $"http://127.0.0.1:{FakeNode.UnusedLoopbackPort()}";
        Members = [Samples.Member("a", Duck.Url), Samples.Member("b", Goose.Url), Samples.Member("c", DeadUrl)];
        var goose = Members[1];
        Duck.Json("GET", "/cluster", Samples.View("a", NodeRole.Duck, Term, goose, Members, fromGoose: false), DuckApiJsonContext.Default.ClusterView);
        Goose.Json("GET", "/cluster", Samples.View("b", NodeRole.Goose, Term, goose, Members, fromGoose: true), DuckApiJsonContext.Default.ClusterView);
        Duck.Json("GET", "/status", Samples.Status("a", Duck.Url, NodeRole.Duck, Term, goose, Members), DuckApiJsonContext.Default.NodeStatus);
        Goose.Json("GET", "/status", Samples.Status("b", Goose.Url, NodeRole.Goose, Term, goose, Members), DuckApiJsonContext.Default.NodeStatus, onRequest: () => OnGooseStatus?.Invoke());
    }

    public FakeNode Duck { get; } = new();

    public FakeNode Goose { get; } = new();

    public string DeadUrl { get; }

    public IReadOnlyList<Member> Members { get; }

    /// <summary>Called when the Goose answers <c>GET /status</c>.</summary>
    public Action? OnGooseStatus { get; set; }

    public void Dispose()
    {
        Duck.Dispose();
        Goose.Dispose();
    }
}
