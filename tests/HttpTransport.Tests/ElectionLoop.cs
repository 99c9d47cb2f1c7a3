using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Timers;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// Drives a real <see cref="ElectionCore"/> over a real transport, synchronously: each <see cref="TickAsync"/>
/// ticks the core once and then carries out every resulting <see cref="Ready"/> as the host's actor would
/// (persist, apply the lease, send), except that it awaits the sends and steps their replies back in before
/// the next tick. Time is the tick count, so the lease runs on ticks too. A failed send is dropped, as Raft
/// allows.
/// </summary>
internal sealed class ElectionLoop
{
    public const int TickMilliseconds = 10;
    public const int HeartbeatTicks = 5;
    public const int ElectionTimeoutTicks = 15;

    /// <summary>The core's lease (<see cref="CoreOptions.LeaseDuration"/>) counted in ticks, the loop's clock.</summary>
    public static readonly int LeaseTicks = (int)(Options("lease").LeaseDuration / Options("lease").TickInterval);

    /// <summary>The randomized timer draws from [min, 2·min), so this many ticks always include an election.</summary>
    public const int MaxElectionTimeoutTicks = 2 * ElectionTimeoutTicks;

    private readonly ElectionCore _core;
    private readonly ITransport _transport;
    private readonly LeaderLease _lease = new(LeaseTicks);
    private long _now;

    public ElectionLoop(Member self, IEnumerable<Member> peers, ITransport transport, int seed)
    {
        Self = self;
        _transport = transport;
        // A configured five-node cluster in which nobody has campaigned yet.
        Persisted = new DurableState(0, null, new Snapshot(1, 0, [self, .. peers]), []);
        _core = new ElectionCore(
            Options(self.Id),
            Persisted,
            new RandomizedElectionTimer(),
            new Random(seed));
    }

    public Member Self { get; }

    public CoreStatus Status => _core.Status;

    /// <summary>The last durable state the core asked to persist.</summary>
    public DurableState Persisted { get; private set; }

    /// <summary>Whether the node reports Goose now: Leader with an unexpired lease (read-time fencing).</summary>
    public bool IsGoose => _core.Status.State == NodeState.Leader && _lease.IsHeldAt(_now);

    public bool WasEverLeader { get; private set; }

    public bool WasEverGoose { get; private set; }

    public int Ticks => (int)_now;

    public async Task TickAsync()
    {
        _now++;
        await CarryOutAsync(_core.Tick());
        WasEverGoose |= IsGoose;
    }

    /// <summary>Ticks until <paramref name="condition"/> holds; false if it never did within <paramref name="maxTicks"/>.</summary>
    public async Task<bool> RunUntilAsync(Func<ElectionLoop, bool> condition, int maxTicks)
    {
        for (var i = 0; i < maxTicks; i++)
        {
            if (condition(this))
            {
                return true;
            }

            await TickAsync();
        }

        return condition(this);
    }

    public async Task RunAsync(int ticks, Action<ElectionLoop>? afterEachTick = null)
    {
        for (var i = 0; i < ticks; i++)
        {
            await TickAsync();
            afterEachTick?.Invoke(this);
        }
    }

    public string Describe() =>
        $"after {_now} ticks: {Status.State} in term {Status.Term}, persisted term {Persisted.Term} vote {Persisted.VotedFor ?? "none"}, " +
        $"goose {IsGoose}, ever leader {WasEverLeader}";

    private async Task CarryOutAsync(Ready first)
    {
        var pending = new Queue<Ready>([first]);
        while (pending.TryDequeue(out var ready))
        {
            // 1. Persist before anything that depends on it leaves (Raft thesis §3.8).
            if (ready.Persist is { } persist)
            {
                Persisted = persist;
            }

            // 2. Lease and status, on the tick clock.
            _lease.Apply(ready, _now);
            WasEverLeader |= ready.Status.State == NodeState.Leader;

            // 3. Send. A real vote or an append carries a term the node must already have made durable.
            foreach (var envelope in ready.Messages)
            {
                if (envelope.Message is not VoteRequest { PreVote: true } && envelope.Message.Term > Persisted.Term)
                {
                    throw new InvalidOperationException(
                        $"{envelope.Message.GetType().Name} in term {envelope.Message.Term} to {envelope.To.Id} would leave before " +
                        $"term {envelope.Message.Term} was persisted (persisted: {Persisted.Term})");
                }
            }

            var replies = await Task.WhenAll(ready.Messages.Select(SendAsync));
            foreach (var reply in replies.OfType<RaftMessage>())
            {
                pending.Enqueue(_core.Step(reply));
            }
        }
    }

    private async Task<PeerMessage?> SendAsync(Envelope envelope)
    {
        try
        {
            return await _transport.SendAsync(envelope.To, envelope.Message, CancellationToken.None);
        }
        catch (TransportException)
        {
            return null;
        }
    }

    private static CoreOptions Options(string selfId) =>
        new(selfId, TimeSpan.FromMilliseconds(TickMilliseconds), HeartbeatTicks, ElectionTimeoutTicks);
}
