using System.Globalization;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// A node's settings. Each property's <see cref="ConfigurationKeyNameAttribute"/> is the setting's name
/// on the command line (<c>--heartbeat-ms 40</c>), in the environment (<c>DUCK_HEARTBEAT_MS=40</c>) and in
/// appsettings.json. Checked at start by <see cref="NodeOptionsValidator"/>.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>TCP port this node listens on.</summary>
    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 4001;

    /// <summary>IP address (or <c>localhost</c>) this node listens on.</summary>
    [ConfigurationKeyName("bind")]
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>The URL peers reach this node at; default <c>http://{bind}:{port}</c>.</summary>
    [ConfigurationKeyName("advertise")]
    public string? Advertise { get; set; }

    /// <summary>A member to ask for admission (<c>host:port</c> or a URL); ignored once the node has membership.</summary>
    [ConfigurationKeyName("join")]
    public string? Join { get; set; }

    /// <summary>Data directory; default <c>./data/{port}</c>.</summary>
    [ConfigurationKeyName("data")]
    public string? Data { get; set; }

    /// <summary>Name of the transport plugin to use.</summary>
    [ConfigurationKeyName("transport")]
    public string Transport { get; set; } = "http";

    /// <summary>Name of the election-timer plugin to use.</summary>
    [ConfigurationKeyName("timer")]
    public string Timer { get; set; } = "randomized";

    /// <summary>Milliseconds between two heartbeat rounds of the Goose; at most a fifth of the election timeout.</summary>
    [ConfigurationKeyName("heartbeat-ms")]
    public int HeartbeatMs { get; set; } = 30;

    /// <summary>The minimum election timeout in milliseconds; the timer plugin decides the range above it.</summary>
    [ConfigurationKeyName("election-timeout-ms")]
    public int ElectionTimeoutMs { get; set; } = 150;

    /// <summary>
    /// This node's election priority, 0 to 100, recorded in its membership entry when it joins or founds
    /// the cluster: under the <c>priority</c> timer a higher one times out sooner; 0 never stands for election
    /// (it still votes).
    /// </summary>
    [ConfigurationKeyName("priority")]
    public int Priority { get; set; } = Member.DefaultPriority;

    /// <summary>
    /// How many voters the cluster keeps (odd, 1 to 9): the rest of its members are non-voting Ducks, and the
    /// Goose's Autopilot keeps the voters at this number. Read when the node founds a cluster; after that the
    /// cluster's own setting rules, changed through the Goose (<c>PUT /cluster/voters</c>).
    /// </summary>
    [ConfigurationKeyName("voters")]
    public int Voters { get; set; } = VoterTarget.Default;

    /// <summary>Milliseconds between two writes of the Goose to a non-voter that has nothing new to learn; default 1,000 (at least heartbeat-ms).</summary>
    [ConfigurationKeyName("keep-alive-ms")]
    public int? KeepAliveMs { get; set; }

    /// <summary>
    /// Milliseconds a voter stays unheard before Autopilot gives its seat to a healthy non-voter (Consul's server
    /// stabilization time); default 10,000 (at least election-timeout-ms).
    /// </summary>
    [ConfigurationKeyName("autopilot-stabilization-ms")]
    public int? AutopilotStabilizationMs { get; set; }

    /// <summary>Milliseconds a non-voter stays unheard before Autopilot removes it from the cluster; default 300,000 (at least the stabilization time).</summary>
    [ConfigurationKeyName("dead-non-voter-ms")]
    public int? DeadNonVoterMs { get; set; }

    /// <summary><see cref="KeepAliveMs"/> as set, else its default: 1 s, and no faster than the heartbeat.</summary>
    public int EffectiveKeepAliveMs => KeepAliveMs ?? Math.Max(1_000, HeartbeatMs);

    /// <summary><see cref="AutopilotStabilizationMs"/> as set, else its default: 10 s, and no shorter than the election timeout.</summary>
    public int EffectiveStabilizationMs => AutopilotStabilizationMs ?? Math.Max(10_000, ElectionTimeoutMs);

    /// <summary><see cref="DeadNonVoterMs"/> as set, else its default: 5 min, and no shorter than the stabilization time.</summary>
    public int EffectiveDeadNonVoterMs => DeadNonVoterMs ?? Math.Max(300_000, EffectiveStabilizationMs);

    /// <summary>
    /// Milliseconds a node stopped on purpose (SIGTERM, Ctrl+C) may spend leaving: a Goose hands over, a voter
    /// hands its seat to a non-voter, a non-voter is removed. 0: it just stops, like a crash.
    /// </summary>
    [ConfigurationKeyName("leave-timeout-ms")]
    public int LeaveTimeoutMs { get; set; } = 5_000;

    /// <summary>Milliseconds between two ticks of the election core.</summary>
    [ConfigurationKeyName("tick-ms")]
    public int TickMs { get; set; } = 1;

    /// <summary>Node id; generated once and kept in the data directory when not given.</summary>
    [ConfigurationKeyName("id")]
    public string? Id { get; set; }

    /// <summary>Plugin folder; default <c>plugins</c> next to the host assembly.</summary>
    [ConfigurationKeyName("plugins")]
    public string? Plugins { get; set; }

    /// <summary>
    /// When set, every state-changing admin operation (join, remove, leave, step-down, voters) needs
    /// <c>Authorization: Bearer {token}</c>; status and read-only views stay open. Prefer the
    /// <c>DUCK_ADMIN_TOKEN</c> variable to the command line, which other users can read.
    /// </summary>
    [ConfigurationKeyName("admin-token")]
    public string? AdminToken { get; set; }

    /// <summary>
    /// A file holding the admin token (surrounding white space, such as the final line break, is ignored),
    /// readable by its owner only: the way to give it in production (systemd's <c>LoadCredential=</c>, a
    /// mounted Kubernetes Secret). <see cref="NodeSettings.Load"/> reads it once, into <see cref="AdminToken"/>.
    /// </summary>
    [ConfigurationKeyName("admin-token-file")]
    public string? AdminTokenFile { get; set; }

    /// <summary>
    /// The cluster secret (at least 32 bytes; two or more separated by commas while one is rotated): every
    /// peer message is then signed with it and every one received must verify. Prefer
    /// <see cref="ClusterSecretFile"/> or the <c>DUCK_CLUSTER_SECRET</c> variable to the command line.
    /// </summary>
    [ConfigurationKeyName("cluster-secret")]
    public string? ClusterSecret { get; set; }

    /// <summary>A file holding the cluster secret (one per line while rotating), readable by its owner only.</summary>
    [ConfigurationKeyName("cluster-secret-file")]
    public string? ClusterSecretFile { get; set; }

    /// <summary>
    /// PEM certificate this node serves HTTPS with and presents to peers as its client certificate; needs
    /// <see cref="TlsKeyFile"/>. Set: the node's default URL is <c>https://{bind}:{port}</c>.
    /// </summary>
    [ConfigurationKeyName("tls-cert-file")]
    public string? TlsCertFile { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertFile"/>.</summary>
    [ConfigurationKeyName("tls-key-file")]
    public string? TlsKeyFile { get; set; }

    /// <summary>
    /// PEM certificate of the cluster's CA. Set: this node trusts only it for the servers it calls, and the
    /// peer endpoint needs a client certificate it issued (mutual TLS). Needs <see cref="TlsCertFile"/>.
    /// </summary>
    [ConfigurationKeyName("tls-ca-file")]
    public string? TlsCaFile { get; set; }

    /// <summary>Shell command run when this node becomes the Goose (<c>/bin/sh -c</c>; Windows: <c>cmd /c</c>).</summary>
    [ConfigurationKeyName("on-goose")]
    public string? OnGoose { get; set; }

    /// <summary>Shell command run when this node is a Duck: at start, and whenever it stops being the Goose.</summary>
    [ConfigurationKeyName("on-duck")]
    public string? OnDuck { get; set; }

    /// <summary>Shell command run on every role change, after <c>on-goose</c> or <c>on-duck</c>.</summary>
    [ConfigurationKeyName("on-role-change")]
    public string? OnRoleChange { get; set; }

    /// <summary>Milliseconds a hook may run before its process tree is killed (and the run counts as failed).</summary>
    [ConfigurationKeyName("hook-timeout-ms")]
    public int HookTimeoutMs { get; set; } = 10_000;

    /// <summary>Longest wait between retries of a failed hook; retries start at 1 s and double up to this.</summary>
    [ConfigurationKeyName("hook-retry-max-ms")]
    public int HookRetryMaxMs { get; set; } = 30_000;

    /// <summary>
    /// A second port for a transport that does not ride on HTTP (ZeroMQ): peers then reach this node at
    /// <c>tcp://{advertised host}:{peer-port}</c>. Not set: peers reach it at its HTTP URL.
    /// </summary>
    [ConfigurationKeyName("peer-port")]
    public int? PeerPort { get; set; }

    /// <summary>
    /// Turns on CURVE encryption of the ZeroMQ peer port with the key file <c>&lt;data&gt;/zmq-curve.key</c>
    /// (generated at first start) unless <see cref="ZmqCurveKeyFile"/> names another. The node then advertises
    /// <c>tcp://{host}:{peer-port}?curve={public key}</c> and accepts only CURVE connections on its peer port.
    /// </summary>
    [ConfigurationKeyName("zmq-curve")]
    public bool? ZmqCurve { get; set; }

    /// <summary>
    /// The file with this node's ZeroMQ CURVE secret key (64 hex characters), generated with mode 0600 when
    /// missing; setting it turns CURVE on. Needs <see cref="PeerPort"/>.
    /// </summary>
    [ConfigurationKeyName("zmq-curve-key-file")]
    public string? ZmqCurveKeyFile { get; set; }

    /// <summary>The CURVE key file as a full path when CURVE is on (<see cref="ZmqCurve"/> or <see cref="ZmqCurveKeyFile"/>), else null.</summary>
    public string? CurveKeyFilePath => !string.IsNullOrWhiteSpace(ZmqCurveKeyFile)
        ? Path.GetFullPath(ZmqCurveKeyFile)
        : ZmqCurve == true ? Path.Combine(DataDirectory, Storage.ZmqCurveKeyFile.DefaultFileName) : null;

    /// <summary>Where peers send to this node when not its HTTP URL (<see cref="PeerPort"/>), or null.</summary>
    public string? PeerAdvertise => PeerPort is { } peerPort
        ? $"tcp://{new Uri(AdvertiseUrl).Host}:{peerPort.ToString(CultureInfo.InvariantCulture)}"
        : null;

    /// <summary>Whether the node serves HTTPS (<see cref="TlsCertFile"/> is set).</summary>
    public bool UsesTls => !string.IsNullOrWhiteSpace(TlsCertFile);

    /// <summary>The scheme of this node's URL and of a <c>host:port</c> join address: <c>https</c> with TLS, else <c>http</c>.</summary>
    public string Scheme => UsesTls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;

    /// <summary>The advertised URL, explicit or derived from the scheme, bind and port.</summary>
    public string AdvertiseUrl => string.IsNullOrWhiteSpace(Advertise)
        ? $"{Scheme}://{(Bind.Contains(':', StringComparison.Ordinal) ? $"[{Bind}]" : Bind)}:{Port.ToString(CultureInfo.InvariantCulture)}"
        : Advertise.TrimEnd('/');

    /// <summary>The TLS material of the tls-* settings, or null without TLS; files are read now.</summary>
    public PeerTls? LoadTls() => UsesTls
        ? PeerTls.Load(TlsCertFile, TlsKeyFile, string.IsNullOrWhiteSpace(TlsCaFile) ? null : TlsCaFile)
        : null;

    /// <summary>The data directory as a full path.</summary>
    public string DataDirectory => Path.GetFullPath(string.IsNullOrWhiteSpace(Data)
        ? Path.Combine("data", Port.ToString(CultureInfo.InvariantCulture))
        : Data);

    /// <summary>The plugin folder as a full path.</summary>
    public string PluginsDirectory => Path.GetFullPath(string.IsNullOrWhiteSpace(Plugins)
        ? Path.Combine(AppContext.BaseDirectory, "plugins")
        : Plugins);

    /// <summary>
    /// This node's membership entry: its id, advertised URL, peer address and priority (left out at the
    /// default, so entries stay as before). With <paramref name="curvePublicKey"/> (64 hex characters) the peer
    /// address carries it as <c>?curve=</c>, so every member learns the key through the replicated membership.
    /// </summary>
    public Member ToMember(string id, string? curvePublicKey = null) => new(
        id,
        AdvertiseUrl,
        PeerAdvertise is { } peer && curvePublicKey is not null ? $"{peer}?curve={curvePublicKey}" : PeerAdvertise,
        Priority == Member.DefaultPriority ? null : Priority);

    /// <summary>
    /// The cluster secrets from <see cref="ClusterSecret"/> or <see cref="ClusterSecretFile"/>, or null when
    /// neither is set (peers are then not authenticated).
    /// </summary>
    /// <exception cref="NodeSettingsException">Both are set, the file cannot be read or is open to others, or a secret is too short; the message names the setting and never quotes a secret.</exception>
    public Security.ClusterSecrets? LoadClusterSecrets()
    {
        var inline = !string.IsNullOrWhiteSpace(ClusterSecret);
        var file = !string.IsNullOrWhiteSpace(ClusterSecretFile);
        if (inline && file)
        {
            throw new NodeSettingsException("cluster-secret and cluster-secret-file are both set; give the secret one way");
        }

        if (!inline && !file)
        {
            return null;
        }

        var setting = inline ? "cluster-secret" : "cluster-secret-file";
        var text = inline ? ClusterSecret! : SecretFile.Read(setting, ClusterSecretFile!);

        try
        {
            return Security.ClusterSecrets.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new NodeSettingsException($"{setting}: {e.Message.Replace(" (Parameter 'text')", string.Empty, StringComparison.Ordinal)} (the value is not shown)");
        }
    }

    /// <summary>The shortest admin token taken.</summary>
    public const int MinimumAdminTokenLength = 16;

    /// <summary>
    /// The admin token from <see cref="AdminToken"/> or <see cref="AdminTokenFile"/>, or null when neither is
    /// set (the admin API's changes are then open to anyone who reaches the port).
    /// </summary>
    /// <exception cref="NodeSettingsException">Both are set, the file cannot be read or is open to others, or the token is shorter than <see cref="MinimumAdminTokenLength"/> or holds white space; the message names the setting and never quotes the token.</exception>
    public string? LoadAdminToken()
    {
        var inline = AdminToken is not null;
        var file = !string.IsNullOrWhiteSpace(AdminTokenFile);
        if (inline && file)
        {
            throw new NodeSettingsException("admin-token and admin-token-file are both set; give the token one way");
        }

        if (!inline && !file)
        {
            return null;
        }

        var setting = inline ? "admin-token" : "admin-token-file";
        var token = inline ? AdminToken! : SecretFile.Read(setting, AdminTokenFile!).Trim();

        // Refuse a token too short to resist guessing, and one with white space (it would not survive a header).
        if (token.Length < MinimumAdminTokenLength || token.Any(char.IsWhiteSpace))
        {
            var where = inline ? $"'{new string('*', token.Length)}'" : $"the token in '{Path.GetFullPath(AdminTokenFile!)}' ({token.Length} characters)";
            throw new NodeSettingsException($"{setting}: {where} must be at least {MinimumAdminTokenLength} characters without spaces (the value is masked)");
        }

        return token;
    }

    /// <summary>The election core's settings: times counted in whole ticks (rounded down, at least one).</summary>
    public CoreOptions ToCoreOptions(string selfId) => new(
        selfId,
        TimeSpan.FromMilliseconds(TickMs),
        Math.Max(1, HeartbeatMs / TickMs),
        Math.Max(1, ElectionTimeoutMs / TickMs))
    {
        NonVoterKeepAlive = TimeSpan.FromMilliseconds(EffectiveKeepAliveMs),
        AutopilotStabilization = TimeSpan.FromMilliseconds(EffectiveStabilizationMs),
        DeadNonVoterRemoval = TimeSpan.FromMilliseconds(EffectiveDeadNonVoterMs),
    };
}
