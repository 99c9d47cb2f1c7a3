using System.Globalization;
using System.Text;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>
/// A scrape in the Prometheus text exposition format (version 0.0.4), parsed: each sample's name, labels and
/// value, and each metric family's <c># TYPE</c>. Strict enough to fail on a line Prometheus would refuse.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Metric family name to its type (counter, gauge, histogram...).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>GETs <c>/metrics</c> and parses it; fails unless it answers 200.</summary>
    public static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(samples, types);
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IReadOnlyList<PrometheusSample> Find(string name, params (string Name, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))];

    /// <summary>The value of the one sample named <paramref name="name"/> with <paramref name="labels"/>; fails if there is not exactly one.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var found = Find(name, labels);
        return found.Count == 1
            ? found[0].Value
            : throw new InvalidOperationException($"{found.Count} samples of {name} with {string.Join(",", labels)}; the scrape has: {string.Join(", ", Samples.Where(s => s.Name.StartsWith(name, StringComparison.Ordinal)))}");
    }

    private static PrometheusSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        var name = line[..i];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            throw new FormatException($"No metric name at the start of '{line}'.");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var start = i;
                while (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_')
                {
                    i++;
                }

                var label = line[start..i];
                if (label.Length == 0 || line[i] != '=' || line[i + 1] != '"')
                {
                    throw new FormatException($"Bad label at {start} in '{line}'.");
                }

                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels.Add(label, value.ToString());
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        var fields = line[i..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2)
        {
            throw new FormatException($"Expected a value and an optional timestamp in '{line}'.");
        }

        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}

/// <summary>One sample line of a scrape.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() =>
        $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}
