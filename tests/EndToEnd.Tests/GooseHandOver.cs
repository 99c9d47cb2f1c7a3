using DuckDuckGoose.Client;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>Hands leadership over through the admin API (<c>POST /cluster/step-down</c>), retrying what may be retried.</summary>
internal static class GooseHandOver
{
    /// <summary>
    /// Asks <paramref name="goose"/> to hand over to <paramref name="targetId"/>. A new Goose answers Busy until its
    /// first entry commits, and a loaded machine may miss one election timeout (hand-over-failed, the old Goose
    /// stays): those are retried a few times. <paramref name="beforeAttempt"/> runs before each request.
    /// </summary>
    public static async Task<StepDownResult> StepDownAsync(string phase, IDuckApi goose, string targetId, Action beforeAttempt, Func<string> logs)
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            beforeAttempt();
            try
            {
                return await goose.StepDownAsync(new StepDownRequest(targetId));
            }
            catch (DuckApiException e) when (e.Problem?.Type is ProblemTypes.Busy or ProblemTypes.HandOverFailed)
            {
                failures.Add($"attempt {attempt}: {(int)e.StatusCode} {e.Problem.Type} ({e.Problem.Detail})");
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }

        Assert.Fail($"{phase}: the step-down to {targetId} never completed: {string.Join("; ", failures)}.\n{logs()}");
        throw new InvalidOperationException("unreachable");
    }
}
