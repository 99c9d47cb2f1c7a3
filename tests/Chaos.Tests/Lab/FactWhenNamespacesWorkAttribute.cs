using DuckDuckGoose.Chaos.Lab;

namespace DuckDuckGoose.Chaos.Tests.Lab;

/// <summary>
/// A fact that runs only where the lab's network namespaces can be built (Linux, root, a working
/// <c>ip netns add</c>: tools/Chaos's <see cref="Preflight.NamespaceSkipReasonAsync"/>), and is reported as
/// skipped, saying why, everywhere else.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactWhenNamespacesWorkAttribute : FactAttribute
{
    /// <summary>Skips the test unless network namespaces can be made here.</summary>
    public FactWhenNamespacesWorkAttribute()
    {
        if (Preflight.NamespaceSkipReasonAsync("this test", CancellationToken.None).GetAwaiter().GetResult() is { } reason)
        {
            Skip = $"needs network namespaces: {reason}";
        }
    }
}
