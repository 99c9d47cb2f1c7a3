namespace DuckDuckGoose.Client;

/// <summary>
/// The <c>type</c> of every problem the admin API answers with, so scripts branch on a stable name instead
/// of parsing titles (RFC 9457 §3.1.1).
/// </summary>
public static class ProblemTypes
{
    /// <summary>400: the request is malformed (bad JSON, bad id or URL, a number out of range).</summary>
    public const string BadRequest = "urn:duckduckgoose:problem:bad-request";

    /// <summary>401: an admin token is configured and the request did not carry it.</summary>
    public const string Unauthorized = "urn:duckduckgoose:problem:unauthorized";

    /// <summary>404: no member has the given id.</summary>
    public const string UnknownMember = "urn:duckduckgoose:problem:unknown-member";

    /// <summary>409: another change or hand-over is in flight; retry after the <c>Retry-After</c> seconds.</summary>
    public const string Busy = "urn:duckduckgoose:problem:busy";

    /// <summary>409: the change is refused for good (for example it would leave no reachable majority).</summary>
    public const string Rejected = "urn:duckduckgoose:problem:rejected";

    /// <summary>
    /// 409: the node to add belongs to another cluster (its data directory holds another cluster's id, for
    /// example because it was once started without <c>join</c> and founded a cluster of its own). Give it
    /// an empty data directory and let it join, or remove it from its own cluster first.
    /// </summary>
    public const string ForeignCluster = "urn:duckduckgoose:problem:foreign-cluster";

    /// <summary>
    /// 403: the cluster holds a secret and the node to add did not prove it holds the same one (it has none,
    /// another one, or the answer was for another node or address). Start it with the cluster's secret.
    /// </summary>
    public const string SecretNotProven = "urn:duckduckgoose:problem:secret-not-proven";

    /// <summary>413: the request body is larger than the admin API takes.</summary>
    public const string TooLarge = "urn:duckduckgoose:problem:too-large";

    /// <summary>503: no Goose is known or reachable from the answering node; retry after the <c>Retry-After</c> seconds.</summary>
    public const string NoGoose = "urn:duckduckgoose:problem:no-goose";

    /// <summary>503: the hand-over did not complete within one election timeout; the old Goose is still the Goose.</summary>
    public const string HandOverFailed = "urn:duckduckgoose:problem:hand-over-failed";

    /// <summary>503: the node is stopping or failed.</summary>
    public const string Unavailable = "urn:duckduckgoose:problem:unavailable";
}
