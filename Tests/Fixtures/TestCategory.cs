namespace PryvBus.Tests.Fixtures;

/// <summary>
/// The one <c>Category</c> trait every test class carries, so a developer can run a fast loop
/// (<c>./pryvbus.sh test --fast</c>: everything but Docker, Soak, EndToEnd and Browser). <see cref="TestCategoryTests"/> fails
/// for a class without one.
/// </summary>
public static class TestCategory
{
    public const string Name = "Category";

    /// <summary>In-process only: real files, no Redis, no Docker, no PryvBus program started.</summary>
    public const string Unit = "Unit";

    /// <summary>Starts a PryvBus program (leader or follower) as a process, but needs no Redis and no Docker.</summary>
    public const string Process = "Process";

    /// <summary>Needs a real redis-server (started by the test), possibly PryvBus programs too; no Docker.</summary>
    public const string Redis = "Redis";

    /// <summary>Needs the Docker daemon (stand-in containers).</summary>
    public const string Docker = "Docker";

    /// <summary>Long randomized runs (failovers, restarts, chaos).</summary>
    public const string Soak = "Soak";

    /// <summary>The compose stacks with the local images.</summary>
    public const string EndToEnd = "EndToEnd";

    /// <summary>Drives the leader's console in a real browser (Debian's chromium through Playwright).</summary>
    public const string Browser = "Browser";

    public static readonly IReadOnlyList<string> All = [Unit, Process, Redis, Docker, Soak, EndToEnd, Browser];
}
