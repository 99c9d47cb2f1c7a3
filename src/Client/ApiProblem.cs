using System.Text.Json;
using System.Text.Json.Serialization;

namespace DuckDuckGoose.Client;

/// <summary>An RFC 9457 problem details body, as every admin error is answered.</summary>
public sealed class ApiProblem
{
    /// <summary>A URI naming the kind of problem; the admin API's are in <see cref="ProblemTypes"/>.</summary>
    public string? Type { get; init; }

    /// <summary>A short summary of the kind of problem.</summary>
    public string? Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public int? Status { get; init; }

    /// <summary>What went wrong with this request, in words.</summary>
    public string? Detail { get; init; }

    /// <summary>The request path.</summary>
    public string? Instance { get; init; }

    /// <summary>Members beyond the standard ones (for example <c>traceId</c>).</summary>
    /// <remarks>
    /// A setter, not <c>init</c>: the source-generated metadata (<see cref="DuckApiJsonContext"/>) sets init-only
    /// properties through the constructor, and extension data cannot bind there (InvalidOperationException
    /// on the first problem read).
    /// </remarks>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extensions { get; set; }
}
