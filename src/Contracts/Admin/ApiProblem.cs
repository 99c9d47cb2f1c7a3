using System.Text.Json;
using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>An RFC 9457 problem details body, as every admin error is answered.</summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">A short summary of the kind of problem.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong with this request, in words.</param>
/// <param name="Instance">The request path.</param>
public sealed record ApiProblem(string? Type, string? Title, int? Status, string? Detail, string? Instance)
{
    /// <summary>Members beyond the standard ones (for example <c>traceId</c>).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extensions { get; init; }
}
