using PryvBus.Tests.Fixtures;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>Where things are in the repository, found from the benchmark's own build output.</summary>
internal static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    /// <summary>Release or Debug: the follower is taken from the same configuration as the benchmark.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    public static string FollowerDll => Path.Combine(Root, "Follower", "bin", Configuration, "net10.0", "pryvbus-follower.dll");

    /// <summary>
    /// How a follower process is started: <c>dotnet pryvbus-follower.dll</c>, or the Native AOT executable named by
    /// <c>PRYVBUS_BENCH_FOLLOWER</c> (<c>./pryvbus.sh bench</c> publishes one; <c>--jit</c> leaves it unset).
    /// </summary>
    public static IReadOnlyList<string> FollowerCommand =>
        Environment.GetEnvironmentVariable("PRYVBUS_BENCH_FOLLOWER") is { Length: > 0 } native ? [native] : ["dotnet", FollowerDll];

    public static bool FollowerIsNative => Environment.GetEnvironmentVariable("PRYVBUS_BENCH_FOLLOWER") is { Length: > 0 };

    public static string FollowerBuild =>
        Environment.GetEnvironmentVariable("PRYVBUS_BENCH_FOLLOWER") is { Length: > 0 } ? "Native AOT executable" : "JIT (dotnet pryvbus-follower.dll)";

    public static string LeaderDll => Path.Combine(Root, "Leader", "bin", Configuration, "net10.0", "pryvbus-leader.dll");

    /// <summary>
    /// How the leader process is started: <c>dotnet pryvbus-leader.dll</c>, or the Native AOT executable named by
    /// <c>PRYVBUS_BENCH_LEADER</c> (<c>./pryvbus.sh bench</c> publishes one; <c>--jit</c> leaves it unset).
    /// </summary>
    public static IReadOnlyList<string> LeaderCommand =>
        Environment.GetEnvironmentVariable("PRYVBUS_BENCH_LEADER") is { Length: > 0 } native ? [native] : ["dotnet", LeaderDll];

    public static bool LeaderIsNative => Environment.GetEnvironmentVariable("PRYVBUS_BENCH_LEADER") is { Length: > 0 };

    public static string LeaderBuild => LeaderIsNative ? "Native AOT executable" : "JIT (dotnet pryvbus-leader.dll)";

    public static string BenchDll => Path.Combine(AppContext.BaseDirectory, "pryvbus-bench.dll");

    public static string SingleNode => Path.Combine(Root, "compose", "singlenode");

    /// <summary>The whole sample platform (every role): <c>compose/cluster</c> when it exists, else the single-node sample.</summary>
    public static string WholeSample =>
        SampleTree.FindConfig(Path.Combine(Root, "compose", "cluster")) is not null ? Path.Combine(Root, "compose", "cluster") : SingleNode;

    public static string Results => Path.Combine(Root, "Tests", "Benchmarks", "results");

    /// <summary>Scratch space: follower roots, Redis data, logs (under the git-ignored <c>.run/</c>).</summary>
    public static string Work => Path.Combine(Root, ".run", "bench");
}
