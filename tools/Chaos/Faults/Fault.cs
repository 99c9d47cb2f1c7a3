using System.Globalization;

namespace DuckDuckGoose.Chaos.Faults;

/// <summary>One planned fault: what it does to which nodes or links, and for how long.</summary>
/// <param name="Id">Its number in the plan, from 1.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Nodes">Kill, Stop: the node; Partition: the smaller side; StepDown: the hand-over's target; otherwise the nodes it touches.</param>
/// <param name="Cuts">Partition, OneWayCut: the links whose connections are dropped.</param>
/// <param name="SlowLinks">Delay, Loss: the links sent through the delay line.</param>
/// <param name="Impairment">Delay, Loss: what the delay line does on them.</param>
/// <param name="DurationMs">How long until it is healed (a killed node is started again then); 0 for a step-down.</param>
public sealed record Fault(
    int Id,
    FaultKind Kind,
    IReadOnlyList<int> Nodes,
    IReadOnlyList<Link> Cuts,
    IReadOnlyList<Link> SlowLinks,
    LinkImpairment? Impairment,
    double DurationMs)
{
    /// <summary>A one-line description, such as <c>#3 partition {n2} | {n1,n3} for 1800 ms</c>.</summary>
    public string Describe()
    {
        var names = string.Join(',', Nodes.Select(n => $"n{n + 1}"));
        var what = Kind switch
        {
            FaultKind.Kill => $"kill -9 {names}, restart after",
            FaultKind.Stop => $"SIGSTOP {names}, SIGCONT after",
            FaultKind.Partition => $"partition {{{names}}} from the rest for",
            FaultKind.OneWayCut => $"one-way cut {string.Join(' ', Cuts)} for",
            FaultKind.Delay or FaultKind.Loss => $"{Kind.ToString().ToLowerInvariant()} on {string.Join(' ', SlowLinks)} ({Impairment?.Describe()}) for",
            FaultKind.StepDown => $"step-down to {names}",
            _ => Kind.ToString(),
        };
        return Kind == FaultKind.StepDown
            ? $"#{Id} {what}"
            : string.Create(CultureInfo.InvariantCulture, $"#{Id} {what} {DurationMs:0} ms");
    }
}
