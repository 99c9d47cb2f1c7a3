using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Security;

/// <summary>
/// The node's transport with a cluster secret: every message it sends is signed for its receiver, and a
/// reply counts only when it verifies as coming from that receiver (a reply that does not is a lost
/// message to the actor, which Raft tolerates). Inbound messages are verified by the node's
/// <see cref="Node.PeerMessageHandler"/>, so every transport behind this one is covered alike.
/// </summary>
public sealed partial class AuthenticatingTransport(ITransport inner, PeerMessageAuthenticator authenticator, ILogger<AuthenticatingTransport> logger) : ITransport
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _logged = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public bool CanReach(string address) => inner.CanReach(address);

    /// <inheritdoc />
    public Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken) => inner.StartAsync(inbound, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="TransportException">The send failed, or the reply does not verify as the receiver's.</exception>
    public async Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        var reply = await inner.SendAsync(to, authenticator.Sign(message, to.Id), cancellationToken).ConfigureAwait(false);
        try
        {
            if (!string.Equals(reply.From, to.Id, StringComparison.Ordinal))
            {
                throw new PeerAuthenticationException($"the reply to a message for '{to.Id}' comes from '{PeerMessageAuthenticator.Printable(reply.From)}'");
            }

            return authenticator.Verify(reply);
        }
        catch (PeerAuthenticationException e)
        {
            if (_logged.Count < 1024 && _logged.TryAdd(to.Id, true))
            {
                Log.ReplyRefused(logger, to.Id, e.Message);
            }

            throw new TransportException($"reply from {to.Id} refused: {e.Message}", e);
        }
    }

    /// <summary>The inner transport is the container's to dispose.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Refused a reply from {Peer}: {Reason}. Further refusals of its replies are not logged")]
        public static partial void ReplyRefused(ILogger logger, string peer, string reason);
    }
}
