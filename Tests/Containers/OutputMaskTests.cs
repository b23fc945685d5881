using System.Text;
using CsCheck;
using PryvBus.Follower.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

/// <summary>The mask of a check's or compose's output: no run of a secret file long enough to be a value gets through.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OutputMaskTests
{
    private static OutputMask Of(params string[] files) => OutputMask.Of(files.Select(Encoding.UTF8.GetBytes));

    [Fact]
    public void Mask_LineQuotingASecretFile_ValueMaskedRestKept()
    {
        var mask = Of("db:\n  password: \"Xy7-very-secret\"\n");

        var masked = mask.Mask("nginx: [emerg] unexpected value Xy7-very-secret in /app/conf/site.conf:12");

        masked.Should().Be("nginx: [emerg] unexpected value «masked» in /app/conf/site.conf:12");
    }

    [Fact]
    public void Mask_NoSecretFile_OutputUnchanged()
    {
        OutputMask.None.Mask("password: hunter2-long").Should().Be("password: hunter2-long");
    }

    [Fact]
    public void Mask_SecretContentTooLarge_OutputWithheld()
    {
        var mask = OutputMask.Of([new byte[OutputMask.MaxIndexedChars + 1]]);

        mask.Mask("anything").Should().Be(OutputMask.Withheld);
        mask.Mask(string.Empty).Should().BeEmpty();
    }

    [Fact]
    public void Mask_AnySecretInAnyOutput_NeverLeaksARunOfIt()
    {
        var gen = Gen.Select(Gen.String[OutputMask.MinRun, 60], Gen.String[0, 80], Gen.String[0, 80], Gen.String[0, 40], Gen.String[0, 40]);
        gen.Sample(
            (secret, before, after, fileBefore, fileAfter) =>
            {
                var masked = Of(fileBefore + secret + fileAfter).Mask(before + secret + after);

                // Not one run of MinRun characters of the secret is left in the output.
                for (var i = 0; i + OutputMask.MinRun <= secret.Length; i++)
                {
                    masked.Should().NotContain(secret.Substring(i, OutputMask.MinRun));
                }
            },
            iter: 5_000);
    }
}
