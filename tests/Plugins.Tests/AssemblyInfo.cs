// The fault-injection plugin reads its file name from a process-wide environment variable when it is
// created, so tests that set it must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
