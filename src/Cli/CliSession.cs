using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli;

/// <summary>
/// One command's run: its parse result, settings, output, and typed clients of the node it was pointed at
/// (<see cref="Api"/>) and of any other member it needs to ask (<see cref="ClientOf"/>).
/// </summary>
public sealed class CliSession : IDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly Dictionary<(Uri, TimeSpan), IDuckApi> _apis = [];

    /// <summary>Creates the session and the client of <see cref="CliSettings.Url"/>.</summary>
    public CliSession(ParseResult parse, CliSettings settings, CliOutput output)
    {
        Parse = parse;
        Settings = settings;
        Output = output;
        Api = ClientOf(settings.Url, settings.Timeout);
    }

    /// <summary>The command line as parsed, for the command's own options and arguments.</summary>
    public ParseResult Parse { get; }

    /// <summary>The global settings.</summary>
    public CliSettings Settings { get; }

    /// <summary>Where answers and failures go.</summary>
    public CliOutput Output { get; }

    /// <summary>The client of the node given by <c>--url</c>.</summary>
    public IDuckApi Api { get; }

    /// <summary>A client of <paramref name="url"/> (kept for the session) giving up after <paramref name="timeout"/>.</summary>
    public IDuckApi ClientOf(Uri url, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!_apis.TryGetValue((url, timeout), out var api))
        {
            var client = Settings.CreateHttpClient(url, timeout);
            _clients.Add(client);
            api = DuckApiClient.Create(client);
            _apis[(url, timeout)] = api;
        }

        return api;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
