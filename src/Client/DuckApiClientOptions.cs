namespace DuckDuckGoose.Client;

/// <summary>Where a registered <see cref="IDuckApi"/> client points and how it authenticates.</summary>
public sealed class DuckApiClientOptions
{
    /// <summary>The environment variable scripts and tools read the admin token from (the same name the node reads).</summary>
    public const string AdminTokenVariable = "DUCK_ADMIN_TOKEN";

    /// <summary>Base URL of the node to talk to, such as <c>http://127.0.0.1:4001</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The admin token for state-changing operations; null to send none.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Per-request timeout; a step-down waits for the hand-over, so keep it above a few election timeouts.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
