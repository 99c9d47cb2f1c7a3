using DuckDuckGoose.Fuzz.Inputs;

namespace DuckDuckGoose.Fuzz.Checking;

/// <summary>The counts of one category.</summary>
public sealed record TallyRow(FuzzCategory Category, long Inputs, IReadOnlyDictionary<string, long> Classes, long ServerErrors, long Forged, long Accepted);
