// NetMQ's context is process-wide: the transports count themselves in and out of it, but the raw sockets these
// tests use to send junk do not, so a transport disposed by one test could end another test's raw socket.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
