using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;
using DuckDuckGoose.TransportContract;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// <see cref="TransportSetup.Tls"/>: the transport reaches an https peer that asks for mutual TLS when it
/// trusts the cluster's CA and presents a certificate the CA issued, and is refused otherwise. The CAs and
/// certificates are made at test time (<see cref="ClusterCertificates"/>).
/// </summary>
public sealed class HttpTransportTlsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly string _folder = Directory.CreateTempSubdirectory("duckduckgoose-transport-tls-").FullName;
    private readonly ClusterCertificates _cluster;
    private readonly Member _self = new("self", "https://127.0.0.1:1");

    public HttpTransportTlsTests() => _cluster = ClusterCertificates.Create(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Trusting_the_CA_and_presenting_its_certificate_reaches_an_https_peer()
    {
        await using var peer = await ServeAsync();
        await using var transport = Transport(new PeerTls(ClusterCertificates.Issue(_cluster.Authority, "self"), _cluster.Authority));

        var reply = await transport.SendAsync(peer.Member, new VoteRequest("self", 2, 0, 0, PreVote: false), CancellationToken.None);

        Assert.Equal(new VoteResponse("p1", 2, true, false), reply);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_peer_refuses_with_403()
    {
        await using var peer = await ServeAsync();
        await using var transport = Transport(new PeerTls(null, _cluster.Authority));

        var error = await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 2, 0, 0, PreVote: false), CancellationToken.None));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, peer.Handler.Handled);
    }

    [Fact]
    public async Task A_client_certificate_from_another_CA_is_refused_at_the_handshake()
    {
        await using var peer = await ServeAsync();
        using var stranger = ClusterCertificates.CreateAuthority("another CA");
        await using var transport = Transport(new PeerTls(ClusterCertificates.Issue(stranger, "self"), _cluster.Authority));

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 2, 0, 0, PreVote: false), CancellationToken.None));

        Assert.Equal(0, peer.Handler.Handled);
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_not_trusted()
    {
        await using var peer = await ServeAsync();
        using var stranger = ClusterCertificates.CreateAuthority("another CA");
        await using var transport = Transport(new PeerTls(ClusterCertificates.Issue(_cluster.Authority, "self"), stranger));

        var error = await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 2, 0, 0, PreVote: false), CancellationToken.None));

        Assert.Contains("SSL", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, peer.Handler.Handled);
    }

    private HttpTransport Transport(PeerTls tls) =>
        new(new TransportSetup(_self, Timeout) { Tls = tls }, NullLogger<HttpTransport>.Instance);

    private async Task<ServedPeer> ServeAsync()
    {
        var member = new Member("p1", $"https://127.0.0.1:{LoopbackPorts.Free()}");
        var handler = new ContractPeerHandler("p1", message => message is VoteRequest v ? new VoteResponse("p1", v.Term, true, v.PreVote) : throw new InvalidOperationException());
        var tls = new PeerTls(ClusterCertificates.Issue(_cluster.Authority, "p1"), _cluster.Authority);
        return new ServedPeer(member, handler, await KestrelPeer.StartAsync(member, handler, tls));
    }

    private sealed record ServedPeer(Member Member, ContractPeerHandler Handler, KestrelPeer Server) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
