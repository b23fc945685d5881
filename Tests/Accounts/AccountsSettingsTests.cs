using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Accounts;

/// <summary>The <c>accounts</c> and <c>audit</c> sections: defaults, paths relative to the file, every bad key reported.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccountsSettingsTests
{
    [Fact]
    public void Load_NoSections_DefaultsWithTheUsersFileInTheStateFolder()
    {
        using var tree = new LeaderTree();

        var settings = tree.Load();

        settings.UsersFile.Should().Be(Path.Combine(settings.StateDirectory, "users.json"));
        settings.Accounts.Should().Be(AccountsSettings.Default);
        settings.Audit.Should().Be(new AuditSettings(100_000, 0));
    }

    [Fact]
    public void Load_Sections_ReadWithTheUsersFileRelativeToTheSettingsFile()
    {
        using var tree = new LeaderTree();
        tree.Config["accounts"] = new JsonObject { ["usersFile"] = "../operators.json", ["failedLoginLimit"] = 3, ["failedLoginWindowSeconds"] = 60, ["lockoutSeconds"] = 120 };
        tree.Config["audit"] = new JsonObject { ["maxEntries"] = 500, ["maxAgeDays"] = 30 };

        var settings = tree.Load();

        settings.UsersFile.Should().Be(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(tree.ConfigPath)!, "..", "operators.json")));
        settings.Accounts.Should().Be(new AccountsSettings(settings.UsersFile, 3, 60, 120));
        settings.Audit.Should().Be(new AuditSettings(500, 30));
    }

    [Fact]
    public void Load_BadValues_EveryKeyReported()
    {
        using var tree = new LeaderTree();
        tree.Config["accounts"] = new JsonObject { ["failedLoginLimit"] = 0, ["lockoutSeconds"] = "long", ["extra"] = true };
        tree.Config["audit"] = new JsonObject { ["maxEntries"] = 1 };

        var load = () => tree.Load();

        load.Should().Throw<SettingsException>().Which.Message.Should()
            .Contain("accounts.failedLoginLimit").And.Contain("accounts.lockoutSeconds").And.Contain("accounts.extra").And.Contain("audit.maxEntries");
    }
}
