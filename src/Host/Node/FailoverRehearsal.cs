using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Http;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// Rehearses a failover once the node serves (<see cref="ElectionRehearsal"/>): a Duck that has never
/// campaigned would otherwise compile the campaign path, and the parsing of vote messages, in the middle
/// of its first real failover. Each rehearsal message is serialized as a sender does and parsed as the
/// receiving endpoint does, so those paths are compiled too. It runs on the thread pool, apart from the
/// node's own core, and a failure is logged, never fatal: the node is correct without it, only slower to
/// take over the first time.
/// </summary>
public sealed partial class FailoverRehearsal(CoreOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// How long after the server starts listening the rehearsal begins. Not at once: on 2 cores it competed
    /// with start-up and made the first answer on /status 50–70 ms later (bench/Node, start row, 5 runs
    /// side by side); a failover in a node's first seconds is rare, and it is no slower than without this.
    /// </summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Waits <see cref="StartDelay"/>, then until <paramref name="untilItCanStand"/> completes (the node is a
    /// voter that may lead), then rehearses on the thread pool; the task never faults. A non-voting Duck never
    /// campaigns, so it rehearses only if Autopilot gives it a seat: in a forming cluster of a hundred, the
    /// rehearsal was CPU that 95 of them spent for nothing.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> untilItCanStand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(untilItCanStand);
        try
        {
            await Task.Delay(StartDelay, time, cancellationToken).ConfigureAwait(false);
            await untilItCanStand(cancellationToken).ConfigureAwait(false);
            await Task.Run(Run, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The node stopped first: nothing to rehearse for.
        }
        catch (NodeUnavailableException)
        {
            // The node's loop ended while this waited for a seat: nothing to rehearse for.
        }
    }

    /// <summary>A message as a peer receives it: serialized by the sender, parsed by the peer endpoint.</summary>
    /// <exception cref="InvalidOperationException">The message did not survive the trip.</exception>
    public static RaftMessage ThroughTheWire(RaftMessage message)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes<PeerMessage>(message, PeerJsonContext.Default.PeerMessage);
        var (parsed, problem) = PeerMessageReader.Parse(new ReadOnlySequence<byte>(json));
        return parsed as RaftMessage
            ?? throw new InvalidOperationException($"A rehearsal {message.GetType().Name} did not survive the wire: {problem ?? parsed?.GetType().Name}");
    }

    private void Run()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var geese = ElectionRehearsal.Run(options, ThroughTheWire);
            Log.Rehearsed(logger, geese.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            Log.Failed(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 800, Level = LogLevel.Debug, Message = "Rehearsed a failover in memory ({Elections} Geese in turn) in {Milliseconds:0} ms")]
        public static partial void Rehearsed(ILogger logger, int elections, double milliseconds);

        [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "The in-memory failover rehearsal failed; this node's first real campaign will be slower, nothing else changes")]
        public static partial void Failed(ILogger logger, Exception error);
    }
}
