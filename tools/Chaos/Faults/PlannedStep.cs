using System.Globalization;

namespace DuckDuckGoose.Chaos.Faults;

/// <summary>One step of a <see cref="FaultPlan"/>: inject or heal <paramref name="Fault"/> at <paramref name="AtMs"/> after the plan starts.</summary>
/// <param name="AtMs">When, in milliseconds after the start of the fault phase.</param>
/// <param name="Heal">False to inject the fault, true to heal it.</param>
/// <param name="Fault">The fault.</param>
public sealed record PlannedStep(double AtMs, bool Heal, Fault Fault)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{AtMs,8:0} ms {(Heal ? "heal  " : "inject")} {Fault.Describe()}");
}
