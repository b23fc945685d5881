namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The benchmarks' changing platform value, <c>MONGODB_CACHE_GB</c>: each change sets the next one, never the value it
/// replaces, and stays within the sample's declared range (at most 1024) however many changes a run makes.
/// </summary>
internal static class CacheSizeValue
{
    public static int Next(int value) => (value % 1000) + 1;
}
