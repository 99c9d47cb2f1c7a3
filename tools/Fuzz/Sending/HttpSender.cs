using System.Net.Sockets;
using DuckDuckGoose.Fuzz.Checking;
using DuckDuckGoose.Fuzz.Inputs;

namespace DuckDuckGoose.Fuzz.Sending;

/// <summary>Sends <see cref="InputKind.Http"/> inputs through one <see cref="HttpClient"/> per node.</summary>
public sealed class HttpSender : IDisposable
{
    private readonly HttpClient[] _clients;

    /// <summary>A sender to the nodes at <paramref name="baseUrls"/>.</summary>
    public HttpSender(IReadOnlyList<string> baseUrls)
    {
        ArgumentNullException.ThrowIfNull(baseUrls);
        _clients = [.. baseUrls.Select(url => new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(15),
        })];
    }

    /// <summary>Sends <paramref name="input"/> and says how the node answered.</summary>
    public async Task<Answer> SendAsync(FuzzInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var request = new HttpRequestMessage(new HttpMethod(input.Method), new Uri(input.Path, UriKind.Relative));
        if (input.Body is { } body && input.Method is not ("GET" or "HEAD"))
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = null;
            if (input.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, value) in input.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _clients[input.Node].SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return Answer.Http((int)response.StatusCode);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new Answer("refused");
        }
        catch (HttpRequestException)
        {
            // The server closed the connection without a reply, such as after a body it would not read.
            return new Answer("closed");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer("timeout");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
