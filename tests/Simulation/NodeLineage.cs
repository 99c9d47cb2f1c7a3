namespace DuckDuckGoose.Simulation;

/// <summary>Whose history a simulated node's durable state belongs to; the cluster's checks apply to the cluster's nodes only.</summary>
public enum NodeLineage
{
    /// <summary>One of the cluster's nodes: an initial voter, an empty joiner, a copy of a member's state, or a node the cluster made a member.</summary>
    Cluster,

    /// <summary>A node that founded a cluster of its own (started without join) and has not been made a member of this one.</summary>
    Foreign,
}
