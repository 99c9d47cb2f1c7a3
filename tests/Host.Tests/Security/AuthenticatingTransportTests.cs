using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Security;

public sealed class AuthenticatingTransportTests
{
    private const string Secret = "the-cluster-secret-of-32-bytes-or-more";
    private static readonly Member B = new("b", "http://b");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    private PeerMessageAuthenticator Node(string self, string secret = Secret) => new(ClusterSecrets.Parse(secret), self, _time);

    private AuthenticatingTransport Sender(Func<PeerMessage, PeerMessage> peer) =>
        new(new Echo(peer), Node("a"), NullLogger<AuthenticatingTransport>.Instance);

    [Fact]
    public async Task A_message_leaves_signed_for_its_receiver_and_a_signed_reply_comes_back_verified()
    {
        var receiver = Node("b");
        PeerMessage? seen = null;
        var sender = Sender(request =>
        {
            seen = receiver.Verify(request);
            return receiver.Sign(new VoteResponse("b", 3, true, false), "a");
        });

        var reply = await sender.SendAsync(B, new VoteRequest("a", 3, 1, 1, false, false), CancellationToken.None);

        Assert.Equal(new VoteRequest("a", 3, 1, 1, false, false), seen);
        Assert.Equal(new VoteResponse("b", 3, true, false), reply);
    }

    public static TheoryData<string> BadReplies() => new() { "unsigned", "other secret", "from another node", "replayed" };

    [Theory]
    [MemberData(nameof(BadReplies))]
    public async Task A_reply_that_does_not_verify_as_the_receivers_is_a_failed_send(string bad)
    {
        var receiver = Node("b");
        var once = receiver.Sign(new VoteResponse("b", 3, true, false), "a");
        var sender = Sender(_ => bad switch
        {
            "unsigned" => new VoteResponse("b", 3, true, false),
            "other secret" => Node("b", "another-cluster-secret-of-32-bytes-or-more").Sign(new VoteResponse("b", 3, true, false), "a"),
            "from another node" => Node("c").Sign(new VoteResponse("c", 3, true, false), "a"),
            _ => once,
        });
        if (bad == "replayed")
        {
            await sender.SendAsync(B, new VoteRequest("a", 3, 1, 1, false, false), CancellationToken.None);
        }

        await Assert.ThrowsAsync<TransportException>(() => sender.SendAsync(B, new VoteRequest("a", 3, 1, 1, false, false), CancellationToken.None));
    }

    private sealed class Echo(Func<PeerMessage, PeerMessage> peer) : ITransport
    {
        public string Name => "echo";

        public bool CanReach(string address) => true;

        public Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken) => Task.FromResult(peer(message));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
