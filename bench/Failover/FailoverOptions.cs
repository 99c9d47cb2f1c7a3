using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>Command-line options of the transport and failover benchmark.</summary>
/// <param name="Trials">Kills of the Goose per series (transport, security mode and election timeout).</param>
/// <param name="ElectionTimeoutMs">The election-timeout-ms of the main configuration (the host's default is 150).</param>
/// <param name="Compare">Also run the same trials with the election timeout doubled, for a side-by-side baseline.</param>
/// <param name="Transports">The transports to measure side by side, in order (<c>http</c>, <c>zeromq</c>).</param>
/// <param name="Securities">The security modes to measure side by side, in order (<see cref="SecurityModes"/>); each is compared with <c>plain</c> when that is among them.</param>
/// <param name="RoundTrips">Timed peer round trips per transport and security mode.</param>
/// <param name="WarmupRoundTrips">Untimed round trips per transport and security mode before those.</param>
/// <param name="Output">The Markdown report's path, or null for standard output only.</param>
internal sealed record FailoverOptions(
    int Trials,
    int ElectionTimeoutMs,
    bool Compare,
    IReadOnlyList<string> Transports,
    IReadOnlyList<string> Securities,
    int RoundTrips,
    int WarmupRoundTrips,
    string? Output)
{
    public static readonly IReadOnlyList<string> KnownTransports = ["http", "zeromq"];

    public const string Usage =
        "usage: dotnet run -c Release --project bench/Failover -- [--trials N (default 20)] [--transports http,zeromq (default both)]"
        + " [--security plain,secret,tls,secret+tls (default plain; the tls modes with the http transport only)]"
        + " [--round-trips N (default 5000)] [--election-timeout-ms MS (default 150)] [--compare (also the doubled timeout)]"
        + " [--quick (3 trials, 500 round trips: a smoke run)] [--output FILE | --output - (default bench/results/latest.md)]";

    /// <summary>The election timeouts to measure, in order.</summary>
    public IReadOnlyList<int> ElectionTimeouts => Compare ? [ElectionTimeoutMs, 2 * ElectionTimeoutMs] : [ElectionTimeoutMs];

    public static bool TryParse(string[] args, [NotNullWhen(true)] out FailoverOptions? options, [NotNullWhen(false)] out string? error)
    {
        int? trials = null;
        int? roundTrips = null;
        var quick = false;
        var timeout = 150;
        var compare = false;
        IReadOnlyList<string> transports = KnownTransports;
        IReadOnlyList<string> securities = [SecurityModes.Plain];
        string? output = Path.Combine(HostLocation.RepoRoot, "bench", "results", "latest.md");
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--trials" when TryPositive(value, out var t):
                    trials = t;
                    i++;
                    break;
                case "--round-trips" when TryPositive(value, out var r):
                    roundTrips = r;
                    i++;
                    break;
                case "--election-timeout-ms" when TryPositive(value, out timeout):
                    i++;
                    break;
                case "--transports" when TryTransports(value, out var names):
                    transports = names;
                    i++;
                    break;
                case "--security" when TrySecurities(value, out var modes):
                    securities = modes;
                    i++;
                    break;
                case "--compare":
                    compare = true;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--output" when value is not null:
                    output = value == "-" ? null : Path.GetFullPath(value);
                    i++;
                    break;
                default:
                    options = null;
                    error = $"unknown or invalid argument '{args[i]}'" + (value is null ? string.Empty : $" (followed by '{value}')")
                            + $"; known transports: {string.Join(", ", KnownTransports)}; security modes: {string.Join(", ", SecurityModes.Known)}";
                    return false;
            }
        }

        if (securities.Any(SecurityModes.UsesTls) && transports.Any(t => t != "http"))
        {
            options = null;
            error = $"--security {string.Join(",", securities.Where(SecurityModes.UsesTls))} applies to the http transport only "
                    + $"(ZeroMQ encrypts with CURVE, not TLS); asked for --transports {string.Join(",", transports)}";
            return false;
        }

        var timed = roundTrips ?? (quick ? 500 : 5000);
        options = new FailoverOptions(trials ?? (quick ? 3 : 20), timeout, compare, transports, securities, timed, Math.Max(100, timed / 10), output);
        error = null;
        return true;
    }

    private static bool TryPositive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static bool TryTransports(string? text, out IReadOnlyList<string> names)
    {
        names = (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        return names.Count > 0 && names.All(KnownTransports.Contains);
    }

    private static bool TrySecurities(string? text, out IReadOnlyList<string> modes)
    {
        modes = (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        return modes.Count > 0 && modes.All(SecurityModes.Known.Contains);
    }
}
