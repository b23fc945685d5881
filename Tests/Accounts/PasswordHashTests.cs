using PryvBus.Leader.Accounts;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Accounts;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class PasswordHashTests
{
    [Fact]
    public void Create_Default_IsVersionedPbkdf2WithAtLeast600000Iterations()
    {
        var hash = PasswordHash.Create("correct horse battery");

        hash.Split('$')[0].Should().Be("pbkdf2-sha256");
        int.Parse(hash.Split('$')[1], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(600_000);
        hash.Should().NotContain("correct horse battery");
        PasswordHash.Verify("correct horse battery", hash).Should().BeTrue();
    }

    [Fact]
    public void Create_SamePasswordTwice_DifferentSalts()
    {
        PasswordHash.Create("same password here", 1000).Should().NotBe(PasswordHash.Create("same password here", 1000));
    }

    [Fact]
    public void Verify_WrongPassword_False()
    {
        var hash = PasswordHash.Create("right password 1", 1000);

        PasswordHash.Verify("wrong password 1", hash).Should().BeFalse();
        PasswordHash.Verify("right password 1", hash).Should().BeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("md5$1000$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Verify_MissingOrMalformedHash_FalseWithoutThrowing(string? hash)
    {
        PasswordHash.Verify("any password at all", hash).Should().BeFalse();
        PasswordHash.IsWellFormed(hash).Should().BeFalse();
    }

    [Theory]
    [InlineData("short", "shorter than 12")]
    [InlineData("", "shorter than 12")]
    public void Weakness_TooShort_NamedWithoutTheValue(string password, string expected)
    {
        PasswordHash.Weakness(password).Should().Contain(expected);
    }
}
