using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Client;

/// <summary>The answer to a completed hand-over (Raft thesis §3.10).</summary>
/// <param name="PreviousGoose">The Goose that handed over.</param>
/// <param name="Goose">The new Goose.</param>
/// <param name="Term">The term the old Goose saw the new one in.</param>
/// <param name="ElapsedMs">Milliseconds from the old Goose taking the request to it learning the new Goose.</param>
public sealed record StepDownResult(Member PreviousGoose, Member Goose, long Term, double ElapsedMs);
