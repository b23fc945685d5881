using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>Files written with <c>files.owner</c>/<c>files.group</c> get that owner and mode, on a single file and in a batch.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyOwnerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Apply_OwnerConfigured_EveryFileWrittenHasItAndItsMode()
    {
        var settings = ApplySettings.For(_temp.Combine("pryv"), new FileSettings { OwnerUid = 4321, GroupGid = 4322 });
        using var applier = new ConfigApplier(settings, NullLogger<ConfigApplier>.Instance);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["a/one.conf"] = Encoding.UTF8.GetBytes("one\n"), ["b/two.conf"] = Encoding.UTF8.GetBytes("two\n"),
        };

        applier.Apply(TestVersion.Of(1, files)); // a new root: a batch
        files["a/one.conf"] = Encoding.UTF8.GetBytes("one again\n");
        applier.Apply(TestVersion.Of(2, files)); // one file

        foreach (var path in files.Keys)
        {
            var full = Path.Combine(_temp.Combine("pryv"), path);
            Owner(full).Should().Be("4321:4322", $"{path} is given the configured owner");
            File.GetUnixFileMode(full).Should().Be(FileSettings.DefaultFileMode);
        }
    }

    private static string Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return text;
    }
}
