using System.Buffers.Binary;
using DuckDuckGoose.Fuzz.Checking;
using DuckDuckGoose.Fuzz.Inputs;
using NetMQ;
using NetMQ.Sockets;

namespace DuckDuckGoose.Fuzz.Sending;

/// <summary>
/// One DEALER socket per node, as a peer would connect. Not thread-safe (NetMQ sockets are not): one caller at a
/// time. A request's reply is matched by its correlation id; replies to earlier requests that come late are
/// counted and skipped.
/// </summary>
public sealed class ZeroMqSender : IDisposable
{
    private readonly string[] _addresses;
    private readonly DealerSocket?[] _sockets;

    /// <summary>A sender to the ZeroMQ ports at <paramref name="addresses"/> (<c>tcp://127.0.0.1:PORT</c>).</summary>
    public ZeroMqSender(IReadOnlyList<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        _addresses = [.. addresses];
        _sockets = new DealerSocket?[addresses.Count];
    }

    /// <summary>How long a well-formed request may wait for its reply.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Replies read while not waiting for them (to junk, or too late for a forgery).</summary>
    public long LateReplies { get; private set; }

    /// <summary>Replies collected while waiting for another, or by <see cref="Collect"/>, by correlation id.</summary>
    private readonly Dictionary<ulong, Answer> _collected = [];

    /// <summary>Sends the input's frames; with <paramref name="wait"/>, waits for the reply to its correlation id.</summary>
    public Answer Send(FuzzInput input, bool wait = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        var socket = Socket(input.Node);
        var message = new NetMQMessage();
        foreach (var frame in input.Frames ?? [])
        {
            message.Append(frame);
        }

        if (message.FrameCount == 0 || !socket.TrySendMultipartMessage(TimeSpan.FromSeconds(2), message))
        {
            return new Answer(message.FrameCount == 0 ? "sent" : "no-reply");
        }

        if (!wait || input.Correlation is not { } correlation)
        {
            return new Answer("sent");
        }

        var deadline = DateTime.UtcNow + ReplyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var reply = new NetMQMessage();
            if (!socket.TryReceiveMultipartMessage(deadline - DateTime.UtcNow, ref reply))
            {
                break;
            }

            if (Classify(reply) is not var (id, answer) || id != correlation)
            {
                Keep(reply);
                continue;
            }

            return answer;
        }

        return new Answer("no-reply");
    }

    /// <summary>Reads every reply that arrives within <paramref name="quiet"/> of the last one, on every socket.</summary>
    public void Collect(TimeSpan quiet)
    {
        foreach (var socket in _sockets.OfType<DealerSocket>())
        {
            var reply = new NetMQMessage();
            while (socket.TryReceiveMultipartMessage(quiet, ref reply))
            {
                Keep(reply);
                reply = new NetMQMessage();
            }
        }
    }

    /// <summary>The reply collected for correlation id <paramref name="correlation"/> (and forgets it), or null.</summary>
    public Answer? Collected(ulong correlation) => _collected.Remove(correlation, out var answer) ? answer : null;

    private void Keep(NetMQMessage reply)
    {
        if (Classify(reply) is var (id, answer))
        {
            LateReplies++;
            if (_collected.Count < 100_000)
            {
                _collected[id] = answer;
            }
        }
    }

    private static (ulong Correlation, Answer Answer)? Classify(NetMQMessage reply)
    {
        var header = reply.FrameCount > 0 ? reply[0].ToByteArray() : [];
        if (header.Length != 9)
        {
            return null;
        }

        var answer = header[0] switch
        {
            0x02 => new Answer("zmq-reply"),
            0x03 => new Answer("zmq-failure"),
            _ => new Answer("bytes"),
        };
        return (BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(1)), answer);
    }

    /// <summary>Closes the node's socket, so the next send connects afresh (after junk that made the node drop the connection).</summary>
    public void Reset(int node)
    {
        _sockets[node]?.Dispose();
        _sockets[node] = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        for (var i = 0; i < _sockets.Length; i++)
        {
            Reset(i);
        }

        NetMQConfig.Cleanup(block: false);
    }

    private DealerSocket Socket(int node)
    {
        if (_sockets[node] is { } existing)
        {
            return existing;
        }

        var socket = new DealerSocket();
        socket.Options.Linger = TimeSpan.Zero;
        socket.Options.ReconnectInterval = TimeSpan.FromMilliseconds(50);
        socket.Connect(_addresses[node]);
        _sockets[node] = socket;
        return socket;
    }
}
