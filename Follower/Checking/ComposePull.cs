using PryvBus.Follower.Compose;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Checking;

/// <summary>
/// Pulls a service's image as the version's <c>pryv.yml</c> names it, before the file is applied: the compose tool on a
/// copy of the new file (mode 0600, under the follower's staging folder, removed after), with the config root as its
/// project folder so that relative paths resolve as they will once the file is live.
/// </summary>
internal sealed class ComposePull(ContainerSettings settings, string configRoot, string projectDirectory, byte[] composeFile, Func<string, string> mask)
{
    public async Task<ComposeRun> RunAsync(string service, CancellationToken ct)
    {
        var folder = StagedFiles.Folder(configRoot);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = Path.Combine(folder, $"pull-{Guid.NewGuid():N}.yml");
        try
        {
            using (var stream = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
                stream.Write(composeFile);
            }

            var tool = new ComposeTool(settings.ComposeCommand, settings.ComposeProject, file, settings.ComposeTimeout, mask);
            return await tool.RunAsync(["--project-directory", projectDirectory, "pull", service], ct);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
