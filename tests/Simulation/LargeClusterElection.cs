namespace DuckDuckGoose.Simulation;

/// <summary>One watched election of a large-cluster run: how long the cluster had no Goose, and how long until every live member named the new one.</summary>
/// <param name="Goose">The new Goose.</param>
/// <param name="Term">Its term.</param>
/// <param name="WithoutGooseMs">From the kill of the old Goose until the new one reported Goose; null for the first Goose.</param>
/// <param name="AllNamedMs">From the new Goose's election until the last live member named it.</param>
/// <param name="Learned">Members that came to name it after it reported Goose (the others already did).</param>
/// <param name="BoundMs">What <paramref name="AllNamedMs"/> had to stay within: the Goose's first words to its non-voters (at most a keep-alive) and a heartbeat round on its clock, a tick and a delivery.</param>
public sealed record LargeClusterElection(string Goose, long Term, double? WithoutGooseMs, double AllNamedMs, int Learned, double BoundMs);
