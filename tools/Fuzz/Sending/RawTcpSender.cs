using System.Net;
using System.Net.Sockets;
using System.Text;
using DuckDuckGoose.Fuzz.Checking;

namespace DuckDuckGoose.Fuzz.Sending;

/// <summary>Writes bytes to a fresh TCP connection, closes its sending side, and reads what comes back.</summary>
public static class RawTcpSender
{
    /// <summary>
    /// Sends <paramref name="bytes"/> to 127.0.0.1:<paramref name="port"/>; an HTTP status line in the reply gives its class.
    /// With <paramref name="firstChunk"/>, stops at the first bytes read (a ZeroMQ peer sends its greeting at once and then waits).
    /// </summary>
    public static async Task<Answer> SendAsync(int port, byte[] bytes, TimeSpan readTimeout, bool firstChunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return new Answer("refused");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(readTimeout);
        var received = new byte[256];
        var count = 0;
        try
        {
            await socket.SendAsync(bytes, timeout.Token).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            while (count < received.Length)
            {
                var read = await socket.ReceiveAsync(received.AsMemory(count), timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                count += read;
                if (firstChunk)
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            // Reset by the server: it dropped the connection, which is an answer too.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (count == 0)
            {
                return new Answer("no-reply");
            }
        }

        return Classify(received.AsSpan(0, count));
    }

    /// <summary>The class of a raw reply: the HTTP status class when it starts with a status line, else <c>closed</c> or <c>bytes</c>.</summary>
    public static Answer Classify(ReadOnlySpan<byte> reply)
    {
        if (reply.Length == 0)
        {
            return new Answer("closed");
        }

        var text = Encoding.Latin1.GetString(reply);
        return text.StartsWith("HTTP/", StringComparison.Ordinal) && text.Length >= 12 && text[8] == ' '
               && int.TryParse(text.AsSpan(9, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
            ? Answer.Http(status)
            : new Answer("bytes");
    }
}
