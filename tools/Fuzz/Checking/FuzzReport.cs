using System.Globalization;
using System.Text;

namespace DuckDuckGoose.Fuzz.Checking;

/// <summary>The run's verdict and its markdown report.</summary>
/// <param name="Tally">The counts.</param>
/// <param name="Crashes">Node processes found exited, and ports found dead, during the run.</param>
/// <param name="LivenessChecks">How many times every node was checked (after each batch).</param>
/// <param name="StateDifferences">How term, Goose and members differ from the start; empty when unchanged.</param>
/// <param name="Elapsed">Wall time of the fuzzing (cluster start not included).</param>
/// <param name="Header">Lines above the table: seed, options, cluster.</param>
/// <param name="Unauthenticated">Without a secret: the Raft-level forgeries sent after the check, and what happened; else empty.</param>
public sealed record FuzzReport(
    FuzzTally Tally,
    int Crashes,
    int LivenessChecks,
    IReadOnlyList<string> StateDifferences,
    TimeSpan Elapsed,
    IReadOnlyList<string> Header,
    IReadOnlyList<string> Unauthenticated)
{
    /// <summary>The run passes: no crash, no server error, no forgery taken, state unchanged.</summary>
    public bool Passed => Crashes == 0 && Tally.ServerErrors == 0 && Tally.Accepted == 0 && StateDifferences.Count == 0 && Tally.Inputs > 0;

    /// <summary>The report as markdown.</summary>
    public string Render()
    {
        var rows = Tally.Rows();
        var classes = rows.SelectMany(r => r.Classes.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var headers = new List<string> { "category", "inputs" };
        headers.AddRange(classes);
        headers.AddRange(["500s", "forged", "accepted"]);
        var table = rows.Select(r =>
        {
            var cells = new List<string> { Name(r.Category), N(r.Inputs) };
            cells.AddRange(classes.Select(c => N(r.Classes.GetValueOrDefault(c))));
            cells.AddRange([N(r.ServerErrors), r.Forged == 0 ? "" : N(r.Forged), r.Forged == 0 ? "" : N(r.Accepted)]);
            return (IReadOnlyList<string>)cells;
        }).ToList();
        var total = new List<string> { "**all**", N(Tally.Inputs) };
        total.AddRange(classes.Select(c => N(rows.Sum(r => r.Classes.GetValueOrDefault(c)))));
        total.AddRange([N(Tally.ServerErrors), N(Tally.Forged), N(Tally.Accepted)]);
        table.Add(total);

        var text = new StringBuilder();
        text.AppendLine("# Fuzz report").AppendLine();
        foreach (var line in Header)
        {
            text.Append("- ").AppendLine(line);
        }

        text.AppendLine().Append(MarkdownTable.Render(headers, table)).AppendLine();
        text.AppendLine(MarkdownTable.Render(
            ["check", "result"],
            [
                ["crashes (node exited or a port stopped answering)", N(Crashes)],
                ["liveness checks (every node answers GET /status and its ZeroMQ port)", N(LivenessChecks)],
                ["HTTP 5xx other than 503", N(Tally.ServerErrors)],
                ["forgeries accepted", $"{N(Tally.Accepted)} of {N(Tally.Forged)}"],
                ["term, Goose and members unchanged", StateDifferences.Count == 0 ? "yes" : "no: " + string.Join("; ", StateDifferences)],
                ["wall time", Elapsed.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) + $" ({Tally.Inputs / Math.Max(Elapsed.TotalSeconds, 0.001):0} inputs/s)"],
                ["verdict", Passed ? "PASS" : "FAIL"],
            ]));
        var cases = Tally.ForgeryCases();
        if (cases.Count > 0)
        {
            text.AppendLine().AppendLine("Forgeries by case:").AppendLine();
            text.Append(MarkdownTable.Render(["case (transport)", "sent", "accepted"], cases.Select(c => (IReadOnlyList<string>)[c.Case, N(c.Sent), N(c.Accepted)])));
        }

        if (Unauthenticated.Count > 0)
        {
            text.AppendLine().AppendLine("Without a cluster secret, after the check (not part of the verdict):");
            foreach (var line in Unauthenticated)
            {
                text.Append("- ").AppendLine(line);
            }
        }

        if (Tally.Findings.Count > 0)
        {
            text.AppendLine().AppendLine("Findings:");
            foreach (var finding in Tally.Findings)
            {
                text.Append("- ").AppendLine(finding);
            }
        }

        return text.ToString();
    }

    /// <summary>The category's name in the report.</summary>
    public static string Name(Inputs.FuzzCategory category) => category switch
    {
        Inputs.FuzzCategory.PeerJson => "peer JSON (POST /raft/message)",
        Inputs.FuzzCategory.PeerHttp => "peer HTTP (content type, size, method)",
        Inputs.FuzzCategory.AdminBody => "admin bodies",
        Inputs.FuzzCategory.AdminRoute => "routes, queries, headers",
        Inputs.FuzzCategory.RawHttp => "raw TCP to HTTP port",
        Inputs.FuzzCategory.ZeroMqRaw => "raw TCP to ZeroMQ port",
        Inputs.FuzzCategory.ZeroMqFrames => "ZeroMQ frames (DEALER)",
        Inputs.FuzzCategory.ForgedHttp => "forged, HTTP",
        Inputs.FuzzCategory.ForgedZeroMq => "forged, ZeroMQ",
        _ => category.ToString(),
    };

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
