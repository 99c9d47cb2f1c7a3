using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DuckDuckGoose.Cli.Tests.Support;

/// <summary>
/// A node's admin API faked with WireMock.Net on 127.0.0.1: each route answers what the test set, and every
/// request is recorded (method, path, headers, body). A route not set answers 404.
/// </summary>
public sealed class FakeNode : IDisposable
{
    private readonly WireMockServer _server;

    public FakeNode()
    {
        var port = UnusedLoopbackPort();
        // Without explicit Urls WireMock binds to every interface; tests stay on loopback.
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public IReadOnlyList<ILogEntry> Requests => [.. _server.LogEntries];

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with 200 and <paramref name="body"/> as JSON.</summary>
    public FakeNode Json<T>(string method, string path, T body, JsonTypeInfo<T> type, TimeSpan? delay = null, Action? onRequest = null) =>
        Answer(method, path, 200, JsonSerializer.Serialize(body, type), "application/json", delay: delay, onRequest: onRequest);

    /// <summary>Answers with RFC 9457 problem details.</summary>
    public FakeNode Problem(string method, string path, int status, string type, string title, string detail, int? retryAfter = null) =>
        Answer(
            method,
            path,
            status,
            JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = type, ["title"] = title, ["status"] = status, ["detail"] = detail }),
            "application/problem+json",
            retryAfter);

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with exactly this status, body and content type.</summary>
    public FakeNode Answer(string method, string path, int status, string body, string contentType, int? retryAfter = null, TimeSpan? delay = null, Action? onRequest = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType);
        if (retryAfter is { } seconds)
        {
            response = response.WithHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (onRequest is null)
        {
            response = response.WithBody(body);
            if (delay is { } d)
            {
                response = response.WithDelay(d);
            }
        }
        else
        {
            // WireMock applies WithDelay before it builds the body, so the callback would come late: call it
            // first, then hold the answer back.
            response = response.WithBody(_ =>
            {
                onRequest();
                Thread.Sleep(delay ?? TimeSpan.Zero);
                return body;
            });
        }

        _server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
        return this;
    }

    /// <summary>The requests to <paramref name="path"/>.</summary>
    public IReadOnlyList<ILogEntry> RequestsTo(string path) => [.. Requests.Where(r => r.RequestMessage!.Path == path)];

    /// <summary>A loopback port nobody listens on (connections to it are refused).</summary>
    public static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _server.Dispose();
}
