using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// A large role added to a sample tree: <c>count</c> templates in 10 folders (<c>component{i % 10}/conf/file{i}.conf</c>),
/// each reading the domain and a platform value of its own (<c>LARGE_{i}</c>, set to 0).
/// </summary>
internal static class LargeRoleTemplates
{
    public static async Task WriteAsync(SampleTree tree, string role, int count)
    {
        var data = Path.Combine(Path.GetDirectoryName(tree.ConfigPath)!, "..", "data", role);
        for (var i = 0; i < count; i++)
        {
            var file = Path.Combine(data, $"component{i % 10}", "conf", $"file{i}.conf");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"# {{{{ DOMAIN }}}}\nsetting_{i} = {{{{ LARGE_{i} }}}}\n"));
            tree.SetPlatformValue(string.Create(CultureInfo.InvariantCulture, $"LARGE_{i}"), 0);
        }
    }
}
