using NetMQ;
using NetMQ.Sockets;

namespace DuckDuckGoose.Transports;

public sealed partial class ZeroMqTransport
{
    /// <summary>
    /// The NetMQ objects of a started transport: the socket owner thread (<see cref="Poller"/>), its two queues,
    /// the ROUTER once listening, and the CURVE keypairs. Only the socket owner thread touches the sockets.
    /// </summary>
    private sealed class NetMqSockets(
        NetMQPoller poller, NetMQQueue<PeerOutbox> wake, NetMQQueue<OutboundReply> replies, NetMQCertificate? certificate)
    {
        public NetMQPoller Poller { get; } = poller;

        /// <summary>Outboxes with requests to put on the wire.</summary>
        public NetMQQueue<PeerOutbox> Wake { get; } = wake;

        /// <summary>Replies to inbound requests, to send on <see cref="Router"/>.</summary>
        public NetMQQueue<OutboundReply> Replies { get; } = replies;

        /// <summary>This node's keypair from its CURVE key file, or null without one.</summary>
        public NetMQCertificate? Certificate { get; } = certificate;

        /// <summary>A keypair made up for this process, for a node without a key file that connects to a CURVE server.</summary>
        public NetMQCertificate? Ephemeral { get; set; }

        /// <summary>The ROUTER bound to this node's peer address, or null while the transport only sends.</summary>
        public RouterSocket? Router { get; set; }

        /// <summary>Stops the socket owner thread and closes every socket; true when a ROUTER was bound.</summary>
        public bool Stop(IEnumerable<PeerOutbox> outboxes)
        {
            Poller.Stop();
            foreach (var outbox in outboxes)
            {
                outbox.Dealer?.Dispose();
            }

            Router?.Dispose();
            Wake.Dispose();
            Replies.Dispose();
            Poller.Dispose();
            NetMqLifetime.Release();
            return Router is not null;
        }
    }
}
