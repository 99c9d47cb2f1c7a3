using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>
/// Another node's admin API faked with WireMock.Net on 127.0.0.1: answers <c>POST /cluster/members</c>
/// (and any other admin call) with whatever <see cref="Answer"/> returns for the n-th request.
/// </summary>
public sealed class FakeAdminNode : IDisposable
{
    private readonly WireMockServer _server;
    private int _answered;

    public FakeAdminNode()
    {
        var port = UnusedLoopbackPort();
        // Without explicit Urls WireMock binds to every interface; tests stay on loopback.
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        Url = $"http://127.0.0.1:{port}";
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(request =>
        {
            var (status, body, contentType) = ByRequest?.Invoke(request) ?? Answer(Interlocked.Increment(ref _answered));
            return new ResponseMessage
            {
                StatusCode = status,
                Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(contentType), ["Retry-After"] = new("1") },
                BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
            };
        }));
    }

    public string Url { get; }

    /// <summary>The answer to the n-th request (1-based): status, body and content type.</summary>
    public Func<int, (int Status, string Body, string ContentType)> Answer { get; set; } = _ => Done(new Member("x", "http://x"));

    /// <summary>When set and not null for a request, its answer instead of <see cref="Answer"/> (for answers that depend on the body).</summary>
    public Func<IRequestMessage, (int Status, string Body, string ContentType)?>? ByRequest { get; set; }

    public IReadOnlyList<IRequestMessage> Requests => [.. _server.LogEntries.Select(e => e.RequestMessage!)];

    public static (int, string, string) Done(Member member) => (
        200,
        JsonSerializer.Serialize(new MemberChange(member, new Member("g", "http://g"), [member], "Committed."), DuckApiJsonContext.Default.MemberChange),
        "application/json");

    /// <summary>A 200 answer with <paramref name="body"/> as JSON.</summary>
    public static (int, string, string) Json<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        (200, JsonSerializer.Serialize(body, type), "application/json");

    public static (int, string, string) Problem(int status, string type, string detail) => (
        status,
        $$"""{"type":"{{type}}","title":"t","status":{{status}},"detail":"{{detail}}"}""",
        "application/problem+json");

    /// <summary>A loopback port nobody listens on (connections to it are refused).</summary>
    public static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _server.Dispose();
}
