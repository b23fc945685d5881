using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Writes the imported tree into a temporary folder beside the target, checks it (settings load, every role renders,
/// every file renders to Pryv's own output), seals the internal keys in its <c>state/</c>, then renames it into place.
/// On any failure the temporary folder is removed: nothing is left behind.
/// </summary>
internal static class PryvTreeWriter
{
    public static async Task WriteAsync(
        string target, string config, SortedDictionary<string, byte[]> templates, IReadOnlyList<(string Name, string Value)> secrets,
        PryvInput input, PryvSubstitution pryv, Func<string, string?> environment, PryvImportResult result)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var temp = Path.Combine(parent, $".{Path.GetFileName(Path.GetFullPath(target))}.importing-{Guid.NewGuid():N}");
        try
        {
            var configPath = Path.Combine(temp, "conf", "config-leader.json");
            Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
            // It holds the follower keys: the leader's user's alone (docs/settings.md, file modes), the templates as they come.
            await using (var file = new FileStream(configPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = StateFiles.PrivateFile,
            }))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(config));
            }

            foreach (var (path, content) in templates)
            {
                var full = Path.Combine(temp, "data", path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllBytesAsync(full, content);
            }

            LeaderSettings settings;
            try
            {
                settings = SettingsLoader.Load(configPath, Shared.Settings.SettingsEnvironment.From(new Dictionary<string, string>()));
            }
            catch (SettingsException ex)
            {
                result.Problems.AddRange(ex.Errors.Select(e => "the written settings do not load: " + e));
                return;
            }

            Check(settings, input, pryv, result);
            if (result.Problems.Count > 0)
            {
                return;
            }

            if (secrets.Count > 0)
            {
                var state = SecretState.Open(settings, environment);
                await state.SetAsync([.. secrets.Select(s => (SecretScopes.Platform, s.Name, s.Value))]);
            }

            Directory.Move(temp, target);
            result.Written = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StateException)
        {
            result.Problems.Add($"{target}: cannot write the new tree ({ex.Message})");
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>Renders every role with the imported values and keys and compares each file with Pryv's substitution.</summary>
    private static void Check(LeaderSettings settings, PryvInput input, PryvSubstitution pryv, PryvImportResult result)
    {
        // The keys as Pryv has them (also the REPLACE_ME of one not generated yet), given as overrides for this render only.
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in settings.Secrets.Keys.Where(pryv.Values.ContainsKey))
        {
            keys[SecretResolver.EnvironmentPrefix + name] = pryv.Apply(pryv.BaseText(name)); // expanded without error by PryvExpressions
        }

        foreach (var (role, files) in input.Roles)
        {
            var resolver = new SecretResolver(settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default, default, keys.GetValueOrDefault, role);
            var render = new TemplateRenderer().Render(settings, role, resolver);
            result.Problems.AddRange(render.Errors.Select(e => $"the converted template does not render: {e}"));
            if (render.Version is null)
            {
                continue;
            }

            foreach (var (path, output) in render.Version.Files)
            {
                string expected;
                try
                {
                    expected = pryv.Apply(Encoding.UTF8.GetString(files[path]));
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.Text.RegularExpressions.RegexMatchTimeoutException)
                {
                    result.Problems.Add($"data/{role}/{path}: {ex.Message}");
                    continue;
                }

                var actual = Encoding.UTF8.GetString(output);
                if (expected != actual)
                {
                    var line = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count(p => p.First == '\n') + 1;
                    result.Problems.Add($"data/{role}/{path}:{line}: renders differently from Pryv's leader");
                }
            }
        }
    }
}
