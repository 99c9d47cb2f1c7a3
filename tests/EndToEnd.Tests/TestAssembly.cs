// Each test runs several real node processes with 150 ms election timeouts; on a 2-core machine they
// must not compete with each other for the CPU, so this assembly's tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
