using DuckDuckGoose.Host.Settings;

namespace DuckDuckGoose.Host;

/// <summary>Creates the node's web application builder with only the node's own setting sources.</summary>
public static class NodeHost
{
    // Read by the builder's defaults from the host configuration (the arguments): no file watcher for the
    // appsettings.json they add before the node replaces them.
    private const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>
    /// A builder whose configuration is, in rising precedence: appsettings.json next to the host (optional),
    /// <c>DUCK_*</c> environment variables, and the command line. The default sources are cleared, so no
    /// unprefixed environment variable (PORT, URLS...) leaks in; only the generic host's own switches
    /// (environment, content root, application name) pass through.
    /// </summary>
    /// <remarks>
    /// The slim builder: Kestrel without HTTPS-by-configuration and QUIC (the node's TLS is set on its listen
    /// options, which the slim Kestrel honours), no IIS integration, and the console as the only log provider
    /// (no Debug and EventSource providers). Its defaults' appsettings.json is not watched for changes either
    /// (the sources are replaced below, and the node reads its settings once). Both together took about 2.4 MiB
    /// off an idle node's RSS (bench/Node, README "Memory"); tests/EndToEnd.Tests' LeanNodeTests keep them out.
    /// </remarks>
    /// <exception cref="NodeSettingsException">An argument or DUCK_ variable is unknown or malformed.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var commandLine = NodeCommandLine.Parse(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. commandLine.HostingArguments, NoConfigurationReload] });
        var configuration = builder.Configuration;
        configuration.Sources.Clear();

        // Keep the host's resolved identity, so later host configuration (test hosts) sees it unchanged.
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [HostDefaults.ApplicationKey] = builder.Environment.ApplicationName,
            [HostDefaults.EnvironmentKey] = builder.Environment.EnvironmentName,
            [HostDefaults.ContentRootKey] = builder.Environment.ContentRootPath,
        });
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        ((IConfigurationBuilder)configuration).Add(new DuckEnvironmentConfigurationSource());
        configuration.AddInMemoryCollection(commandLine.Settings);

        // One line per event, stamped in UTC to the millisecond: the logs of several nodes can then be
        // merged and read as one timeline (an election, a partition heal) without guessing the order.
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        return builder;
    }
}
