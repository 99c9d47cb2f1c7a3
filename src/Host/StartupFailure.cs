using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Options;

namespace DuckDuckGoose.Host;

/// <summary>Recognises the start failures that are the operator's to fix, and phrases them without a stack trace.</summary>
public static class StartupFailure
{
    /// <summary>True, with one line per problem, when <paramref name="error"/> is a settings problem.</summary>
    public static bool TryDescribe(Exception error, out IReadOnlyList<string> messages)
    {
        var lines = new List<string>();
        messages = lines;
        return Collect(error, lines);
    }

    private static bool Collect(Exception error, List<string> lines)
    {
        switch (error)
        {
            case NodeSettingsException settings:
                lines.AddRange(settings.Errors);
                return true;
            case OptionsValidationException validation:
                lines.AddRange(validation.Failures);
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(e => Collect(e, lines));
            default:
                return false;
        }
    }
}
