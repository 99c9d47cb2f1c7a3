using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Node;

/// <summary>
/// Joining over the in-memory network. Elections and replication run on the system clock here (the
/// nodes talk to each other, which a fake clock would have to interleave by hand), so each wait is for a
/// condition with a generous deadline, never a sleep.
/// </summary>
public sealed class JoinLoopTests : IAsyncDisposable
{
    private static readonly Member A = new("a", "http://a");
    private static readonly Member B = new("b", "http://b");
    private static readonly Member C = new("c", "http://c");

    private readonly InMemoryNetwork _network = new();
    private readonly List<NodeActor> _nodes = [];
    private readonly Dictionary<string, InMemoryTransport> _transports = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.StopAsync(CancellationToken.None);
            await node.DisposeAsync();
        }
    }

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<NodeActor> StartAsync(Member self, DurableState state, TimeProvider? time = null)
    {
        var transport = _network.CreateTransport(self.Url);
        var node = new NodeActor(
            self,
            new CoreOptions(self.Id, TimeSpan.FromMilliseconds(10), 5, 15),
            state,
            new FixedElectionTimer(),
            transport,
            new MemoryStateStore(),
            time ?? TimeProvider.System,
            NullLogger<NodeActor>.Instance);
        node.Start();
        await transport.StartAsync(new PeerMessageHandler(node, transport, NullLogger<PeerMessageHandler>.Instance), CancellationToken.None);
        _nodes.Add(node);
        _transports[self.Id] = transport;
        return node;
    }

    private JoinLoop JoinLoopFor(NodeActor node, TimeProvider? time = null) =>
        new(node, _transports[node.Self.Id], time ?? TimeProvider.System, NullLogger<JoinLoop>.Instance);

    private static async Task WaitAsync(NodeActor node, Func<NodeSnapshot, bool> condition, string phase)
    {
        try
        {
            await node.WaitForAsync(condition, Deadline());
        }
        catch (OperationCanceledException)
        {
            var status = node.GetStatus();
            Assert.Fail($"Timed out waiting for {phase}; {status.Id} saw {status.State} term {status.Term}, " +
                $"Goose {status.Goose?.Id ?? "none"}, members [{string.Join(", ", status.Members.Select(m => m.Id))}].");
        }
    }

    [Fact]
    public async Task A_new_node_joins_through_the_Goose_and_follows_it()
    {
        var a = await StartAsync(A, DurableState.Bootstrap(A));
        await a.WaitForGooseAsync(Deadline());
        var b = await StartAsync(B, DurableState.Empty);

        await JoinLoopFor(b).RunAsync("http://a", Deadline());

        await WaitAsync(b, s => s.Status.Members.Count == 2 && s.Status.Leader?.Id == "a", "b to follow a in a 2-node configuration");
        Assert.Equal(2, a.GetStatus().MemberCount);
        Assert.Equal(NodeRole.Duck, b.GetStatus().Role);
        Assert.True(b.IsMember);
    }

    [Fact]
    public async Task A_join_sent_to_a_Duck_is_passed_to_the_Goose()
    {
        var a = await StartAsync(A, DurableState.Bootstrap(A));
        await a.WaitForGooseAsync(Deadline());
        var b = await StartAsync(B, DurableState.Empty);
        await JoinLoopFor(b).RunAsync("http://a", Deadline());
        await WaitAsync(b, s => s.Status.Leader?.Id == "a" && s.Status.Members.Count == 2, "b to follow a");
        var c = await StartAsync(C, DurableState.Empty);

        await JoinLoopFor(c).RunAsync("http://b", Deadline());

        await WaitAsync(a, s => s.Status.Members.Count == 3, "a to commit a 3-node configuration");
        await WaitAsync(c, s => s.Status.Leader?.Id == "a", "c to follow a");
        Assert.All(_transports["c"].Sent.Where(s => s.Message is JoinRequest), s => Assert.Equal(B.Url, s.To.Url));
        Assert.Contains(_transports["b"].Sent, s => s.Message is JoinRequest { From: "b" } && s.To == A);
    }

    [Fact]
    public async Task An_unreachable_seed_is_retried_with_backoff_until_it_answers()
    {
        var time = new FakeTimeProvider();
        var b = await StartAsync(B, DurableState.Empty, time);
        var join = JoinLoopFor(b, time).RunAsync("http://a", Deadline());
        await WaitForSendsAsync(_transports["b"], 1);
        Assert.False(join.IsCompleted);

        // Retries wait 200 ms, then 400 ms: nothing is sent before each wait is over.
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Single(_transports["b"].Sent);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForSendsAsync(_transports["b"], 2);
        _transports["b"].Responder = (_, message) => new JoinResponse("a", MembershipOutcome.Done, A, "Committed.");
        time.Advance(TimeSpan.FromMilliseconds(400));

        await join.WaitAsync(Deadline());
        Assert.Equal(3, _transports["b"].Sent.Count);
    }

    [Fact]
    public async Task A_NotGoose_answer_redirects_to_the_named_Goose()
    {
        var time = new FakeTimeProvider();
        var b = await StartAsync(B, DurableState.Empty, time);
        _transports["b"].Responder = (to, _) => to.Url == "http://seed:4001"
            ? new JoinResponse("s", MembershipOutcome.NotGoose, A, "Ask a.")
            : new JoinResponse("a", MembershipOutcome.Done, A, "Committed.");

        await JoinLoopFor(b, time).RunAsync("seed:4001", Deadline());

        Assert.Equal(["http://seed:4001", A.Url], _transports["b"].Sent.Select(s => s.To.Url));
        Assert.All(_transports["b"].Sent, s => Assert.Equal(new JoinRequest("b", B), s.Message));
    }

    private static async Task WaitForSendsAsync(InMemoryTransport transport, int count)
    {
        var deadline = Deadline();
        while (transport.Sent.Count < count)
        {
            await Task.Yield();
            deadline.ThrowIfCancellationRequested();
        }
    }
}
