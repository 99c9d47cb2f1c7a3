using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace DuckDuckGoose.Host.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format: the node's own meter (<see cref="NodeMetrics"/>),
/// ASP.NET Core's and Kestrel's, and the runtime's (GC, JIT, thread pool), read by the OpenTelemetry SDK
/// and written by its Prometheus exporter when scraped (pull only: nothing runs between scrapes).
/// </summary>
public static class MetricsExtensions
{
    /// <summary>Where the node serves its metrics.</summary>
    public const string Path = "/metrics";

    /// <summary>The meters <c>/metrics</c> shows: the node's, then the ones .NET and ASP.NET Core have built in.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        NodeMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    /// <summary>Registers <see cref="NodeMetrics"/> and the OpenTelemetry meter provider with its Prometheus exporter.</summary>
    public static IServiceCollection AddNodeMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<NodeMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([.. Meters])
            .AddPrometheusExporter(prometheus =>
            {
                // Every scrape reads the instruments now: a cached answer would hide a change made just before.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                prometheus.ScopeInfoEnabled = false;
                prometheus.TargetInfoEnabled = false;
            }));
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => OnlyThisNode(instrument, own));
        });
        return services;
    }

    /// <summary>
    /// Builds the metrics pipeline (the OpenTelemetry meter provider and its exporter) on another thread, so
    /// that its first-use compiling, about 45 ms at start, runs beside the node's bootstrap instead of after
    /// it; await it before serving, so <c>/metrics</c> counts from the first request on.
    /// </summary>
    public static Task BuildMetricsAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Task.Run(() => _ = app.Services.GetRequiredService<MeterProvider>());
    }

    /// <summary>Serves <c>GET /metrics</c>: open like <c>/status</c> (no admin token), and not in the OpenAPI document.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(Path).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// How many series (label sets) one metric may have. A node's are bounded by its members (the per-peer
    /// series) and its routes; the SDK's default of 2000 reserves memory for each metric up front.
    /// </summary>
    public const int SeriesPerMetric = 256;

    /// <summary>
    /// Drops instruments of meters made by another node's <see cref="IMeterFactory"/> in the same process (the
    /// tests' in-process nodes): the SDK picks meters by name, process-wide. Process-wide meters (System.Runtime)
    /// stay. Each kept metric has room for <see cref="SeriesPerMetric"/> series.
    /// </summary>
    private static MetricStreamConfiguration OnlyThisNode(Instrument instrument, IMeterFactory own) =>
        instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, own)
            ? MetricStreamConfiguration.Drop
            : new MetricStreamConfiguration { CardinalityLimit = SeriesPerMetric };
}
