using System.Globalization;
using System.Security.Cryptography;

namespace DuckDuckGoose.Fuzz;

/// <summary>The command line of <c>dotnet run --project tools/Fuzz -- …</c>.</summary>
public sealed class FuzzOptions
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project tools/Fuzz -- [options]

        Starts a cluster of real node processes on 127.0.0.1 (each also listening for ZeroMQ on a peer port),
        throws seeded malformed input at every HTTP endpoint (taken from the served OpenAPI document, plus the
        peer endpoint POST /raft/message), raw junk over TCP at the HTTP and ZeroMQ ports, well-framed junk as
        a ZeroMQ DEALER, and well-formed forged peer messages; after every batch checks that every node runs
        and answers GET /status, and at the end that term, Goose and members are as they were.

        options:
          --count N            how many inputs to send, 1..10000000 (default 10000)
          --seed N             the seed of what is sent (default: a random one, printed; the same seed sends the same)
          --nodes N            cluster size, 3..7 (default 3)
          --transports LIST    which peer transports to fuzz: http, zeromq or http,zeromq (default http,zeromq)
          --cluster-secret S   the cluster secret every node gets (32 bytes or more): "generate" (the default, or
                               DUCK_CLUSTER_SECRET when set) makes a random one; "none" runs without, and then the
                               forgeries only a secret can refuse go last and are reported, not judged
          --batch N            inputs between two liveness checks, 10..100000 (default 500)
          --concurrency N      HTTP inputs in flight at once, 1..64 (default 4)
          --run-dir PATH       where node data, logs and report.md go (default: a fresh /tmp/ddg-fuzz-… folder)
          --keep               keep the run directory when the run passes (it is always kept on failure)
          --help               this text

        exit codes: 0 no crash, no HTTP 500, no forgery accepted and the cluster's state unchanged; 1 otherwise;
        2 bad arguments.
        """;

    /// <summary>How many inputs to send.</summary>
    public int Count { get; private set; } = 10_000;

    /// <summary>The seed, when given.</summary>
    public int? Seed { get; private set; }

    /// <summary>The cluster size.</summary>
    public int Nodes { get; private set; } = 3;

    /// <summary>Whether the HTTP peer endpoint is fuzzed and forged at.</summary>
    public bool Http { get; private set; } = true;

    /// <summary>Whether the ZeroMQ peer port is fuzzed and forged at.</summary>
    public bool ZeroMq { get; private set; } = true;

    /// <summary>The cluster secret every node gets, or null for none.</summary>
    public string? ClusterSecret { get; private set; } = Environment.GetEnvironmentVariable("DUCK_CLUSTER_SECRET") is { Length: > 0 } s ? s : Generate();

    /// <summary>Inputs between two liveness checks.</summary>
    public int Batch { get; private set; } = 500;

    /// <summary>HTTP inputs in flight at once.</summary>
    public int Concurrency { get; private set; } = 4;

    /// <summary>The run directory, when given.</summary>
    public string? RunDirectory { get; private set; }

    /// <summary>Keep the run directory on success.</summary>
    public bool Keep { get; private set; }

    /// <summary>Whether <c>--help</c> was asked for.</summary>
    public bool Help { get; private set; }

    /// <summary>The transports fuzzed, as the command line names them.</summary>
    public string TransportList => string.Join(',', new[] { Http ? "http" : null, ZeroMq ? "zeromq" : null }.OfType<string>());

    /// <summary>Parses <paramref name="args"/>; false with a message naming the bad argument.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out FuzzOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new FuzzOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--help" or "-h":
                    options.Help = true;
                    continue;
                case "--keep":
                    options.Keep = true;
                    continue;
            }

            if (i + 1 >= args.Count)
            {
                error = name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value" : $"unknown argument '{name}'";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--count" when Int(value, 1, 10_000_000) is { } count:
                    options.Count = count;
                    break;
                case "--seed" when Int(value, int.MinValue, int.MaxValue) is { } seed:
                    options.Seed = seed;
                    break;
                case "--nodes" when Int(value, 3, 7) is { } nodes:
                    options.Nodes = nodes;
                    break;
                case "--batch" when Int(value, 10, 100_000) is { } batch:
                    options.Batch = batch;
                    break;
                case "--concurrency" when Int(value, 1, 64) is { } concurrency:
                    options.Concurrency = concurrency;
                    break;
                case "--transports":
                    var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (names.Length == 0 || names.Any(n => n is not ("http" or "zeromq")))
                    {
                        error = $"--transports {value}: expected http, zeromq or http,zeromq";
                        return false;
                    }

                    options.Http = names.Contains("http");
                    options.ZeroMq = names.Contains("zeromq");
                    break;
                case "--cluster-secret":
                    if (value.Length == 0)
                    {
                        error = "--cluster-secret needs a value (or \"generate\")";
                        return false;
                    }

                    if (value is not ("generate" or "none") && System.Text.Encoding.UTF8.GetByteCount(value) < 32)
                    {
                        error = "--cluster-secret: a secret needs 32 bytes or more (or give \"generate\" or \"none\")";
                        return false;
                    }

                    options.ClusterSecret = value switch
                    {
                        "generate" => Generate(),
                        "none" => null,
                        _ => value,
                    };
                    break;
                case "--run-dir":
                    options.RunDirectory = value;
                    break;
                default:
                    error = name.StartsWith("--", StringComparison.Ordinal) && Known.Contains(name)
                        ? $"{name} {value}: not a valid value (see the ranges below)"
                        : $"unknown argument '{name}'";
                    return false;
            }
        }

        return true;
    }

    private static readonly string[] Known = ["--count", "--seed", "--nodes", "--batch", "--concurrency", "--transports", "--cluster-secret", "--run-dir"];

    private static string Generate() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    private static int? Int(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
