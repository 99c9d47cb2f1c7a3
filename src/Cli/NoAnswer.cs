using Refit;

namespace DuckDuckGoose.Cli;

/// <summary>
/// Tells "the node gave no answer" from "the user pressed Ctrl+C". Refit wraps what <c>HttpClient.SendAsync</c>
/// throws before a response (a refused connection, a TLS failure, <c>HttpClient.Timeout</c>, and also a
/// cancelled token) in <see cref="ApiRequestException"/>.
/// </summary>
public static class NoAnswer
{
    /// <summary>Whether <paramref name="error"/> comes from <paramref name="cancellationToken"/> being cancelled (Ctrl+C, SIGTERM).</summary>
    public static bool IsInterruption(Exception error, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && error is OperationCanceledException or ApiRequestException;

    /// <summary>Whether <paramref name="error"/> means the request got no answer (and was not interrupted).</summary>
    public static bool Is(Exception error, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && error is ApiRequestException or HttpRequestException or OperationCanceledException;

    /// <summary>Why, in words: "no answer within N s" for a timeout, else the innermost messages (such as "Connection refused").</summary>
    public static string Describe(Exception error, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(error);
        var cause = error is ApiRequestException { InnerException: { } inner } ? inner : error;
        return cause is OperationCanceledException
            ? $"no answer within {timeout.TotalSeconds:0.###} s."
            : CliOutput.Describe(cause);
    }
}
