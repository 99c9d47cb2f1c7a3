using System.Collections.Concurrent;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using NetMQ;
using NetMQ.Sockets;
using Xunit.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// The transport contract again with CURVE on: every serving node has a key file and advertises
/// <c>tcp://127.0.0.1:port?curve=&lt;public key&gt;</c>; the client has no key file of its own (an ephemeral keypair).
/// </summary>
public sealed class ZeroMqCurveTransportContractTests(ITestOutputHelper output) : ZeroMqTransportContractTests(output), IDisposable
{
    private readonly CurveKeys _keys = new();
    private readonly ConcurrentDictionary<string, string> _keyFiles = new();

    protected override Member AllocatePeer(string id)
    {
        var (file, publicKey) = _keys.Create();
        var peer = new Member(id, "http://127.0.0.1:1", ZeroMqAddress.WithKey($"tcp://127.0.0.1:{LoopbackPorts.Free()}", publicKey));
        _keyFiles[peer.PeerAddress] = file;
        return peer;
    }

    protected override TransportSetup ServerContext(Member peer) =>
        base.ServerContext(peer) with { CurveKeyFile = _keyFiles[peer.PeerAddress] };

    protected override void Prepare(DealerSocket socket, Member peer)
    {
        ZeroMqAddress.TryParse(peer.PeerAddress, out var address);
        socket.Options.CurveServerKey = address!.ServerKey!;
        socket.Options.CurveCertificate = new NetMQCertificate();
    }

    public void Dispose() => _keys.Dispose();
}
