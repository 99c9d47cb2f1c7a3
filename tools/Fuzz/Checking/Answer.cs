namespace DuckDuckGoose.Fuzz.Checking;

/// <summary>What a node did with one input.</summary>
/// <param name="Class">
/// How it is counted: <c>2xx</c>…<c>5xx</c> for an HTTP status, <c>closed</c> (a raw connection closed with no
/// reply), <c>no-reply</c> (nothing came back in time), <c>zmq-reply</c> / <c>zmq-failure</c> (a ZeroMQ reply or
/// failure frame), <c>dropped</c> (ZeroMQ junk the node did not answer, as designed), <c>sent</c>, <c>timeout</c>, <c>refused</c> (could not connect).
/// </param>
/// <param name="HttpStatus">The HTTP status code, when there was one.</param>
public sealed record Answer(string Class, int? HttpStatus = null)
{
    /// <summary>An HTTP answer with status <paramref name="status"/>.</summary>
    public static Answer Http(int status) => new($"{status / 100}xx", status);

    /// <summary>Whether this answer takes a message: a 2xx or a ZeroMQ reply (not a failure).</summary>
    public bool Takes => HttpStatus is >= 200 and < 300 || Class == "zmq-reply";

    /// <summary>
    /// A server error other than 503 (which means "no Goose" or "stopping", answers a node may give) and 505 (Kestrel's
    /// right answer to an HTTP version it does not speak).
    /// </summary>
    public bool IsServerError => HttpStatus is >= 500 and not 503 and not 505;

    /// <summary>Whether the node could not be reached at all, a sign it is gone.</summary>
    public bool IsUnreachable => Class == "refused";
}
