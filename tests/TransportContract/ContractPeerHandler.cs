using System.Collections.Concurrent;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.TransportContract;

/// <summary>
/// The serving node's side in contract tests: it records what reached it and answers through
/// <see cref="Answer"/>; while <see cref="Stall"/> is set it holds every message until that completes or the
/// transport cancels the handling (a slow peer).
/// </summary>
public sealed class ContractPeerHandler : IPeerMessageHandler
{
    private long _handled;

    /// <summary>Creates a handler answering with <paramref name="answer"/>, or <see cref="DefaultAnswer"/>.</summary>
    public ContractPeerHandler(string id, Func<PeerMessage, PeerMessage>? answer = null)
    {
        Id = id;
        Answer = answer ?? (message => DefaultAnswer(id, message));
    }

    public string Id { get; }

    public Func<PeerMessage, PeerMessage> Answer { get; set; }

    /// <summary>Every message handled, in arrival order, while <see cref="Record"/> is on.</summary>
    public ConcurrentQueue<PeerMessage> Received { get; } = new();

    /// <summary>Off for long runs, so the record itself does not look like a leak.</summary>
    public bool Record { get; set; } = true;

    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>When set, messages wait for it (or for the transport's cancellation) before being answered.</summary>
    public Task? Stall { get; set; }

    /// <summary>A reply that echoes the request's term, so a reply can be matched to its request.</summary>
    public static PeerMessage DefaultAnswer(string id, PeerMessage message) => message switch
    {
        VoteRequest v => new VoteResponse(id, v.Term, v.Term % 2 == 0, v.PreVote),
        AppendRequest a => new AppendResponse(id, a.Term, a.Round, true, a.PrevLogIndex + a.Entries.Count),
        TimeoutNowRequest t => new TimeoutNowResponse(id, t.Term + 1, true, null),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "not a request"),
    };

    public async Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Record)
        {
            Received.Enqueue(message);
        }

        Interlocked.Increment(ref _handled);
        if (Stall is { } stall)
        {
            await stall.WaitAsync(cancellationToken);
        }

        return Answer(message);
    }
}
