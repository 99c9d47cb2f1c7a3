using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

public sealed class HttpTransportTests : TransportContractTests
{
    protected override ITransport CreateTransport(TransportSetup context) =>
        new HttpTransport(context, NullLogger<HttpTransport>.Instance);

    [Fact]
    public async Task Is_named_http_and_routed_under_raft()
    {
        await using var transport = new HttpTransport(new TransportSetup(Self, TimeSpan.FromSeconds(1)), NullLogger<HttpTransport>.Instance);

        Assert.Equal("http", transport.Name);
        Assert.Equal("/raft", transport.RoutePrefix);
        Assert.Equal("/raft/stream", transport.StreamPath);
    }

    [Fact]
    public async Task Posts_json_to_the_route_prefix_message_path_of_the_peer()
    {
        using var peer = FakePeer.Start("p1", _ => new VoteResponse("p1", 1, true, false));
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        await transport.SendAsync(peer.Member with { Url = peer.Member.Url + "/" }, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None);

        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/raft/message", request.Path);
        Assert.StartsWith("application/json", request.Headers!["Content-Type"].Single());
    }

    [Fact]
    public async Task A_peer_that_refuses_the_stream_upgrade_is_sent_to_by_POST_without_asking_again_for_a_while()
    {
        using var peer = FakePeer.Start("p1", _ => new VoteResponse("p1", 1, true, false));
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        // Sends that come often enough post and ask for the stream in the background; WireMock answers the upgrade 404.
        for (var i = 0; i < HttpTransport.StreamAfterSends; i++)
        {
            Assert.IsType<VoteResponse>(await transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (peer.StreamUpgrades.Count == 0)
        {
            await Task.Delay(10, deadline.Token);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<VoteResponse>(await transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));
            await Task.Delay(50);
        }

        Assert.Equal(HttpTransport.StreamAfterSends + 3, peer.Requests.Count);
        var upgrade = Assert.Single(peer.StreamUpgrades);
        Assert.Equal("websocket", upgrade.Headers!["Upgrade"].Single(), ignoreCase: true);
        Assert.True(HttpTransport.PostOnlyPeriod >= TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("ftp://127.0.0.1:21")]
    public async Task A_peer_url_that_cannot_be_used_is_a_transport_exception(string url)
    {
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(new Member("odd", url), new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));
    }

    [Fact]
    public async Task Start_needs_nothing_because_the_host_serves_the_inbound_route()
    {
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        await transport.StartAsync(new UnusedHandler(), CancellationToken.None);
    }

    private sealed class UnusedHandler : IPeerMessageHandler
    {
        public Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the HTTP transport never calls the handler itself");
    }
}
