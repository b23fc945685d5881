using System.Security.Cryptography;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>Review M7: the state key's variables are checked when the settings load, naming the variable, never the value.</summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class StateKeyVariablesTests
{
    private const string Malformed = "not a state key (32 random bytes in base64, e.g. from `openssl rand -base64 32`)";

    private static readonly string GoodKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static TheoryData<string, string> MalformedKeys() => new()
    {
        { StateKey.KeyVariable, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) },
        { StateKey.KeyVariable, "not base64 at all!" },
        { StateKey.BackupKeyVariable, Convert.ToBase64String(RandomNumberGenerator.GetBytes(33)) },
        { StateKey.BackupKeyVariable, "change-me-please" },
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public void Load_MalformedKeyVariable_OneErrorNamingTheVariableNotTheValue(string variable, string value)
    {
        using var tree = new LeaderTree();

        var load = () => SettingsLoader.Load(tree.Save(), SettingsEnvironment.From(new Dictionary<string, string> { [variable] = value }));

        load.Should().Throw<SettingsException>().Which.Message.Should().EndWith($": environment: {variable}: {Malformed}").And.NotContain(value);
    }

    [Fact]
    public void Load_KeyFileMissing_NamesTheVariableAndTheFile()
    {
        using var tree = new LeaderTree();
        using var temp = new TempDirectory();
        var missing = temp.Combine("state.key");

        var load = () => SettingsLoader.Load(tree.Save(), SettingsEnvironment.From(new Dictionary<string, string> { [StateKey.KeyFileVariable] = missing }));

        load.Should().Throw<SettingsException>().Which.Message.Should().EndWith($": environment: {StateKey.KeyFileVariable}: {missing}: the state key file does not exist");
    }

    [Theory]
    [InlineData("644", "readable by group or others (mode 644): chmod 600")]
    [InlineData("600", "not a state key")]
    public void Load_KeyFileOpenOrMalformed_IsRefusedWithTheFix(string mode, string expected)
    {
        using var tree = new LeaderTree();
        using var temp = new TempDirectory();
        var file = temp.Write("state.key", mode == "644" ? GoodKey : "too short");
        File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32(mode, 8));

        var load = () => SettingsLoader.Load(tree.Save(), SettingsEnvironment.From(new Dictionary<string, string> { [StateKey.KeyFileVariable] = file }));

        load.Should().Throw<SettingsException>().Which.Message.Should().Contain($": environment: {StateKey.KeyFileVariable}: {file}: ").And.Contain(expected);
    }

    [Fact]
    public void Load_WellFormedKeys_Load()
    {
        using var tree = new LeaderTree();
        using var temp = new TempDirectory();
        var file = temp.Write("state.key", GoodKey + "\n");
        File.SetUnixFileMode(file, StateFiles.PrivateFile);
        var environment = SettingsEnvironment.From(new Dictionary<string, string>
        {
            [StateKey.KeyVariable] = GoodKey,
            [StateKey.KeyFileVariable] = file,
            [StateKey.BackupKeyVariable] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });

        var load = () => SettingsLoader.Load(tree.Save(), environment);

        load.Should().NotThrow();
    }

    [Fact]
    public async Task Run_MalformedStateKey_ServiceStopsAtStartWithOneLineNamingTheVariable()
    {
        using var tree = new LeaderTree();
        var config = tree.Save();
        using var leader = ProgramProcess.Start(
            "Leader", "pryvbus-leader", ["run", "--config", config], environment: new Dictionary<string, string> { [StateKey.KeyVariable] = "c2hvcnQ=" });

        var exit = await leader.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exit.Should().Be(2);
        leader.Stderr.Trim().Should().NotContain("\n").And.EndWith($": environment: {StateKey.KeyVariable}: {Malformed}");
    }
}
