using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// Hands out loopback TCP ports that were free a moment ago, never the same one twice in a process, so
/// nodes started here do not clash with each other or with anything else listening. Ports come from
/// below the kernel's ephemeral range where there is room, so that while a killed node is down its port
/// is not taken as the local port of some outgoing connection, and the node can restart on it.
/// </summary>
public static class FreePort
{
    private const int LowestPort = 10000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    /// <summary>
    /// A free loopback port: <paramref name="preferred"/> when it is free and not handed out yet,
    /// otherwise a free one below the ephemeral range, otherwise one the operating system picks
    /// (bind to port 0, read it, release it).
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

            for (var attempt = 0; EphemeralStart - LowestPort > 1000 && attempt < 100; attempt++)
            {
                var candidate = Random.Shared.Next(LowestPort, EphemeralStart);
                if (!HandedOut.Contains(candidate) && TryBind(candidate, out _))
                {
                    HandedOut.Add(candidate);
                    return candidate;
                }
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

    private static int ReadEphemeralStart()
    {
        // Linux: "32768\t60999"; elsewhere, or unreadable, assume the IANA dynamic range.
        const string path = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            var first = File.ReadAllText(path).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49152;
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
