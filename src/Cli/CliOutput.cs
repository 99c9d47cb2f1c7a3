using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DuckDuckGoose.Client;
using Refit;

namespace DuckDuckGoose.Cli;

/// <summary>
/// How a command answers: a table or lines for people, or JSON with <c>--json</c>; failures go to the error
/// writer, as text or (with <c>--json</c>) as one line of RFC 9457 problem details.
/// </summary>
public sealed class CliOutput(CliConsole console, bool json)
{
    /// <summary>The problem type of "no answer from the node" (exit code 3) in <c>--json</c> errors.</summary>
    public const string UnreachableType = "urn:duckduckgoose:cli:unreachable";

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json => json;

    /// <summary>The writer for answers.</summary>
    public TextWriter Out => console.Out;

    /// <summary>Whether the answer writer is a terminal.</summary>
    public bool OutputIsTerminal => console.OutputIsTerminal;

    /// <summary>Writes <paramref name="value"/>: indented JSON with <c>--json</c>, else what <paramref name="human"/> writes.</summary>
    public void Write<T>(T value, JsonTypeInfo<T> type, Action<TextWriter> human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (json)
        {
            console.Out.WriteLine(Serialize(value, type, indented: true));
        }
        else
        {
            human(console.Out);
        }
    }

    /// <summary>Writes <paramref name="value"/> as one line of JSON (a stream of answers, such as <c>watch --json</c>).</summary>
    public void WriteJsonLine<T>(T value, JsonTypeInfo<T> type) => console.Out.WriteLine(Serialize(value, type, indented: false));

    /// <summary>A note for people on the error writer (not with <c>--json</c>, where the exit code says it).</summary>
    public void Note(string text)
    {
        if (!json)
        {
            console.Error.WriteLine($"duckctl: {text}");
        }
    }

    /// <summary>Reports an error answer: its status, the problem's title, detail and type, and <c>Retry-After</c>.</summary>
    public void Refused(ApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var problem = (error as DuckApiException)?.Problem;
        var retryAfter = error.Headers?.RetryAfter?.Delta is { } delta ? delta.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) : null;
        if (json)
        {
            WriteProblem(problem ?? new ApiProblem
            {
                Title = error.ReasonPhrase ?? error.StatusCode.ToString(),
                Status = (int)error.StatusCode,
                Detail = error.Message,
                Instance = error.Uri?.AbsolutePath,
            });
            return;
        }

        var text = new StringBuilder("duckctl: ").Append((int)error.StatusCode is >= 200 and < 300
            ? $"{error.HttpMethod} {error.Uri?.AbsolutePath} answered {(int)error.StatusCode}, but not with the admin API's answer (is --url a DuckDuckGoose node?): {Describe(error)}"
            : error.Message);
        if (problem?.Type is { } type)
        {
            text.AppendLine().Append("  problem type: ").Append(type);
        }

        if (retryAfter is not null)
        {
            text.AppendLine().Append("  retry after: ").Append(retryAfter).Append(" s");
        }

        console.Error.WriteLine(text.ToString());
    }

    /// <summary>Reports that <paramref name="url"/> did not answer (refused, unknown host, TLS, or timed out).</summary>
    public void Unreachable(Uri url, string why)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (json)
        {
            WriteProblem(new ApiProblem { Type = UnreachableType, Title = "Node unreachable", Detail = why, Instance = NodeAddress.Format(url) });
            return;
        }

        console.Error.WriteLine($"duckctl: no answer from {NodeAddress.Format(url)}: {why}");
    }

    /// <summary>Why a request got no answer, in words: the innermost useful message of <paramref name="error"/>.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (!messages.Any(m => m.Contains(e.Message.TrimEnd('.'), StringComparison.Ordinal)))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(" ", messages.Select(m => m.TrimEnd('.') + "."));
    }

    private void WriteProblem(ApiProblem problem) =>
        console.Error.WriteLine(Serialize(problem, DuckApiJsonContext.Default.ApiProblem, indented: false));

    private static string Serialize<T>(T value, JsonTypeInfo<T> type, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
