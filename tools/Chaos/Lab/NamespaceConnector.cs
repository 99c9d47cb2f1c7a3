using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// Opens TCP connections from inside a network namespace of the lab, so a process in the machine's own
/// namespace (a test) can talk to the nodes as a client on their network would, without running itself in
/// the bridge namespace as the chaos controller does. A socket belongs to the namespace of the thread that
/// created it, so each socket is created on a short-lived thread of its own that first joins the namespace
/// (<c>setns</c>, which needs root); the connection itself then runs anywhere. No thread of the caller ever
/// changes namespace.
/// </summary>
public static class NamespaceConnector
{
    /// <summary>
    /// An HTTP handler whose connections start in namespace <paramref name="namespaceName"/> (such as
    /// <c>ddgc-br</c>): a URL's host must be an IP address reachable from there.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(string namespaceName, TimeSpan connectTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        return new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var address = IPAddress.Parse(context.DnsEndPoint.Host);
                var socket = CreateSocket(namespaceName, address.AddressFamily);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>A TCP socket created inside namespace <paramref name="namespaceName"/>.</summary>
    /// <exception cref="InvalidOperationException">The namespace does not exist or could not be joined (not root).</exception>
    public static Socket CreateSocket(string namespaceName, AddressFamily family)
    {
        var path = Path.Combine("/run/netns", namespaceName);
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
                if (NativeMethods.SetNamespace((int)handle.DangerousGetHandle(), NativeMethods.NewNetworkNamespace) != 0)
                {
                    throw new InvalidOperationException($"setns into {path} failed (errno {Marshal.GetLastPInvokeError()}): joining a network namespace needs root");
                }

                socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "netns " + namespaceName,
        };
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"Could not open a socket in namespace {namespaceName}: {failure?.Message}", failure);
    }
}
