namespace DuckDuckGoose.Host.Settings;

/// <summary>The node's settings are wrong; the start stops and each error is printed on its own line.</summary>
public sealed class NodeSettingsException : Exception
{
    /// <summary>Creates the exception from one error per setting.</summary>
    public NodeSettingsException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception from a single error.</summary>
    public NodeSettingsException(string error)
        : this([error])
    {
    }

    /// <summary>One message per problem, each naming the setting.</summary>
    public IReadOnlyList<string> Errors { get; }
}
