using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The applied manifest as <c>manifest.json</c> plus <c>manifest.delta</c>: a commit after the first of a process appends
/// one record; a record cut short is ignored (the last complete state is used, then the manifest is written whole); a
/// damaged or hostile delta is one error naming the file, and nothing of it is trusted: every file is compared with the
/// disk and the manifest written whole. Each new <see cref="ConfigApplier"/> stands for a restarted follower.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ManifestDeltaTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FollowerSettings _settings;
    private readonly LogCollector _logs = new();

    public ManifestDeltaTests()
    {
        _settings = ApplySettings.For(_temp.Combine("pryv"));
    }

    public void Dispose()
    {
        _logs.Dispose();
        _temp.Dispose();
    }

    private string Full => _temp.Combine("pryv/.pryvbus/manifest.json");

    private string Delta => _temp.Combine("pryv/.pryvbus/manifest.delta");

    private ConfigApplier Restarted() => new(_settings, new Logger<ConfigApplier>(new Factory(_logs)));

    private static Dictionary<string, string> Files(long serial) => new()
    {
        ["core/conf/core.yml"] = $"core {serial}\n",
        ["nginx/conf/site.conf"] = "site\n",
        [$"core/conf/added-{serial}.yml"] = "added\n",
    };

    private long FullSerial() => JsonNode.Parse(File.ReadAllText(Full))!["serial"]!.GetValue<long>();

    [Fact]
    public void Commit_SecondOfAProcess_AppendsToTheDeltaAndReadsBackWhole()
    {
        var applier = Restarted();
        applier.Apply(TestVersion.Of(1, Files(1)));
        applier.Apply(TestVersion.Of(2, Files(2)));
        applier.Apply(TestVersion.Of(3, Files(3)));

        FullSerial().Should().Be(1);
        File.Exists(Delta).Should().BeTrue();
        var read = Restarted().ReadApplied()!;
        read.Serial.Should().Be(3);
        read.Files.Keys.Should().BeEquivalentTo(Files(3).Keys);
        File.Exists(_temp.Combine("pryv/core/conf/added-2.yml")).Should().BeFalse("a file of the delta's records is owned and deleted");
    }

    [Fact]
    public void ReadApplied_LastRecordCutShort_LastCompleteStateThenWrittenWhole()
    {
        var applier = Restarted();
        applier.Apply(TestVersion.Of(1, Files(1)));
        applier.Apply(TestVersion.Of(2, Files(2)));
        applier.Apply(TestVersion.Of(3, Files(3)));
        using (var delta = File.OpenHandle(Delta, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(delta, RandomAccess.GetLength(delta) - 20);
        }

        var restarted = Restarted();
        restarted.ReadApplied()!.Serial.Should().Be(2);
        _logs.Entries.Should().ContainSingle(e => e.Message.Contains(Delta, StringComparison.Ordinal) && e.Message.Contains("incomplete", StringComparison.Ordinal));
        restarted.Apply(TestVersion.Of(3, Files(3)));

        FullSerial().Should().Be(3);
        Restarted().ReadApplied()!.Serial.Should().Be(3);
        File.Exists(_temp.Combine("pryv/core/conf/added-2.yml")).Should().BeFalse();
    }

    [Fact]
    public void ReadApplied_LastRecordDamaged_NoManifestButTheVersionsOfTheCompleteRecordsStillCount()
    {
        var applier = Restarted();
        for (var serial = 1; serial <= 4; serial++)
        {
            applier.Apply(TestVersion.Of(serial, Files(serial)));
        }

        var bytes = File.ReadAllBytes(Delta);
        bytes[^3] ^= 0x01; // one bit of the last record's content
        File.WriteAllBytes(Delta, bytes);

        var restarted = Restarted();
        restarted.ReadApplied().Should().BeNull("the files are compared with the disk again");
        restarted.DamagedFloor.Should().Be(("core", 1L, 3L), "the records before the damage name versions 2 and 3");
        Restarted().Apply(TestVersion.Of(4, Files(4)));
        var repaired = Restarted();
        repaired.ReadApplied()!.Serial.Should().Be(4);
        repaired.DamagedFloor.Should().BeNull();
    }

    public static TheoryData<string> Damages() => ["payload byte", "length not a number", "length too large", "not a record", "header"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void ReadApplied_DeltaDamaged_OneErrorNamingTheFileAndEveryFileCheckedAgain(string damage)
    {
        var applier = Restarted();
        applier.Apply(TestVersion.Of(1, Files(1)));
        applier.Apply(TestVersion.Of(2, Files(2)));
        Damage(damage);
        File.WriteAllText(_temp.Combine("pryv/nginx/conf/site.conf"), "edited by hand\n");

        var restarted = Restarted();
        restarted.ReadApplied().Should().BeNull();
        _logs.Entries.Where(e => e.Level == LogLevel.Warning).Should().ContainSingle()
            .Which.Message.Should().Contain(Delta).And.Contain("every file is checked");
        var result = restarted.Apply(TestVersion.Of(2, Files(2)));

        result.Written.Should().Contain("nginx/conf/site.conf");
        File.ReadAllText(_temp.Combine("pryv/nginx/conf/site.conf")).Should().Be("site\n");
        FullSerial().Should().Be(2);
        Restarted().ReadApplied()!.Serial.Should().Be(2);
    }

    [Fact]
    public void Commit_DeltaOutgrowsItsLimit_ManifestWrittenWhole()
    {
        // Long paths, every content changed at each version: each record is more than half of the limit.
        var applier = Restarted();
        Dictionary<string, string> Many(long serial) => Enumerable.Range(0, 150)
            .ToDictionary(i => $"core/conf/{new string('p', 200)}-{i}.yml", i => $"{serial} {i}\n", StringComparer.Ordinal);
        applier.Apply(TestVersion.Of(1, Many(1)));
        applier.Apply(TestVersion.Of(2, Many(2)));
        FullSerial().Should().Be(1);

        applier.Apply(TestVersion.Of(3, Many(3)));

        FullSerial().Should().Be(3);
        Restarted().ReadApplied()!.Serial.Should().Be(3);
        applier.Apply(TestVersion.Of(4, Many(4)));
        FullSerial().Should().Be(3);
        Restarted().ReadApplied()!.Serial.Should().Be(4);
    }

    [Fact]
    public async Task ReadApplied_OtherReaderWhileCommitsAndCompactions_NeverGoesBack()
    {
        // A reader of its own (another process: the tests' order watch) while a follower restarts often: each restart's
        // first commit writes the manifest whole while an older delta is still there.
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["core/conf/core.yml"] = "0\n", ["web/conf/site.conf"] = "site\n" };
        Restarted().Apply(TestVersion.Of(1, files));
        using var stop = new CancellationTokenSource();
        var seen = 1L;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var read = ManifestStore.ReadApplied(_settings.ConfigRoot, NullLogger.Instance);
                read.Should().NotBeNull();
                read!.Serial.Should().BeGreaterThanOrEqualTo(seen);
                seen = read.Serial;
            }
        });

        ConfigApplier? applier = null;
        for (var serial = 2L; serial <= 60; serial++)
        {
            applier = serial % 3 == 0 ? Restarted() : applier ?? Restarted();
            files["core/conf/core.yml"] = $"{serial}\n";
            applier.Apply(TestVersion.Of(serial, files));
        }

        await stop.CancelAsync();
        await reader;
        Restarted().ReadApplied()!.Serial.Should().Be(60);
    }

    private void Damage(string damage)
    {
        var bytes = File.ReadAllBytes(Delta);
        var header = Array.IndexOf(bytes, (byte)'\n') + 1;
        switch (damage)
        {
            case "payload byte":
                bytes[^10] ^= 0x20;
                File.WriteAllBytes(Delta, bytes);
                break;
            case "length not a number":
                bytes[header] = (byte)'x';
                File.WriteAllBytes(Delta, bytes);
                break;
            case "length too large":
                File.WriteAllBytes(Delta, [.. bytes.Take(header), .. "9999999999 "u8.ToArray(), .. bytes.Skip(header)]);
                break;
            case "not a record":
                var payload = "[1,2,3]"u8.ToArray();
                var line = $"{payload.Length} {Convert.ToHexStringLower(SHA256.HashData(payload))} [1,2,3]\n";
                File.WriteAllBytes(Delta, [.. bytes, .. Encoding.UTF8.GetBytes(line)]);
                break;
            default:
                bytes[3] = (byte)'X';
                File.WriteAllBytes(Delta, bytes);
                break;
        }
    }

    /// <summary>Hands every logger out of the test's collector.</summary>
    private sealed class Factory(LogCollector logs) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logs.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
