using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli;

/// <summary>What every command needs, read from the global options and the environment (<see cref="GlobalOptions"/>).</summary>
/// <param name="Url">The node to talk to.</param>
/// <param name="AdminToken">The admin token to send, or null.</param>
/// <param name="Json">Whether to answer in JSON instead of tables.</param>
/// <param name="Timeout">How long one request may take.</param>
/// <param name="Tls">With <c>--ca-file</c>: the only authority trusted for https nodes; null for the operating system's store.</param>
public sealed record CliSettings(Uri Url, string? AdminToken, bool Json, TimeSpan Timeout, PeerTls? Tls)
{
    /// <summary>An HTTP client of <paramref name="baseAddress"/> that sends the admin token and trusts what <see cref="Tls"/> says.</summary>
    public HttpClient CreateHttpClient(Uri baseAddress, TimeSpan timeout)
    {
        var transport = Tls?.CreateHandler() ?? new SocketsHttpHandler();
        return new HttpClient(new DuckApiClient.AdminTokenHandler(AdminToken) { InnerHandler = transport })
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
        };
    }
}
