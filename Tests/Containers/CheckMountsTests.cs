using Docker.DotNet.Models;
using PryvBus.Follower.Checking;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class CheckMountsTests
{
    private const string Live = "/pryv/root/nginx";
    private const string Staged = "/pryv/root/.pryvbus/staging/nginx";

    private static MountPoint Bind(string source, string destination) => new() { Type = "bind", Source = source, Destination = destination, RW = true };

    private static IEnumerable<(string? Source, string? Target, bool? ReadOnly)> Shape(IReadOnlyList<Mount>? mounts) =>
        mounts!.Select(m => (m.Source, m.Target, m.ReadOnly));

    [Fact]
    public void For_LiveFolderMountedAsIs_StagedFolderTakesItsPlace()
    {
        var mounts = CheckMounts.For(Live, Staged, [Bind(Live, "/etc/nginx"), Bind("/var/log/pryv", "/var/log/nginx")]);

        Shape(mounts).Should().Equal((Staged, "/etc/nginx", true), (null, "/var/log/nginx", null));
        mounts![1].Type.Should().Be("tmpfs", "what the component writes is replaced by a scratch folder, never written by a check");
    }

    [Fact]
    public void For_WholeRootMounted_StagedFolderLaidOverTheLiveOne()
    {
        var mounts = CheckMounts.For(Live, Staged, [new MountPoint { Type = "bind", Source = "/pryv/root", Destination = "/app/conf", RW = false }]);

        Shape(mounts).Should().Equal(("/pryv/root", "/app/conf", true), (Staged, "/app/conf/nginx", true));
    }

    [Fact]
    public void For_PartOfTheLiveFolderMounted_SamePartOfTheStagedOne()
    {
        using var temp = new TempDirectory();
        var staged = temp.Combine("staging", "nginx");
        Directory.CreateDirectory(Path.Combine(staged, "conf"));

        var mounts = CheckMounts.For(Live, staged, [Bind(Live + "/conf", "/etc/nginx/conf.d"), Bind(Live + "/gone", "/gone")]);

        Shape(mounts).Should().Equal((Path.Combine(staged, "conf"), "/etc/nginx/conf.d", true));
    }

    [Fact]
    public void For_NothingOfTheLiveFolderMounted_Null()
    {
        CheckMounts.For(Live, Staged, [Bind("/pryv/root/core", "/app/conf"), Bind("/pryv/root/nginxx", "/x")]).Should().BeNull();
    }

    [Fact]
    public void For_ReadOnlyVolumeAndWritableVolume_ReadOnlyKeptWritableScratch()
    {
        var mounts = CheckMounts.For(Live, Staged, [
            Bind(Live, "/etc/nginx"),
            new MountPoint { Type = "volume", Name = "certs", Destination = "/certs", RW = false },
            new MountPoint { Type = "volume", Name = "data", Destination = "/data", RW = true }]);

        mounts!.Where(m => m.Type != "tmpfs").Should().OnlyContain(m => m.ReadOnly == true);
        mounts.Should().Contain(m => m.Type == "volume" && m.Source == "certs");
        mounts.Should().Contain(m => m.Type == "tmpfs" && m.Target == "/data");
        mounts.Should().NotContain(m => m.Source == "data");
    }
}
