using System.Text;
using PryvBus.Follower.Fetching;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The <see cref="VerifiedVersion"/> the in-process apply tests hand to <see cref="PryvBus.Follower.Applying.ConfigApplier"/>
/// as if the verifier had passed it: role <c>core</c> (as <see cref="ApplySettings"/>), generation 1, sha256
/// <c>sha-{serial}</c> (never checked by the applier). Texts are UTF-8, the files in the order given, paths compared
/// ordinally; no secret file unless named.
/// </summary>
internal static class TestVersion
{
    /// <summary>A version of the given (path, text) pairs.</summary>
    public static VerifiedVersion Of(long serial, params (string Path, string Text)[] files) =>
        Of(serial, files.Select(f => KeyValuePair.Create(f.Path, f.Text)));

    /// <summary>A version of the given texts by path, with <paramref name="secrets"/> among them marked secret.</summary>
    public static VerifiedVersion Of(long serial, IEnumerable<KeyValuePair<string, string>> files, IEnumerable<string>? secrets = null) =>
        Of(serial, files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Value), StringComparer.Ordinal), secrets);

    /// <summary>A version holding <paramref name="files"/> itself (not a copy: a test may share its arrays between versions).</summary>
    public static VerifiedVersion Of(long serial, IReadOnlyDictionary<string, byte[]> files, IEnumerable<string>? secrets = null) =>
        new("core", 1, serial, "sha-" + serial, files, new HashSet<string>(secrets ?? [], StringComparer.Ordinal));
}
