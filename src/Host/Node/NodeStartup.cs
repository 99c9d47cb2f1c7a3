using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Storage;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// What a node starts from: its identity and the durable state in its data directory, and whether it
/// must ask to join.
/// </summary>
/// <param name="Self">This node: its kept id and advertised URL.</param>
/// <param name="State">The durable state to start the core from.</param>
/// <param name="JoinAddress">The member to ask for admission, or null when the node needs no join.</param>
public sealed partial record NodeStartup(Member Self, DurableState State, string? JoinAddress)
{
    /// <summary>
    /// True when the node resumes a membership it may no longer have and asks <see cref="JoinAddress"/> to add
    /// it even though its saved configuration may still list it (see <see cref="LoadAsync"/>).
    /// </summary>
    public bool Rejoin { get; init; }

    /// <summary>
    /// Loads the start state: a data directory with state resumes it (and ignores <c>join</c> once it holds
    /// membership); an empty one with no <c>join</c> founds a cluster of one, saved before anything else;
    /// an empty one with <c>join</c> waits to be added.
    /// </summary>
    /// <exception cref="NodeSettingsException">The data directory holds a state this node cannot read.</exception>
    public static async Task<NodeStartup> LoadAsync(
        NodeOptions options,
        Member self,
        IDurableStateStore store,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(store);
        var id = self.Id;
        // A host:port join address takes this node's scheme: a node on TLS joins its cluster over https.
        var join = string.IsNullOrWhiteSpace(options.Join) ? null
            : options.UsesTls && Settings.JoinAddress.TryNormalize(options.Join, out var joinUrl, options.Scheme) ? joinUrl : options.Join.Trim();

        DurableState? saved;
        try
        {
            saved = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new NodeSettingsException($"data: '{options.DataDirectory}' holds a state this node cannot read: {e.Message}");
        }

        if (saved is { HasMembership: true })
        {
            Log.Resumed(logger, id, options.DataDirectory, saved.Term, saved.ClusterId ?? "(none yet: learned from the Goose)");

            // A node that left or was removed asks to be added again when it is started again: through join
            // when given, else through a member it knew. So does a non-voter, which may have been removed
            // without learning it (a non-voter stopped on purpose is removed, and the Goose sends the
            // configuration that removes a member only to those that remain); for a member the Goose
            // answers "already a member" and nothing changes.
            var configuration = saved.Configuration;
            if (configuration.FirstOrDefault(m => m.Id == id) is not { IsVoter: true })
            {
                var rejoin = join ?? configuration.FirstOrDefault(m => m.Id != id)?.Url;
                Log.Rejoining(logger, id, rejoin ?? "(nobody: no join setting and no other member known)");
                return new NodeStartup(self, saved, rejoin) { Rejoin = rejoin is not null };
            }

            if (join is not null)
            {
                Log.JoinIgnored(logger, join, options.DataDirectory);
            }

            CheckPriorities(self, saved, logger);
            return new NodeStartup(self, saved, null);
        }

        if (join is not null)
        {
            Log.Joining(logger, id, join);
            return new NodeStartup(self, saved ?? DurableState.Empty, join);
        }

        // A cluster of one whose only voter never stands for election could never have a Goose.
        if (!self.CanStand)
        {
            throw new NodeSettingsException(
                $"priority: '{self.ElectionPriority}' would found a cluster of one that can never elect a Goose; give the first node a priority above 0 (or join an existing cluster with join)");
        }

        // Founding a cluster of one keeps any term, vote and acknowledged lease already on disk, so no vote
        // is ever cast twice and no promise is shortened. The new cluster gets an id of its own, which every
        // peer message carries from now on, so no other cluster's node can mistake this one for its own.
        var founded = DurableState.Bootstrap(self, NewClusterId(), options.Voters == VoterTarget.Default ? null : options.Voters) with
        {
            Term = saved?.Term ?? 0,
            VotedFor = saved?.VotedFor,
            GooseLeaseMs = saved?.GooseLeaseMs ?? 0,
        };
        await store.SaveAsync(founded, cancellationToken).ConfigureAwait(false);
        Log.Bootstrapped(logger, id, options.DataDirectory, founded.ClusterId!);
        return new NodeStartup(self, founded, null);
    }

    /// <summary>A new cluster's id: 128 random bits, so two clusters founded anywhere never share one.</summary>
    public static string NewClusterId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Says at start what elections will not: a configuration in which every voter has priority 0 can
    /// never elect a Goose (Critical); and a <c>priority</c> setting that differs from this node's
    /// membership entry has no effect until the Goose records it (Warning; NodeHostedService asks it to).
    /// </summary>
    private static void CheckPriorities(Member self, DurableState state, ILogger logger)
    {
        var voters = state.Configuration.Where(m => m.IsVoter).ToList();
        if (voters.Count > 0 && voters.All(m => !m.CanStand))
        {
            Log.NobodyCanStand(logger, string.Join(", ", voters.Select(m => m.Id)));
        }

        if (state.Configuration.FirstOrDefault(m => m.Id == self.Id) is { } entry && entry.ElectionPriority != self.ElectionPriority)
        {
            Log.PriorityNotInEffect(logger, self.ElectionPriority, entry.ElectionPriority);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 404, Level = LogLevel.Critical, Message = "No node can ever become Goose: every voter ({Voters}) has priority 0, which never stands for election, and membership cannot change without a Goose. Found a new cluster from a node with priority above 0 (--priority / DUCK_PRIORITY, default 1; an empty data directory) and join the others to it")]
        public static partial void NobodyCanStand(ILogger logger, string voters);

        [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "priority {Setting} is not in effect yet: this node's membership entry says {Recorded}; the node asks the Goose to record the new one (it takes effect once committed)")]
        public static partial void PriorityNotInEffect(ILogger logger, int setting, int recorded);

        [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Node {Id} is a non-voter or no longer in its saved configuration (it left or was removed) and asks {Join} to add it again")]
        public static partial void Rejoining(ILogger logger, string id, string join);

        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Node {Id} resumes from {Data} in term {Term}, cluster {ClusterId}")]
        public static partial void Resumed(ILogger logger, string id, string data, long term, string clusterId);

        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "join '{Join}' is ignored: the data directory {Data} already holds this node's membership")]
        public static partial void JoinIgnored(ILogger logger, string join, string data);

        [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Node {Id} has no membership yet and will ask {Join} to add it")]
        public static partial void Joining(ILogger logger, string id, string join);

        [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Node {Id} founded a cluster of one in {Data}, cluster {ClusterId}")]
        public static partial void Bootstrapped(ILogger logger, string id, string data, string clusterId);
    }
}
