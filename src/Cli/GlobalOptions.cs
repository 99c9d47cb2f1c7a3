using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli;

/// <summary>
/// The options every command takes (given before or after the command's name): <c>--url</c>,
/// <c>--token</c>, <c>--json</c>, <c>--timeout</c> and <c>--ca-file</c>, and how they fall back to the environment.
/// </summary>
public sealed class GlobalOptions
{
    /// <summary>
    /// The environment variable naming the node when <c>--url</c> is not given. Not <c>DUCK_URL</c>: a node
    /// refuses to start on an unknown <c>DUCK_*</c> variable, and this one would be in the same shell.
    /// </summary>
    public const string UrlVariable = "DUCKCTL_URL";

    /// <summary>The node asked when neither <c>--url</c> nor <see cref="UrlVariable"/> is given (the quick start's first node).</summary>
    public const string DefaultUrl = "http://localhost:4001";

    /// <summary>How long one request may take unless <c>--timeout</c> says otherwise; a step-down waits for the hand-over.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary><c>--url</c>.</summary>
    public Option<string?> Url { get; } = new("--url", "-u")
    {
        Description = $"The node to ask: an http(s) URL, or host:port for http [default: ${UrlVariable}, else {DefaultUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    /// <summary><c>--token</c>.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The admin token for changes [default: ${DuckApiClientOptions.AdminTokenVariable}; prefer it: a command line is visible to other users]",
        HelpName = "token",
        Recursive = true,
    };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Answer in JSON (the node's own JSON; watch: one line per refresh; errors: problem details on stderr)",
        Recursive = true,
    };

    /// <summary><c>--timeout</c>.</summary>
    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds one request may take before the node counts as unreachable (exit 3)",
        HelpName = "seconds",
        DefaultValueFactory = _ => DefaultTimeout.TotalSeconds,
        Recursive = true,
    };

    /// <summary><c>--ca-file</c>.</summary>
    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM certificate of the cluster's CA (the nodes' tls-ca-file): the only authority trusted for https nodes",
        HelpName = "file",
        Recursive = true,
    };

    /// <summary>Creates the options, with their checks.</summary>
    public GlobalOptions()
    {
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 3600))
            {
                result.AddError($"--timeout must be more than 0 and at most 3600 seconds; got {result.GetValueOrDefault<double>().ToString(CultureInfo.InvariantCulture)}.");
            }
        });
    }

    /// <summary>Adds the options to <paramref name="root"/>; they are recursive, so every command takes them.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(Token);
        root.Options.Add(Json);
        root.Options.Add(Timeout);
        root.Options.Add(CaFile);
    }

    /// <summary>
    /// The settings for one command: the options, or else the environment of <paramref name="console"/>.
    /// Null with <paramref name="error"/> naming the option or variable when one is bad.
    /// </summary>
    public CliSettings? Read(ParseResult parse, CliConsole console, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(console);
        error = null;
        var (urlText, urlSource) = parse.GetValue(Url) is { } given
            ? (given, "--url")
            : console.GetVariable(UrlVariable) is { Length: > 0 } fromEnvironment
                ? (fromEnvironment, UrlVariable)
                : (DefaultUrl, "the default URL");
        if (!NodeAddress.TryParse(urlText, out var url))
        {
            error = $"{urlSource} '{urlText}' is not a node address: give an http(s) URL such as http://127.0.0.1:4001, or host:port.";
            return null;
        }

        var token = parse.GetValue(Token) is { Length: > 0 } t ? t
            : console.GetVariable(DuckApiClientOptions.AdminTokenVariable) is { Length: > 0 } e ? e
            : null;

        PeerTls? tls = null;
        if (parse.GetValue(CaFile) is { } caFile)
        {
            try
            {
                tls = PeerTls.Load(null, null, caFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                error = $"--ca-file '{caFile}' cannot be used: {ex.Message}";
                return null;
            }
        }

        return new CliSettings(url, token, parse.GetValue(Json), TimeSpan.FromSeconds(parse.GetValue(Timeout)), tls);
    }
}
