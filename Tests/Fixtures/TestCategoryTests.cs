using System.Reflection;

namespace PryvBus.Tests.Fixtures;

/// <summary>Every test class carries exactly one known category, so the fast loop (<c>test --fast</c>) cannot miss or mislabel one.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TestCategoryTests
{
    [Fact]
    public void TestClasses_EachHaveExactlyOneKnownCategory()
    {
        var testClasses = typeof(TestCategoryTests).Assembly.GetTypes()
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                .Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .ToArray();

        var wrong = testClasses
            .Select(t => (Type: t, Categories: Categories(t)))
            .Where(c => c.Categories.Length != 1 || !TestCategory.All.Contains(c.Categories[0]))
            .Select(c => $"{c.Type.FullName}: [{string.Join(", ", c.Categories)}]")
            .ToArray();

        testClasses.Should().HaveCountGreaterThan(50, "the reflection finds the test classes");
        wrong.Should().BeEmpty("each test class needs [Trait(TestCategory.Name, TestCategory.X)] with X one of {0}", string.Join(", ", TestCategory.All));
    }

    private static string[] Categories(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute)
                && a.ConstructorArguments.Count == 2
                && (string?)a.ConstructorArguments[0].Value == TestCategory.Name)
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .ToArray();
}
