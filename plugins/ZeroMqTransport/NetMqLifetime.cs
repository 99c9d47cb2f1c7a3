using NetMQ;

namespace DuckDuckGoose.Transports;

/// <summary>
/// NetMQ's context is process-wide (per load context): <see cref="NetMQConfig.Cleanup"/> ends every socket
/// in it. Each transport instance holds a reference while it owns sockets, and the last one to let go cleans
/// up, so its I/O threads do not outlive the last transport and keep the process alive.
/// </summary>
internal static class NetMqLifetime
{
    private static readonly Lock Gate = new();
    private static int s_users;

    public static void Acquire()
    {
        lock (Gate)
        {
            s_users++;
        }
    }

    public static void Release()
    {
        lock (Gate)
        {
            if (--s_users == 0)
            {
                // Every socket is closed with linger 0 already, so there is nothing to wait for.
                NetMQConfig.Cleanup(block: false);
            }
        }
    }
}
