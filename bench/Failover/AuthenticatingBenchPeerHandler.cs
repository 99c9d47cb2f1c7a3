using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Security;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// The serving peer's inbound side with a cluster secret, as the host's <c>PeerMessageHandler</c> does it:
/// the request must verify first (a refusal is a <see cref="PeerAuthenticationException"/>, which the
/// round trip counts as failed), then the inner handler answers, and the reply is signed for the requester.
/// </summary>
internal sealed class AuthenticatingBenchPeerHandler(IPeerMessageHandler inner, PeerMessageAuthenticator authenticator) : IPeerMessageHandler
{
    public async Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        var verified = authenticator.Verify(message);
        var reply = await inner.HandleAsync(verified, cancellationToken).ConfigureAwait(false);
        return authenticator.Sign(reply, verified.From);
    }
}
