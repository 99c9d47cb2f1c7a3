using System.Collections;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// Settings from <c>DUCK_*</c> environment variables: <c>DUCK_HEARTBEAT_MS=40</c> is the setting
/// <c>heartbeat-ms</c> (upper case, dashes as underscores), <c>DUCK_PORT</c> and <c>DUCK_JOIN</c> as in the
/// origin project. No other environment variable is read.
/// </summary>
public sealed class DuckEnvironmentConfigurationSource : IConfigurationSource
{
    /// <summary>The variables to read; the process environment when null.</summary>
    public IDictionary? Variables { get; init; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new DuckEnvironmentConfigurationProvider(Variables ?? Environment.GetEnvironmentVariables());
}
