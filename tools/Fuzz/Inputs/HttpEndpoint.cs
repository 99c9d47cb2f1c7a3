namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>One operation of the node's HTTP API, as its OpenAPI document describes it.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path template, such as <c>/cluster/members/{id}</c>.</param>
/// <param name="NeedsAdminToken">Whether the operation lists a security requirement (the admin token).</param>
/// <param name="HasBody">Whether it takes a JSON request body.</param>
/// <param name="StringProperties">The body schema's string properties: a guarded body gives one of them a value of another type.</param>
/// <param name="QueryParameters">Names of its query parameters.</param>
public sealed record HttpEndpoint(
    string Method,
    string Path,
    bool NeedsAdminToken,
    bool HasBody,
    IReadOnlyList<string> StringProperties,
    IReadOnlyList<string> QueryParameters);
