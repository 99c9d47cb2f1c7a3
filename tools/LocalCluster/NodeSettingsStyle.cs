namespace DuckDuckGoose.LocalCluster;

/// <summary>How a node's settings are handed to the host process.</summary>
public enum NodeSettingsStyle
{
    /// <summary>As command-line options: <c>--port 4002 --join localhost:4001</c>.</summary>
    CommandLine,

    /// <summary>As environment variables, as in the origin project: <c>DUCK_PORT=4002 DUCK_JOIN=localhost:4001</c>.</summary>
    Environment,
}
