using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Security;

/// <summary>
/// Signs the peer messages a node sends and verifies the ones it receives with the cluster's secrets
/// (HMAC-SHA256). A message verifies when one of its tags matches one of this node's secrets over its
/// content, cluster id, sender and receiver; it is addressed to this node; its timestamp is within
/// <see cref="MaxClockSkew"/> of this node's clock and not before this node started; and its sender's
/// process has not used its sequence number before (<see cref="ReplayWindow"/>). Thread-safe: transports
/// send and receive on many threads at once.
/// </summary>
public sealed class PeerMessageAuthenticator
{
    /// <summary>How far a message's timestamp may be from this node's clock: more refuses it as stale or from the future.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    private static readonly byte[] Domain = "duckduckgoose-peer-v1\n"u8.ToArray();

    private readonly ClusterSecrets _secrets;
    private readonly string _self;
    private readonly TimeProvider _time;
    private readonly long _startedMs;
    private readonly Dictionary<(string From, string Epoch), SenderState> _senders = [];
    private long _seq;
    private long _lastPruneMs;

    /// <summary>Signs as and verifies for node <paramref name="self"/> with <paramref name="secrets"/>.</summary>
    public PeerMessageAuthenticator(ClusterSecrets secrets, string self, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentException.ThrowIfNullOrWhiteSpace(self);
        ArgumentNullException.ThrowIfNull(time);
        _secrets = secrets;
        _self = self;
        _time = time;
        _startedMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        Epoch = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>This process's epoch: random, new at every start, so a restarted sender's numbers are new.</summary>
    public string Epoch { get; }

    /// <summary>
    /// <paramref name="message"/> with an <see cref="PeerAuth"/> for node <paramref name="to"/>: the next
    /// sequence number, now, and a tag per secret.
    /// </summary>
    public PeerMessage Sign(PeerMessage message, string to)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        var unsigned = message.Auth is null ? message : message with { Auth = null };
        var ts = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var seq = Interlocked.Increment(ref _seq);
        var body = JsonSerializer.SerializeToUtf8Bytes(unsigned, PeerJsonContext.Default.PeerMessage);
        var tags = _secrets.Keys
            .Select(key => Convert.ToBase64String(Tag(key, unsigned, to, ts, Epoch, seq, body)))
            .ToArray();
        return unsigned with { Auth = new PeerAuth(to, ts, Epoch, seq, tags) };
    }

    /// <summary>
    /// Checks <paramref name="message"/>, which claims to come from <c>message.From</c>, is for this node,
    /// and returns it without its <see cref="PeerAuth"/>; or throws saying why not. A message is taken at
    /// most once: a second call with the same message is a replay.
    /// </summary>
    /// <exception cref="PeerAuthenticationException">The message does not verify; nothing was recorded.</exception>
    public PeerMessage Verify(PeerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.From) || message.From.Length > 64)
        {
            throw new PeerAuthenticationException($"a {message.GetType().Name} names no valid sender");
        }

        if (message.Auth is not { } auth)
        {
            throw new PeerAuthenticationException(
                $"a {message.GetType().Name} from '{message.From}' carries no tag; this node holds a cluster secret, the sender none (set cluster-secret on every member)");
        }

        if (auth.Tags is null || auth.Tags.Count is 0 or > ClusterSecrets.MaximumCount || string.IsNullOrEmpty(auth.Epoch) || auth.Epoch.Length > 64 || auth.To is null)
        {
            throw new PeerAuthenticationException($"a {message.GetType().Name} from '{message.From}' has a malformed auth (tags, epoch)");
        }

        var unsigned = message with { Auth = null };
        var body = JsonSerializer.SerializeToUtf8Bytes(unsigned, PeerJsonContext.Default.PeerMessage);
        if (!Matches(auth, unsigned, body))
        {
            throw new PeerAuthenticationException(
                $"a {message.GetType().Name} from '{message.From}' has no tag that verifies with this node's cluster secret; the sender holds another secret, or the message was forged or changed");
        }

        // Only a message that verifies may touch the replay state, so a forger cannot fill it or spoil a real sender's numbers.
        if (!string.Equals(auth.To, _self, StringComparison.Ordinal))
        {
            throw new PeerAuthenticationException($"a {message.GetType().Name} from '{message.From}' was signed for '{auth.To}', not this node ('{_self}'): re-addressed");
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (Math.Abs(now - auth.Ts) > (long)MaxClockSkew.TotalMilliseconds)
        {
            throw new PeerAuthenticationException(
                $"a {message.GetType().Name} from '{message.From}' was signed {FormatAge(now - auth.Ts)}; more than {MaxClockSkew.TotalSeconds:0} s from this node's clock: stale or replayed, or the two clocks differ (keep them in sync)");
        }

        if (auth.Ts < _startedMs)
        {
            // Messages signed before this process started cannot be told from replays: this process keeps no
            // numbers from before. A sender in flight at the restart loses one message, which Raft tolerates.
            throw new PeerAuthenticationException($"a {message.GetType().Name} from '{message.From}' was signed before this node started: replayed, or in flight across the restart");
        }

        lock (_senders)
        {
            Prune(now);
            if (!_senders.TryGetValue((message.From, auth.Epoch), out var sender))
            {
                sender = new SenderState();
                _senders[(message.From, auth.Epoch)] = sender;
            }

            if (!sender.Window.TryTake(auth.Seq))
            {
                throw new PeerAuthenticationException($"a {message.GetType().Name} from '{message.From}' repeats sequence number {auth.Seq} of its process {auth.Epoch}: replayed");
            }

            sender.LastTs = Math.Max(sender.LastTs, auth.Ts);
        }

        return unsigned;
    }

    /// <summary>A sender id fit for a log line: at most 64 characters, control characters replaced.</summary>
    public static string Printable(string? from) => string.IsNullOrEmpty(from)
        ? "(none)"
        : new string(from.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>How many sender processes this node currently keeps sequence numbers for.</summary>
    public int TrackedSenders
    {
        get
        {
            lock (_senders)
            {
                return _senders.Count;
            }
        }
    }

    private bool Matches(PeerAuth auth, PeerMessage unsigned, byte[] body)
    {
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var tag in auth.Tags)
        {
            if (tag is null || !Convert.TryFromBase64String(tag, given, out var written) || written != HMACSHA256.HashSizeInBytes)
            {
                continue;
            }

            foreach (var key in _secrets.Keys)
            {
                if (CryptographicOperations.FixedTimeEquals(given, Tag(key, unsigned, auth.To, auth.Ts, auth.Epoch, auth.Seq, body)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// HMAC-SHA256 over a domain string, then the cluster id, sender, receiver, timestamp, epoch and
    /// sequence number (each length-prefixed, so no two field lists encode alike), then the message's JSON.
    /// </summary>
    private static byte[] Tag(byte[] key, PeerMessage unsigned, string to, long ts, string epoch, long seq, byte[] body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Domain);
        AppendField(hmac, unsigned.Cluster ?? string.Empty);
        AppendField(hmac, unsigned.From);
        AppendField(hmac, to);
        AppendField(hmac, ts.ToString(CultureInfo.InvariantCulture));
        AppendField(hmac, epoch);
        AppendField(hmac, seq.ToString(CultureInfo.InvariantCulture));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static void AppendField(IncrementalHash hmac, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hmac.AppendData(length);
        hmac.AppendData(bytes);
    }

    /// <summary>
    /// Forgets sender processes not heard within the clock-skew window: every message of theirs is now
    /// refused by its timestamp anyway, so their numbers are no longer needed (a live one starts afresh).
    /// </summary>
    private void Prune(long now)
    {
        if (now - _lastPruneMs < 1_000)
        {
            return;
        }

        _lastPruneMs = now;
        var horizon = now - (long)MaxClockSkew.TotalMilliseconds;
        foreach (var key in _senders.Where(s => s.Value.LastTs < horizon).Select(s => s.Key).ToList())
        {
            _senders.Remove(key);
        }
    }

    private static string FormatAge(long ageMs) => ageMs >= 0
        ? $"{ageMs / 1000.0:0.0} s ago"
        : $"{-ageMs / 1000.0:0.0} s in the future";

    private sealed class SenderState
    {
        public ReplayWindow Window { get; } = new();

        public long LastTs { get; set; }
    }
}
