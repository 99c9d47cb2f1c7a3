using Microsoft.AspNetCore.Http.Metadata;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Marks an endpoint parameter as read from the JSON body, as MVC's <c>[FromBody]</c> does, without MVC: that
/// attribute lives in MVC Core, which reading it loads into the node (1.5 MiB with MVC Abstractions, for a node
/// that uses minimal APIs only). Explicit rather than inferred, so a request without a body is told the body is
/// missing, not asked whether it meant a service. Whether an empty body is allowed follows the parameter's
/// nullability, as with <c>[FromBody]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromJsonBodyAttribute : Attribute, IFromBodyMetadata
{
    /// <inheritdoc />
    public bool AllowEmpty => false;
}
