using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Typed admin clients (<see cref="DuckApiClient"/>) for the nodes of a <see cref="ProcessCluster"/>, with
/// and without the admin token, and a raw <see cref="HttpClient"/> for requests Refit cannot produce.
/// Every client gives up after <see cref="RequestTimeout"/>, so a hanging node fails the test instead of stalling it.
/// </summary>
internal sealed class AdminClients(string adminToken) : IDisposable
{
    /// <summary>How long one admin call may take (a step-down waits for the hand-over: one election timeout plus confirmation).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly List<HttpClient> _clients = [];

    /// <summary>The token every node was started with.</summary>
    public string AdminToken { get; } = adminToken;

    /// <summary>A raw client with no base address and no token.</summary>
    public HttpClient Raw { get; } = new() { Timeout = RequestTimeout };

    /// <summary>A typed client of <paramref name="node"/> that sends the admin token.</summary>
    public IDuckApi Admin(NodeProcess node) => Create(node, AdminToken);

    /// <summary>A typed client of <paramref name="node"/> that sends no token.</summary>
    public IDuckApi Anonymous(NodeProcess node) => Create(node, null);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Raw.Dispose();
    }

    private IDuckApi Create(NodeProcess node, string? token)
    {
        var client = new HttpClient(new DuckApiClient.AdminTokenHandler(token) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri(node.Url),
            Timeout = RequestTimeout,
        };
        _clients.Add(client);
        return DuckApiClient.Create(client);
    }
}
