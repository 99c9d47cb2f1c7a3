using DuckDuckGoose.Fuzz.Inputs;

namespace DuckDuckGoose.Fuzz.Checking;

/// <summary>Counts answers by category and class, 500s, and forgeries sent and taken; safe to add to from several threads.</summary>
public sealed class FuzzTally
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FuzzCategory, Dictionary<string, long>> _classes = [];
    private readonly Dictionary<FuzzCategory, long> _inputs = [];
    private readonly Dictionary<FuzzCategory, long> _serverErrors = [];
    private readonly Dictionary<FuzzCategory, long> _forged = [];
    private readonly Dictionary<FuzzCategory, long> _accepted = [];
    private readonly List<string> _findings = [];
    private readonly SortedDictionary<string, (long Sent, long Accepted)> _cases = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="answer"/> to <paramref name="input"/>.</summary>
    public void Add(FuzzInput input, Answer answer)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        lock (_gate)
        {
            Bump(_inputs, input.Category);
            if (!_classes.TryGetValue(input.Category, out var classes))
            {
                _classes[input.Category] = classes = [];
            }

            classes[answer.Class] = classes.GetValueOrDefault(answer.Class) + 1;
            if (answer.IsServerError)
            {
                Bump(_serverErrors, input.Category);
                Note($"HTTP {answer.HttpStatus} to input {input.Index} ({input.Category}, {input.Description}, {input.Method} {Short(input.Path)})");
            }

            if (answer.Takes && input.Forgery is null && input.Category is FuzzCategory.AdminBody or FuzzCategory.PeerJson or FuzzCategory.PeerHttp or FuzzCategory.ZeroMqFrames)
            {
                // Junk built never to be a valid request, yet taken: the generator's guard or the node is wrong.
                Note($"junk taken: input {input.Index} ({input.Category}, {input.Description}, {input.Method} {Short(input.Path)}) answered {answer.Class}; "
                     + $"headers [{string.Join("; ", input.Headers.Select(h => h.Key + ": " + Short(h.Value)))}], content type {input.ContentType ?? "none"}, "
                     + $"body {Short(System.Text.Encoding.UTF8.GetString(input.Body ?? input.Frames?.LastOrDefault() ?? []))}");
            }

            if (input.Forgery is not null && answer.Class.StartsWith(Sending.ForgeryDelivery.Inconclusive, StringComparison.Ordinal))
            {
                Note($"replay inconclusive: input {input.Index} ({input.Category}, {input.Forgery.Case}): the node took none of three first deliveries ({answer.Class})");
            }
            else if (input.Forgery is not null)
            {
                Bump(_forged, input.Category);
                var key = (input.Forgery.Case.StartsWith("wrong-secret:", StringComparison.Ordinal) ? "wrong-secret" : input.Forgery.Case)
                          + (input.Category == FuzzCategory.ForgedHttp ? " (http)" : " (zeromq)");
                var (sent, taken) = _cases.GetValueOrDefault(key);
                _cases[key] = (sent + 1, taken + (answer.Takes ? 1 : 0));
                if (answer.Takes)
                {
                    Bump(_accepted, input.Category);
                    Note($"forgery taken: input {input.Index} ({input.Category}, {input.Forgery.Case}) answered {answer.Class}");
                }
            }
        }
    }

    /// <summary>Records something the run found that is not an answer (a crash, a dead port, a changed state).</summary>
    public void Note(string finding)
    {
        lock (_gate)
        {
            if (_findings.Count < 200)
            {
                _findings.Add(finding);
            }
        }
    }

    /// <summary>Inputs sent in all.</summary>
    public long Inputs { get { lock (_gate) { return _inputs.Values.Sum(); } } }

    /// <summary>HTTP server errors other than 503, in all.</summary>
    public long ServerErrors { get { lock (_gate) { return _serverErrors.Values.Sum(); } } }

    /// <summary>Forgeries sent, in all.</summary>
    public long Forged { get { lock (_gate) { return _forged.Values.Sum(); } } }

    /// <summary>Forgeries a node took, in all.</summary>
    public long Accepted { get { lock (_gate) { return _accepted.Values.Sum(); } } }

    /// <summary>What the run found, in order.</summary>
    public IReadOnlyList<string> Findings { get { lock (_gate) { return [.. _findings]; } } }

    /// <summary>Forgeries sent and taken by case and transport.</summary>
    public IReadOnlyList<(string Case, long Sent, long Accepted)> ForgeryCases()
    {
        lock (_gate)
        {
            return [.. _cases.Select(c => (c.Key, c.Value.Sent, c.Value.Accepted))];
        }
    }

    /// <summary>One row per category: inputs, answers by class, server errors, forgeries, taken.</summary>
    public IReadOnlyList<TallyRow> Rows()
    {
        lock (_gate)
        {
            return _inputs.Keys.Order().Select(c => new TallyRow(
                c,
                _inputs[c],
                new Dictionary<string, long>(_classes[c]),
                _serverErrors.GetValueOrDefault(c),
                _forged.GetValueOrDefault(c),
                _accepted.GetValueOrDefault(c))).ToList();
        }
    }

    private static void Bump(Dictionary<FuzzCategory, long> counts, FuzzCategory category) =>
        counts[category] = counts.GetValueOrDefault(category) + 1;

    private static string Short(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
