namespace DuckDuckGoose.Simulation;

/// <summary>What one seeded run of one variant came to.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Variant">The variant's name.</param>
/// <param name="SettleMs">Simulated millis from the end of the faults to the first Goose; -1 when none could be elected.</param>
/// <param name="NobodyCouldWin">No Goose, excused: no voter that may stand could win a majority's votes (priority runs only).</param>
/// <param name="HandOversRequested">Hand-overs asked of a node that believed it led.</param>
/// <param name="HandOversDone">Hand-overs that completed (a new Goose took over).</param>
/// <param name="Failure">The failure with its seed, replay command and trace; null if the run passed.</param>
/// <param name="Events">How often each notable fault or check happened (<see cref="SimulationEvents"/>).</param>
public sealed record SimulationOutcome(
    int Seed,
    string Variant,
    long SettleMs,
    bool NobodyCouldWin,
    int HandOversRequested,
    int HandOversDone,
    string? Failure,
    IReadOnlyDictionary<string, int> Events)
{
    public bool Failed => Failure is not null;
}
