using System.Text;
using PryvBus.Leader.Values;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Values;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsFileTests
{
    private const UnixFileMode OwnerGroupRead = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    [Fact]
    public void Replace_FailureBetweenTempAndRename_OldFileIntactNoTempLeft()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config-leader.json", "{ \"old\": true }");
        var (_, etag) = SettingsFile.Read(path);

        var act = () => SettingsFile.Replace(path, Encoding.UTF8.GetBytes("{ \"new\": true }"), etag, () => throw new IOException("simulated crash"));

        act.Should().Throw<IOException>();
        File.ReadAllText(path).Should().Be("{ \"old\": true }");
        Directory.EnumerateFiles(folder.Path).Should().ContainSingle();
    }

    [Fact]
    public void Replace_FileChangedMeanwhile_RefusedNothingWritten()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config-leader.json", "{ \"old\": true }");
        var (_, etag) = SettingsFile.Read(path);
        File.WriteAllText(path, "{ \"someone\": \"else\" }");

        SettingsFile.Replace(path, Encoding.UTF8.GetBytes("{ \"new\": true }"), etag).Should().BeFalse();

        File.ReadAllText(path).Should().Be("{ \"someone\": \"else\" }");
    }

    [Fact]
    public void Replace_KeepsTheFilesModeAndItsLinkTarget()
    {
        using var folder = new TempDirectory();
        var real = folder.Write("real/config-leader.json", "{}");
        File.SetUnixFileMode(real, OwnerGroupRead);
        var link = Path.Combine(folder.Path, "config-leader.json");
        File.CreateSymbolicLink(link, real);

        SettingsFile.Replace(link, Encoding.UTF8.GetBytes("{ \"new\": 1 }"), SettingsFile.Read(link).ETag).Should().BeTrue();

        File.ReadAllText(real).Should().Be("{ \"new\": 1 }");
        new FileInfo(link).LinkTarget.Should().Be(real, "the link stays a link");
        File.GetUnixFileMode(real).Should().Be(OwnerGroupRead);
    }

    [Fact]
    public async Task Replace_FileReplacedOrRefused_NothingLeftHeld()
    {
        // The file replaced is held over the rename and let go on a pool thread (StateFiles.FreeLater).
        using var folder = new TempDirectory();
        var path = folder.Write("config-leader.json", "{ \"old\": true }");

        SettingsFile.Replace(path, Encoding.UTF8.GetBytes("{ \"new\": 1 }"), SettingsFile.ETagOf("{}"u8)).Should().BeFalse();
        SettingsFile.Replace(path, Encoding.UTF8.GetBytes("{ \"new\": 2 }"), SettingsFile.Read(path).ETag).Should().BeTrue();

        File.ReadAllText(path).Should().Be("{ \"new\": 2 }");
        await Wait.UntilAsync(() => OpenFiles.Under(folder.Path).Count == 0, TimeSpan.FromSeconds(30), "the replaced settings file let go");
    }

    [Fact]
    public void Replace_FileLongerThanFirstSeen_WholeFileChecked()
    {
        // The check reads to the end: an edit made after the ETag was taken that only appends is still refused.
        using var folder = new TempDirectory();
        var path = folder.Write("config-leader.json", "{}");
        var etag = SettingsFile.Read(path).ETag;
        File.WriteAllText(path, "{}" + new string(' ', 100_000));

        SettingsFile.Replace(path, Encoding.UTF8.GetBytes("{ \"new\": 1 }"), etag).Should().BeFalse();
        SettingsFile.Replace(path, Encoding.UTF8.GetBytes("{ \"new\": 1 }"), SettingsFile.Read(path).ETag).Should().BeTrue();
    }

    [Fact]
    public void ETagOf_DifferentBytes_Differ()
    {
        SettingsFile.ETagOf("{}"u8).Should().NotBe(SettingsFile.ETagOf("{ }"u8)).And.StartWith("\"").And.EndWith("\"");
    }
}
