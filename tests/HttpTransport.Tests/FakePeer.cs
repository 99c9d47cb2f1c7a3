using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DuckDuckGoose.Contracts;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// A peer node faked with WireMock.Net on 127.0.0.1, answering <c>POST /raft/message</c>. Its behaviour
/// can be switched between requests (answer, fail with a status, answer garbage, answer too late).
/// </summary>
internal sealed class FakePeer : IDisposable
{
    private readonly WireMockServer _server;

    private FakePeer(string id, WireMockServer server, int port)
    {
        _server = server;
        Member = new Member(id, $"http://127.0.0.1:{port}");
    }

    public Member Member { get; }

    public string Id => Member.Id;

    /// <summary>Starts a peer that answers every message with <paramref name="answer"/>.</summary>
    public static FakePeer Start(string id, Func<PeerMessage, PeerMessage> answer)
    {
        var port = UnusedLoopbackPort();
        // Without explicit Urls WireMock binds to every interface; tests stay on loopback.
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        var peer = new FakePeer(id, server, port);
        peer.AnswerWith(answer);
        return peer;
    }

    /// <summary>A loopback port nobody listens on (connections to it are refused).</summary>
    public static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Every message received so far, decoded.</summary>
    public IReadOnlyList<PeerMessage> Received =>
        Requests
            .Select(r => JsonSerializer.Deserialize(r.Body!, PeerJsonContext.Default.PeerMessage)!)
            .ToList();

    /// <summary>
    /// The raw <c>POST /raft/message</c> requests received so far (a WireMock peer refuses the transport's
    /// stream upgrade, <see cref="StreamUpgrades"/>, so every message comes this way).
    /// </summary>
    public IReadOnlyList<WireMock.IRequestMessage> Requests => Logged("POST", "/raft/message");

    /// <summary>The stream upgrades asked for so far (<c>GET /raft/stream</c>), each refused with 404.</summary>
    public IReadOnlyList<WireMock.IRequestMessage> StreamUpgrades => Logged("GET", "/raft/stream");

    public void AnswerWith(Func<PeerMessage, PeerMessage> answer) => Respond(Answering(answer));

    public void AnswerStatus(int statusCode) =>
        Respond(Response.Create().WithStatusCode(statusCode).WithBody("{\"title\":\"boom\"}"));

    public void AnswerBody(string body) =>
        Respond(Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithBody(body));

    /// <summary>Answers correctly, but only after <paramref name="delay"/>.</summary>
    public void AnswerAfter(TimeSpan delay, Func<PeerMessage, PeerMessage> answer) =>
        Respond(Answering(answer).WithDelay(delay));

    public void Dispose() => _server.Dispose();

    private List<WireMock.IRequestMessage> Logged(string method, string path) =>
        _server.LogEntries
            .Select(e => e.RequestMessage!)
            .Where(r => r.Method == method && r.Path == path)
            .ToList();

    private static IResponseBuilder Answering(Func<PeerMessage, PeerMessage> answer) =>
        Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithBody(request => JsonSerializer.Serialize(
                answer(JsonSerializer.Deserialize(request.Body!, PeerJsonContext.Default.PeerMessage)!),
                PeerJsonContext.Default.PeerMessage));

    private void Respond(IResponseBuilder response)
    {
        _server.ResetMappings();
        _server.Given(Request.Create().WithPath("/raft/message").UsingPost()).RespondWith(response);
    }
}
