using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A <see cref="ConfigApplier"/> for the in-process apply tests: <see cref="ApplySettings"/> at a root, no logging, the
/// system clock; the root watch's budget and trust are its defaults unless a test sets them.
/// </summary>
internal static class TestApplier
{
    public static ConfigApplier At(string root, int? maxWatches = null, TimeSpan? trust = null) =>
        new(ApplySettings.For(root), NullLogger<ConfigApplier>.Instance, null, maxWatches, trust);
}
