using System.Net;
using System.Net.Sockets;

namespace DuckDuckGoose.TransportContract;

/// <summary>Loopback ports for contract tests: every node in them listens on 127.0.0.1 only.</summary>
public static class LoopbackPorts
{
    /// <summary>A 127.0.0.1 port nobody listens on right now (connections to it are refused).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
