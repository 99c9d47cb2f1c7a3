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
        var join = string.IsNullOrWhiteSpace(options.Join) ? null : options.Join.Trim();

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
            Log.Resumed(logger, id, options.DataDirectory, saved.Term);
            if (join is not null)
            {
                Log.JoinIgnored(logger, join, options.DataDirectory);
            }

            return new NodeStartup(self, saved, null);
        }

        if (join is not null)
        {
            Log.Joining(logger, id, join);
            return new NodeStartup(self, saved ?? DurableState.Empty, join);
        }

        // Founding a cluster of one keeps any term and vote already on disk, so no vote is ever cast twice.
        var founded = DurableState.Bootstrap(self) with { Term = saved?.Term ?? 0, VotedFor = saved?.VotedFor };
        await store.SaveAsync(founded, cancellationToken).ConfigureAwait(false);
        Log.Bootstrapped(logger, id, options.DataDirectory);
        return new NodeStartup(self, founded, null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Node {Id} resumes from {Data} in term {Term}")]
        public static partial void Resumed(ILogger logger, string id, string data, long term);

        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "join '{Join}' is ignored: the data directory {Data} already holds this node's membership")]
        public static partial void JoinIgnored(ILogger logger, string join, string data);

        [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Node {Id} has no membership yet and will ask {Join} to add it")]
        public static partial void Joining(ILogger logger, string id, string join);

        [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Node {Id} founded a cluster of one in {Data}")]
        public static partial void Bootstrapped(ILogger logger, string id, string data);
    }
}
