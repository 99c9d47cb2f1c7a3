using System.Net;
using System.Net.Sockets;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// Hands out loopback TCP ports that were free a moment ago, never the same one twice in a process, so
/// nodes started here do not clash with each other or with anything else listening.
/// </summary>
public static class FreePort
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A free loopback port: <paramref name="preferred"/> when it is free and not handed out yet,
    /// otherwise one the operating system picks (bind to port 0, read it, release it).
    /// </summary>
    public static int Next(int? preferred = null)
    {
        lock (Gate)
        {
            if (preferred is { } wanted && !HandedOut.Contains(wanted) && TryBind(wanted, out _))
            {
                HandedOut.Add(wanted);
                return wanted;
            }

            for (var attempt = 0; attempt < 100; attempt++)
            {
                if (TryBind(0, out var port) && HandedOut.Add(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException("Found no free loopback port in 100 attempts.");
        }
    }

    private static bool TryBind(int port, out int bound)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            bound = ((IPEndPoint)listener.LocalEndpoint).Port;
            return true;
        }
        catch (SocketException)
        {
            bound = 0;
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
