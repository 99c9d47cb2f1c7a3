using System.Net.Sockets;
using System.Text;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using IPAddress = System.Net.IPAddress;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// The transport contract between two real nodes over HTTP: the client is an <see cref="HttpTransport"/>, the
/// serving node a <see cref="KestrelPeer"/>. (<see cref="TransportContractTests"/> keeps the HTTP-only checks
/// against a WireMock peer: error statuses and reply bodies that are not messages.)
/// </summary>
[Collection(TransportContractCollection.Name)]
public sealed class HttpTransportContractSuiteTests(ITestOutputHelper output) : TransportContractSuite(output)
{
    private static readonly string[] JunkBodies =
    [
        "",
        "garbage, not JSON",
        "null",
        "[1,2,3]",
        "{\"type\":\"no-such-message\",\"from\":\"x\"}",
        "{\"from\":\"x\",\"term\":1}",
        "{\"type\":\"vote\",\"from\":\"x\",\"term\":",
        "{\"type\":\"vote\",\"from\":\"x\",\"term\":\"one\"}",
        new string('x', 2 * 1024 * 1024),
    ];

    protected override Member AllocatePeer(string id) => new(id, $"http://127.0.0.1:{LoopbackPorts.Free()}");

    protected override async Task<IAsyncDisposable> ServeAsync(Member peer, IPeerMessageHandler handler) =>
        await KestrelPeer.StartAsync(peer, handler);

    protected override ITransport CreateClient(TransportSetup context) =>
        new HttpTransport(context, NullLogger<HttpTransport>.Instance);

    protected override async Task SendGarbageAsync(Member peer, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(peer.PeerAddress) };
        foreach (var body in JunkBodies)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            try
            {
                using var response = await http.PostAsync("/raft/message", content, cancellationToken);
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"junk got {(int)response.StatusCode}, not a 4xx");
            }
            catch (HttpRequestException) when (body.Length > KestrelPeer.MaxBodyBytes)
            {
                // An over-limit body may be answered 413 and the connection closed while it is still being
                // written: the sender then sees a broken pipe. Refused either way; the handler never saw it.
            }
        }

        // Bytes that are not HTTP at all: Kestrel answers 400 or drops the connection.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, new Uri(peer.PeerAddress).Port, cancellationToken);
        await tcp.GetStream().WriteAsync("\0\0\0\xff\xff not HTTP\r\n\r\n"u8.ToArray(), cancellationToken);
    }
}
