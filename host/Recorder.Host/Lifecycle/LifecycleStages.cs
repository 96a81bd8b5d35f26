namespace Recorder.Host.Lifecycle;

/// <summary>
/// The host's start order, Orleans style: stages start in ascending order and stop in reverse, so that
/// nothing produces events before something can store them, and nothing is stored after its sink stopped.
/// </summary>
public static class LifecycleStages
{
    /// <summary>Configuration read, folders created, control socket open.</summary>
    public const int Configuration = 1000;
    /// <summary>Trust store and sequence store loaded; plugins verified, staged and loaded.</summary>
    public const int Trust = 2000;
    /// <summary>Sinks created for the active subscriptions.</summary>
    public const int Sinks = 3000;
    /// <summary>Enrichers started and chained.</summary>
    public const int Enrichers = 4000;
    /// <summary>Collectors started with the event types subscriptions want.</summary>
    public const int Collectors = 5000;
    /// <summary>Watching subscriptions and plugin folders; recording.</summary>
    public const int Running = 10000;

    /// <summary>The stage's name for logs and status.</summary>
    public static string Name(int stage) => stage switch
    {
        Configuration => "configuration",
        Trust => "trust",
        Sinks => "sinks",
        Enrichers => "enrichers",
        Collectors => "collectors",
        Running => "running",
        _ => stage.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
