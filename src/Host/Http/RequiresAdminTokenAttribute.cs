namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Endpoint metadata: the operation changes the cluster, so it needs the admin token when one is
/// configured (<see cref="AdminTokenMiddleware"/>) and is marked as secured in the OpenAPI document.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RequiresAdminTokenAttribute : Attribute;
