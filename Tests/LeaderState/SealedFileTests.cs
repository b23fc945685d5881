using System.Security.Cryptography;
using CsCheck;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>The sealed format of the state folder and of backups, and the state key's checks.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SealedFileTests
{
    private static readonly SealingKey Key = SealingKey.Derive(RandomNumberGenerator.GetBytes(32), "state secrets v1", "test");

    [Fact]
    public void Open_AnyBytes_OnlyStateExceptionOrTheSealedContent()
    {
        // Hostile or damaged files: whatever the bytes, the only outcomes are the content that was sealed, or a
        // StateException naming the file. Half the inputs are real sealed files with one byte flipped.
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Bool, Gen.Int[0, 1000]).Sample((bytes, flip, position) =>
        {
            var input = flip ? SealedFile.Seal(SealedFile.SecretsKind, Key, bytes) : bytes;
            if (flip)
            {
                input[position % input.Length] ^= 0x40;
            }

            try
            {
                SealedFile.Open(SealedFile.SecretsKind, Key, input, "secrets.enc");
                return false;
            }
            catch (StateException ex)
            {
                return ex.Message.StartsWith("secrets.enc: ", StringComparison.Ordinal);
            }
        }, iter: 5000);
    }

    [Fact]
    public void Open_SealedThenOpened_GivesTheContentBack()
    {
        Gen.Byte.Array[0, 500].Sample(bytes =>
            SealedFile.Open(SealedFile.SecretsKind, Key, SealedFile.Seal(SealedFile.SecretsKind, Key, bytes), "x").AsSpan().SequenceEqual(bytes), iter: 2000);
    }

    [Fact]
    public void Open_AlteredCiphertext_SaysCorruptedOrAltered()
    {
        var sealedBytes = SealedFile.Seal(SealedFile.SecretsKind, Key, "{\"format\":1}"u8);
        sealedBytes[^1] ^= 1;

        var open = () => SealedFile.Open(SealedFile.SecretsKind, Key, sealedBytes, "/state/secrets.enc");

        open.Should().Throw<StateException>().WithMessage("/state/secrets.enc: corrupted or altered (authentication failed)");
    }

    [Fact]
    public void Open_BackupGivenAsStateFile_IsRefused()
    {
        var backup = SealedFile.Seal(SealedFile.BackupKind, Key, "{}"u8);

        var open = () => SealedFile.Open(SealedFile.SecretsKind, Key, backup, "secrets.enc");

        open.Should().Throw<StateException>().WithMessage("secrets.enc: not a PryvBus state file");
    }

    [Fact]
    public void Resolve_KeyNotBase64Of32Bytes_NamesTheVariableNotTheValue()
    {
        using var temp = new TempDirectory();
        const string Value = "short-and-not-a-key";

        var resolve = () => StateKey.Resolve(temp.Combine("state"), name => name == StateKey.KeyVariable ? Value : null, mayGenerate: true);

        resolve.Should().Throw<StateException>().Which.Message.Should().StartWith("PRYVBUS_STATE_KEY: not a state key").And.NotContain(Value);
    }

    [Fact]
    public void Resolve_NoKeyConfigured_GeneratesOneFile0600BesideTheFolderThenReusesIt()
    {
        using var temp = new TempDirectory();
        var state = temp.Combine("state");

        var first = StateKey.Resolve(state, _ => null, mayGenerate: true);
        var second = StateKey.Resolve(state, _ => null, mayGenerate: true);

        first.Generated.Should().BeTrue();
        second.Generated.Should().BeFalse();
        first.Source.Should().Be(temp.Combine("state.key"));
        File.GetUnixFileMode(first.Source).Should().Be(StateFiles.PrivateFile);
        second.Secrets.IdHex.Should().Be(first.Secrets.IdHex);
    }
}
