using System.Text.Json;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Reads another node's (or this node's own) <c>GET /status</c> with the admin API's source-generated JSON
/// metadata, for the node's own checks: the advertise check at start and the Goose's probe of a newcomer.
/// Not through the Refit client (<see cref="IDuckApi"/>): setting that up took about 1 MiB of RSS and its
/// compiling in a node's first second (its settings load their own serializer and compression assemblies),
/// for one read of one document. A node still uses the Refit client to join and to leave.
/// </summary>
public static class NodeStatusReader
{
    /// <summary>The status the node at <paramref name="nodeUrl"/> answers.</summary>
    /// <exception cref="HttpRequestException">No answer, or an answer other than 2xx.</exception>
    /// <exception cref="JsonException">The answer is not a status document.</exception>
    public static async Task<NodeStatus> ReadAsync(HttpClient client, string nodeUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeUrl);
        using var response = await client.GetAsync(new Uri(nodeUrl.TrimEnd('/') + "/status"), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(body, DuckApiJsonContext.Default.NodeStatus, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException($"{nodeUrl}/status answered null.");
        }
    }
}
