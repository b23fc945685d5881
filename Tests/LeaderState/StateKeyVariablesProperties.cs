using CsCheck;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>Review M7, as a property: whatever the key variables hold, a load accepts exactly the 32-byte keys and never echoes a value.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class StateKeyVariablesProperties
{
    private static readonly Gen<string> Value = Gen.Frequency(
        (3, Gen.Byte.Array[0, 48].Select(Convert.ToBase64String)),
        (2, Gen.String),
        (1, Gen.Byte.Array[32].Select(b => " " + Convert.ToBase64String(b) + "\n")),
        (1, Gen.Byte.Array[32].Select(b => Convert.ToBase64String(b).TrimEnd('='))));

    [Fact]
    public void Load_AnyKeyVariableValue_AcceptsExactly32ByteKeysAndNeverEchoesTheValue()
    {
        using var tree = new LeaderTree();
        var path = tree.Save();
        var text = File.ReadAllText(path);
        Gen.Select(Gen.OneOf(StateKey.KeyVariable, StateKey.BackupKeyVariable), Value).Sample(
            c =>
            {
                var (variable, value) = c;
                var environment = SettingsEnvironment.From(new Dictionary<string, string> { [variable] = value });
                SettingsException? error = null;
                try
                {
                    SettingsLoader.Parse(text, path, environment);
                }
                catch (SettingsException ex)
                {
                    error = ex;
                }

                (error is null).Should().Be(value.Length == 0 || IsKey(value), $"{variable}='{value}'");
                if (error is not null)
                {
                    error.Errors.Should().ContainSingle().Which.Should().StartWith($"environment: {variable}: not a state key");
                    if (value.Trim().Length >= 8)
                    {
                        error.Message.Should().NotContain(value.Trim());
                    }
                }
            },
            iter: 3000);
    }

    /// <summary>An independent statement of the rule: standard base64 (white space around allowed) of exactly 32 bytes.</summary>
    private static bool IsKey(string value)
    {
        try
        {
            return Convert.FromBase64String(value.Trim()).Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
