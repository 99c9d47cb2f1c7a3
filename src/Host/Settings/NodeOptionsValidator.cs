using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Options;

namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// Checks <see cref="NodeOptions"/> at start (hashicorp/raft's ValidateConfig, as an options validator):
/// every error names the setting and quotes its value, so a bad start explains itself.
/// </summary>
public sealed partial class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, one message each; empty when they are fine.</summary>
    public static IReadOnlyList<string> Check(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Fail(string key, object? value, string problem) =>
            errors.Add($"{key}: '{Convert.ToString(value, CultureInfo.InvariantCulture)}' {problem}");

        if (options.Port is < 1 or > 65535)
        {
            Fail("port", options.Port, "is not a TCP port (1-65535)");
        }

        if (options.PeerPort is < 1 or > 65535 || (options.PeerPort is { } peer && peer == options.Port))
        {
            Fail("peer-port", options.PeerPort, $"is not a TCP port (1-65535) other than port ({options.Port})");
        }

        if (!string.Equals(options.Bind, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(options.Bind, out _))
        {
            Fail("bind", options.Bind, "is not an IP address or 'localhost'");
        }

        if (!string.IsNullOrWhiteSpace(options.Advertise) && !JoinAddress.IsHttpUrl(options.Advertise))
        {
            Fail("advertise", options.Advertise, "is not an absolute http or https URL");
        }
        else if (Uri.TryCreate(options.AdvertiseUrl, UriKind.Absolute, out var advertised) && IsWildcard(advertised.Host.Trim('[', ']')))
        {
            // Listening on every address is fine; telling peers to call 0.0.0.0 sends them to themselves.
            Fail("advertise", options.AdvertiseUrl, string.IsNullOrWhiteSpace(options.Advertise)
                ? $"is where peers would call this node, since bind is '{options.Bind}' (every address); set advertise to the URL peers reach it at, such as http://10.0.0.12:{options.Port.ToString(CultureInfo.InvariantCulture)}"
                : "names no address peers can call (0.0.0.0 or ::); give this node's own address or name");
        }

        if (!string.IsNullOrWhiteSpace(options.Join) && !JoinAddress.TryNormalize(options.Join, out _))
        {
            Fail("join", options.Join, "is neither host:port nor an absolute http or https URL");
        }

        if (string.IsNullOrWhiteSpace(options.Transport))
        {
            Fail("transport", options.Transport, "is empty; name a transport plugin such as 'http'");
        }

        if (string.IsNullOrWhiteSpace(options.Timer))
        {
            Fail("timer", options.Timer, "is empty; name an election-timer plugin such as 'randomized'");
        }

        if (options.Id is not null && !IsValidId(options.Id))
        {
            Fail("id", options.Id, "is not a node id (1-64 characters from A-Z a-z 0-9 . _ -)");
        }

        // Both forms of the cluster secret set, an unreadable or open file, or a short secret: each stops the start with its own message.
        try
        {
            _ = options.LoadClusterSecrets();
        }
        catch (NodeSettingsException e)
        {
            errors.Add(e.Message);
        }

        // Both forms of the admin token set, an unreadable or open file, or a token too easy to guess.
        try
        {
            _ = options.LoadAdminToken();
        }
        catch (NodeSettingsException e)
        {
            errors.Add(e.Message);
        }

        if (options.Priority is < 0 or > Member.MaxPriority)
        {
            Fail("priority", options.Priority, $"must be between 0 (never stands for election) and {Member.MaxPriority}");
        }

        CheckCurve(options, Fail);
        CheckTiming(options, Fail);
        CheckHooks(options, Fail);
        CheckTls(options, Fail);
        return errors;
    }

    private static bool IsWildcard(string host) => IPAddress.TryParse(host, out var address)
        && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary>The longest election timeout accepted: one minute (etcd caps its own at 50 s).</summary>
    public const int MaxElectionTimeoutMs = 60_000;

    /// <summary>The longest heartbeat interval accepted.</summary>
    public const int MaxHeartbeatMs = 10_000;

    /// <summary>The longest keep-alive of a non-voter: one minute.</summary>
    public const int MaxKeepAliveMs = 60_000;

    /// <summary>The longest Autopilot time (stabilization, dead non-voter removal): a week.</summary>
    public const int MaxAutopilotMs = 7 * 24 * 3_600_000;

    /// <summary>The election timeout must be at least this many heartbeat intervals (etcd requires 5).</summary>
    public const int HeartbeatsPerElectionTimeout = 5;

    /// <summary>The longest hook timeout and retry interval accepted: one hour.</summary>
    public const int MaxHookMs = 3_600_000;

    private static void CheckCurve(NodeOptions options, Action<string, object?, string> fail)
    {
        var explicitFile = !string.IsNullOrWhiteSpace(options.ZmqCurveKeyFile);
        if (options.ZmqCurve == false && explicitFile)
        {
            fail("zmq-curve", options.ZmqCurve, "contradicts zmq-curve-key-file, which turns CURVE on; drop one of them");
            return;
        }

        if (options.CurveKeyFilePath is not { } path)
        {
            return;
        }

        var key = explicitFile ? "zmq-curve-key-file" : "zmq-curve";
        var value = explicitFile ? options.ZmqCurveKeyFile : (object?)options.ZmqCurve;
        if (options.PeerPort is null)
        {
            fail(key, value, "needs peer-port: CURVE encrypts the ZeroMQ peer port (tcp://{host}:{peer-port})");
        }

        if (Storage.ZmqCurveKeyFile.Problem(path) is { } problem)
        {
            fail("zmq-curve-key-file", path, problem);
        }
    }

    private static void CheckHooks(NodeOptions options, Action<string, object?, string> fail)
    {
        foreach (var (key, command) in new[] { ("on-goose", options.OnGoose), ("on-duck", options.OnDuck), ("on-role-change", options.OnRoleChange) })
        {
            if (command is not null && command.Contains('\0', StringComparison.Ordinal))
            {
                fail(key, command.Replace("\0", "\\0", StringComparison.Ordinal), "contains a NUL character, which no process can receive");
            }
        }

        if (options.HookTimeoutMs is < 1 or > MaxHookMs)
        {
            fail("hook-timeout-ms", options.HookTimeoutMs, $"must be between 1 and {MaxHookMs} (one hour)");
        }

        if (options.HookRetryMaxMs is < 1000 or > MaxHookMs)
        {
            fail("hook-retry-max-ms", options.HookRetryMaxMs, $"must be between 1000 (the first retry's delay) and {MaxHookMs} (one hour)");
        }
    }

    private static void CheckTls(NodeOptions options, Action<string, object?, string> fail)
    {
        var cert = Blank(options.TlsCertFile);
        var key = Blank(options.TlsKeyFile);
        var ca = Blank(options.TlsCaFile);
        if (cert is null && key is null && ca is null)
        {
            return;
        }

        if (cert is null)
        {
            fail(key is not null ? "tls-key-file" : "tls-ca-file", key ?? ca, "needs tls-cert-file too (the node's own certificate)");
            return;
        }

        if (key is null)
        {
            fail("tls-cert-file", cert, "needs tls-key-file too (the certificate's private key)");
            return;
        }

        var readable = true;
        foreach (var (name, path) in new[] { ("tls-cert-file", cert), ("tls-key-file", key), ("tls-ca-file", ca) })
        {
            if (path is not null && Unreadable(path) is { } problem)
            {
                fail(name, path, problem);
                readable = false;
            }
        }

        if (!readable)
        {
            return;
        }

        try
        {
            using var pair = X509Certificate2.CreateFromPemFile(cert, key);
            if (pair.NotAfter < DateTime.Now)
            {
                fail("tls-cert-file", cert, $"expired on {pair.NotAfter.ToUniversalTime():u}");
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: a key that belongs to another certificate.
            fail("tls-cert-file", cert, $"and tls-key-file '{key}' are not a PEM certificate and its private key: {e.Message}");
        }

        if (ca is not null)
        {
            try
            {
                using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(ca));
            }
            catch (CryptographicException e)
            {
                fail("tls-ca-file", ca, $"is not a PEM certificate: {e.Message}");
            }
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Unreadable(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return e is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read: {e.Message}";
        }
    }

    private static void CheckTiming(NodeOptions options, Action<string, object?, string> fail)
    {
        if (options.TickMs < 1)
        {
            fail("tick-ms", options.TickMs, "must be at least 1");
            return;
        }

        if (options.HeartbeatMs < options.TickMs)
        {
            fail("heartbeat-ms", options.HeartbeatMs, $"must be at least tick-ms ({options.TickMs})");
        }

        if (options.HeartbeatMs > MaxHeartbeatMs)
        {
            fail("heartbeat-ms", options.HeartbeatMs, $"must be at most {MaxHeartbeatMs}");
        }

        if (options.ElectionTimeoutMs > MaxElectionTimeoutMs)
        {
            fail("election-timeout-ms", options.ElectionTimeoutMs, $"must be at most {MaxElectionTimeoutMs} (one minute)");
        }

        // etcd's rule: the election timeout is at least 5 heartbeats, so a Goose's lease survives a lost
        // heartbeat or two and a Duck does not start an election between two heartbeats of a healthy Goose.
        if (options.ElectionTimeoutMs < HeartbeatsPerElectionTimeout * (long)options.HeartbeatMs)
        {
            fail(
                "election-timeout-ms",
                options.ElectionTimeoutMs,
                $"must be at least {HeartbeatsPerElectionTimeout} × heartbeat-ms ({options.HeartbeatMs}), that is {HeartbeatsPerElectionTimeout * (long)options.HeartbeatMs}");
        }

        if (VoterTarget.Problem(options.Voters) is { } voters)
        {
            fail("voters", options.Voters, voters);
        }

        // Autopilot's times: a keep-alive no faster than the heartbeat, a voter judged dead no sooner than an
        // election would replace a dead Goose, a non-voter removed no sooner than a voter is replaced.
        // Unset, each takes a default that keeps these rules (see NodeOptions); only a value given is checked.
        if (options.KeepAliveMs is { } keepAlive && (keepAlive < options.HeartbeatMs || keepAlive > MaxKeepAliveMs))
        {
            fail("keep-alive-ms", keepAlive, $"must be from heartbeat-ms ({options.HeartbeatMs}) to {MaxKeepAliveMs}");
        }

        if (options.AutopilotStabilizationMs is { } stabilization && (stabilization < options.ElectionTimeoutMs || stabilization > MaxAutopilotMs))
        {
            fail("autopilot-stabilization-ms", stabilization, $"must be from election-timeout-ms ({options.ElectionTimeoutMs}) to {MaxAutopilotMs}");
        }

        if (options.DeadNonVoterMs is { } dead && (dead < options.EffectiveStabilizationMs || dead > MaxAutopilotMs))
        {
            fail("dead-non-voter-ms", dead, $"must be from the autopilot stabilization time ({options.EffectiveStabilizationMs} ms) to {MaxAutopilotMs}");
        }

        if (options.LeaveTimeoutMs is < 0 or > MaxKeepAliveMs)
        {
            fail("leave-timeout-ms", options.LeaveTimeoutMs, $"must be from 0 (no leave, just stop) to {MaxKeepAliveMs}");
        }

        // The core counts whole ticks, so the lease is computed from the timeout it will really use.
        var core = options.ToCoreOptions("check");
        if (core.LeaseDuration <= TimeSpan.Zero)
        {
            fail(
                "election-timeout-ms",
                options.ElectionTimeoutMs,
                $"leaves no Goose lease: timeout - 2 × tick-ms ({options.TickMs}) - timeout/10 must be positive");
        }
    }

    /// <summary>Whether <paramref name="id"/> is a usable node id: 1-64 characters from A-Z a-z 0-9 . _ -.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();
}
