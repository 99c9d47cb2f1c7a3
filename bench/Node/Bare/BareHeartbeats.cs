using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;

namespace DuckDuckGoose.Bench.Bare;

/// <summary>
/// An idle cluster's messages with nothing else: a fixed-size binary frame each way on an open WebSocket, sent
/// every interval from a thread that sleeps in between, and echoed by the peer. It is what an idle 3-node
/// cluster of DuckDuckGoose exchanges on its peer streams (a heartbeat to each Duck and its answer), without
/// the election, the JSON or the node, so bench/Node can say what that pattern alone costs on the machine.
/// </summary>
internal sealed class BareHeartbeats
{
    private const string Path = "/stream";

    private readonly TimeSpan _interval;
    private readonly int _frameBytes;
    private readonly IReadOnlyList<Uri> _peers;
    private long _echoes;

    private BareHeartbeats(TimeSpan interval, int frameBytes, IReadOnlyList<Uri> peers)
    {
        _interval = interval;
        _frameBytes = frameBytes;
        _peers = peers;
    }

    /// <summary>
    /// The pattern asked for by BARE_HEARTBEATS (ms), BARE_HEARTBEAT_TO (stream URLs) and, with peers to send to,
    /// BARE_HEARTBEAT_BYTES (the frame's size); null when BARE_HEARTBEATS is unset. The benchmark sets all three.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is missing, not a positive whole number, or not a ws:// URL.</exception>
    public static BareHeartbeats? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("BARE_HEARTBEATS") is not { Length: > 0 })
        {
            return null;
        }

        var interval = PositiveNumber("BARE_HEARTBEATS");
        var peers = (Environment.GetEnvironmentVariable("BARE_HEARTBEAT_TO") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "ws"
                ? uri
                : throw new ArgumentException($"BARE_HEARTBEAT_TO must list ws:// URLs, not '{url}'."))
            .ToList();
        return new BareHeartbeats(TimeSpan.FromMilliseconds(interval), peers.Count > 0 ? PositiveNumber("BARE_HEARTBEAT_BYTES") : 0, peers);
    }

    /// <summary>
    /// Serves the echo at <c>/stream</c> and, once the app has started, sends to the peers; <c>GET /beats</c>
    /// counts the echoes received so far, so a benchmark can tell that the frames flowed. A peer that cannot be
    /// reached stops the app: a sender that sends nothing would pass for a cheap one.
    /// </summary>
    public void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.Map(Path, EchoAsync);
        app.MapGet("/beats", () => TypedResults.Ok(Interlocked.Read(ref _echoes)));
        if (_peers.Count > 0)
        {
            app.Lifetime.ApplicationStarted.Register(() => _ = SendAsync(app.Lifetime.ApplicationStopping).ContinueWith(
                sending =>
                {
                    Console.Error.WriteLine($"bare heartbeats: {sending.Exception?.GetBaseException().Message}");
                    Environment.Exit(3);
                },
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default));
        }
    }

    private static int PositiveNumber(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a whole number above 0, not '{Environment.GetEnvironmentVariable(name)}'.");

    private static async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Binary, received.EndOfMessage, context.RequestAborted);
        }
    }

    private async Task SendAsync(CancellationToken stopping)
    {
        // One connection pool for all peers, as the node's transport has.
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false });
        var sockets = new List<ClientWebSocket>();
        foreach (var peer in _peers)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(peer, invoker, stopping);
            sockets.Add(socket);
            _ = DrainAsync(socket, stopping);
        }

        new Thread(() => Beat(sockets, stopping)) { IsBackground = true, Name = "bare heartbeats" }.Start();
        try
        {
            // The connection pool lives as long as the app.
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // Reads the echoes as the node's stream reader does: one receive pending per stream.
    private async Task DrainAsync(ClientWebSocket socket, CancellationToken stopping)
    {
        var buffer = new byte[4096];
        while (!stopping.IsCancellationRequested)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), stopping);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            Interlocked.Increment(ref _echoes);
        }
    }

    // Sleeps until the next beat is due, then writes a frame to every peer on this thread, as the node's wake-up
    // thread writes a round of heartbeats. It sleeps as that thread does (WakeThread: a timed Monitor.Wait), so the
    // two pay the same for a wake-up; nothing pulses the gate here.
    private void Beat(IReadOnlyList<ClientWebSocket> sockets, CancellationToken stopping)
    {
        var frame = new byte[_frameBytes];
        var gate = new object();
        var next = Stopwatch.GetTimestamp();
        while (!stopping.IsCancellationRequested)
        {
            next += (long)(_interval.TotalSeconds * Stopwatch.Frequency);
            lock (gate)
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (left > TimeSpan.Zero)
                {
                    Monitor.Wait(gate, (int)Math.Ceiling(left.TotalMilliseconds));
                }
            }

            try
            {
                foreach (var socket in sockets)
                {
                    socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, stopping).AsTask().GetAwaiter().GetResult();
                }
            }
            catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
