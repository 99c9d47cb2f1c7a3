// Each test runs a real node process and a headless Chromium; on a 2-core machine they must not compete
// with each other (or a node's 150 ms election timeout) for the CPU, so this assembly's tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
