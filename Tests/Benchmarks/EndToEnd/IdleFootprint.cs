namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>A follower process left alone: resident memory (at start of the window, at the end, highest) and CPU share.</summary>
internal sealed record IdleFootprint(long RssAtConvergence, long RssStart, long RssEnd, long RssMax, double CpuPercent, TimeSpan Window);
