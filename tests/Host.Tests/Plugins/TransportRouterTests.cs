using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Plugins;

namespace DuckDuckGoose.Host.Tests.Plugins;

public sealed class TransportRouterTests
{
    private static readonly Member HttpPeer = new("b", "http://127.0.0.1:4002");
    private static readonly Member TcpPeer = new("c", "http://127.0.0.1:4003", "tcp://127.0.0.1:5003");

    [Fact]
    public async Task Each_message_goes_through_the_transport_its_peers_address_names()
    {
        var http = new SchemeTransport("http", "http");
        var zeromq = new SchemeTransport("zeromq", "tcp");
        var router = new TransportRouter(zeromq, [http, zeromq]);

        await router.SendAsync(HttpPeer, new VoteRequest("a", 1, 0, 0, false), CancellationToken.None);
        await router.SendAsync(TcpPeer, new VoteRequest("a", 1, 0, 0, false), CancellationToken.None);

        Assert.Equal([HttpPeer], http.SentTo);
        Assert.Equal([TcpPeer], zeromq.SentTo);
        Assert.Equal("zeromq", router.Name);
        Assert.Equal([zeromq, http], router.Transports);
    }

    [Fact]
    public async Task The_selected_transport_wins_when_several_reach_an_address()
    {
        var http = new SchemeTransport("http", "http");
        var faulty = new SchemeTransport("faulty-http", "http");
        var router = new TransportRouter(faulty, [http, faulty]);

        await router.SendAsync(HttpPeer, new VoteRequest("a", 1, 0, 0, false), CancellationToken.None);

        Assert.Equal([HttpPeer], faulty.SentTo);
        Assert.Empty(http.SentTo);
    }

    [Fact]
    public async Task An_address_no_loaded_transport_reaches_fails_as_a_transport_error_naming_what_is_loaded()
    {
        var router = new TransportRouter(new SchemeTransport("http", "http"), []);

        var error = await Assert.ThrowsAsync<TransportException>(
            () => router.SendAsync(TcpPeer, new VoteRequest("a", 1, 0, 0, false), CancellationToken.None));

        Assert.Contains("tcp://127.0.0.1:5003", error.Message, StringComparison.Ordinal);
        Assert.Contains("loaded: http", error.Message, StringComparison.Ordinal);
        Assert.False(router.CanReach("tcp://127.0.0.1:5003"));
    }

    [Fact]
    public async Task Starting_the_router_starts_every_transport()
    {
        var http = new SchemeTransport("http", "http");
        var zeromq = new SchemeTransport("zeromq", "tcp");

        await new TransportRouter(http, [http, zeromq]).StartAsync(new NoHandler(), CancellationToken.None);

        Assert.True(http.Started && zeromq.Started);
    }

    private sealed class SchemeTransport(string name, string scheme) : ITransport
    {
        public List<Member> SentTo { get; } = [];

        public bool Started { get; private set; }

        public string Name => name;

        public bool CanReach(string address) => address.StartsWith(scheme + "://", StringComparison.Ordinal);

        public Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
        {
            SentTo.Add(to);
            return Task.FromResult<PeerMessage>(new VoteResponse(to.Id, 1, false, false));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class NoHandler : IPeerMessageHandler
    {
        public Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no message expected");
    }
}
