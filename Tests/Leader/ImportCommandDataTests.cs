using System.Text.Json;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary><c>import-data</c>: the seed's step 6, old data and log folders moved under the new root, never over existing data.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ImportCommandDataTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public ImportCommandDataTests()
    {
        _root.Write("old/core/core/conf/core.json", "{}");
        _root.Write("old/core/core/data/attachments/a1", "attachment");
        _root.Write("old/core/core/log/core.log", "log line");
        _root.Write("old/core/mongodb/data/collection.wt", "documents");
        Directory.CreateDirectory(_root.Combine("new", "pryv"));
    }

    private string Old => _root.Combine("old");

    private string New => _root.Combine("new");

    public void Dispose() => _root.Dispose();

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ImportData_OldFolders_AreMovedUnderPryv()
    {
        var (exit, output, error) = await RunAsync("import-data", Old, New);

        exit.Should().Be(0, error);
        File.ReadAllText(_root.Combine("new", "pryv", "core", "data", "attachments", "a1")).Should().Be("attachment");
        File.ReadAllText(_root.Combine("new", "pryv", "core", "log", "core.log")).Should().Be("log line");
        File.ReadAllText(_root.Combine("new", "pryv", "mongodb", "data", "collection.wt")).Should().Be("documents");
        Directory.Exists(_root.Combine("old", "core", "core", "data")).Should().BeFalse();
        File.Exists(_root.Combine("old", "core", "core", "conf", "core.json")).Should().BeTrue("configuration is import's business");
        output.Should().Contain("core (").And.Contain("moved");
    }

    [Fact]
    public async Task ImportData_BackupFolder_IsMovedLikeData()
    {
        _root.Write("old/core/mongodb/backup/dump.tar", "archive");

        var (exit, _, error) = await RunAsync("import-data", Old, New);

        exit.Should().Be(0, error);
        File.ReadAllText(_root.Combine("new", "pryv", "mongodb", "backup", "dump.tar")).Should().Be("archive");
        Directory.Exists(_root.Combine("old", "core", "mongodb", "backup")).Should().BeFalse();
    }

    [Fact]
    public async Task ImportData_NonEmptyTarget_IsNeverOverwritten()
    {
        _root.Write("new/pryv/mongodb/data/collection.wt", "newer documents");
        Directory.CreateDirectory(_root.Combine("new", "pryv", "core", "data"));

        var (exit, output, _) = await RunAsync("import-data", Old, New, "--json");

        exit.Should().Be(1, "a folder was left behind");
        File.ReadAllText(_root.Combine("new", "pryv", "mongodb", "data", "collection.wt")).Should().Be("newer documents");
        File.ReadAllText(_root.Combine("old", "core", "mongodb", "data", "collection.wt")).Should().Be("documents");
        File.Exists(_root.Combine("new", "pryv", "core", "data", "attachments", "a1")).Should().BeTrue("an empty target is replaced");
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("folders").EnumerateArray()
            .Select(f => f.GetProperty("outcome").GetString()).Should().Contain("kept: the target is not empty");
    }

    [Fact]
    public async Task ImportData_DryRun_MovesNothing()
    {
        var (exit, output, _) = await RunAsync("import-data", Old, New, "--dry-run");

        exit.Should().Be(0);
        output.Should().Contain("would move");
        Directory.Exists(_root.Combine("old", "core", "core", "data")).Should().BeTrue();
        Directory.Exists(_root.Combine("new", "pryv", "core")).Should().BeFalse();
    }

    [Fact]
    public async Task ImportData_SingleNodeFolder_IsRoleSinglenode()
    {
        _root.Write("sn/pryv/redis/data/dump.rdb", "rdb");

        var (exit, _, _) = await RunAsync("import-data", _root.Combine("sn"), New, "--role", "singlenode");

        exit.Should().Be(0);
        File.ReadAllText(_root.Combine("new", "pryv", "redis", "data", "dump.rdb")).Should().Be("rdb");
    }

    [Fact]
    public async Task ImportData_SeveralRolesWithoutRole_IsAUsageError()
    {
        _root.Write("old/static/nginx/log/access.log", "GET /");

        var (exit, _, error) = await RunAsync("import-data", Old, New);

        exit.Should().Be(2);
        error.Should().Contain("holds several roles (core, static): choose one with --role");
    }
}
