using Docker.DotNet;
using Docker.DotNet.Models;
using PryvBus.Follower.Compose;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Checking;

/// <summary>
/// Chooses the image a component's check runs in: the image the version's <c>pryv.yml</c> names for the component's
/// service when it names one (the component runs that image once the version is applied: the compose step recreates
/// it), else the image of its running container. An image named by <c>pryv.yml</c> must be on this machine; it is
/// pulled first only when <c>containers.composePull</c> allows it (with the compose tool, as the compose step would).
/// </summary>
internal sealed class CheckImages(IDockerClient client, ContainerSettings settings)
{
    /// <returns>The image, or the reason the check cannot run (the version is then refused).</returns>
    public async Task<(CheckImage? Image, string? Problem)> ChooseAsync(
        string component, ServiceDefinition? service, ContainerInspectResponse? running, ComposePull? pull, CancellationToken ct)
    {
        if (service?.Image is { } wanted && !wanted.Contains('$', StringComparison.Ordinal))
        {
            var found = await InspectAsync(wanted, ct);
            var pulled = string.Empty;
            if (found is null && settings.ComposePull && pull is not null)
            {
                pulled = $" (pull: {(await pull.RunAsync(component, ct)).Describe()})";
                found = await InspectAsync(wanted, ct);
            }

            if (found is null)
            {
                var why = settings.ComposePull ? pulled : " and containers.composePull is off";
                return (null, $"the version's pryv.yml runs service {component} on image {wanted}, which is not on this machine{why}: the check cannot run in it");
            }

            return (await OnNewImageAsync(wanted, found.ID, running, component, ct), null);
        }

        if (running is not null)
        {
            return (new CheckImage(running.Image, running.Config?.Env ?? [], running.Config?.User ?? string.Empty, running.Config?.WorkingDir ?? string.Empty, $"container {Name(running)}"), null);
        }

        return (null, service is null
            ? $"no container of {component} on this machine, and no service {component} in the version's pryv.yml: the check has no image to run in"
            : $"no container of {component} on this machine, and service {component} of the version's pryv.yml names no image this follower can resolve ({service.Image ?? "none"}): the check has no image to run in");
    }

    /// <summary>
    /// The new image with the settings compose gave the running container (its environment, user and folder, less its
    /// old image's defaults, so that the new image's own defaults, PATH included, apply).
    /// </summary>
    private async Task<CheckImage> OnNewImageAsync(string image, string imageId, ContainerInspectResponse? running, string component, CancellationToken ct)
    {
        if (running is null)
        {
            return new CheckImage(image, [], string.Empty, string.Empty, $"service {component} of the version's pryv.yml");
        }

        var origin = $"image {image} of the version's pryv.yml, settings of container {Name(running)}";
        var env = running.Config?.Env ?? [];
        var user = running.Config?.User ?? string.Empty;
        var folder = running.Config?.WorkingDir ?? string.Empty;
        if (running.Image == imageId)
        {
            return new CheckImage(image, env, user, folder, origin);
        }

        var old = (await InspectAsync(running.Image, ct))?.Config;
        var defaults = old?.Env ?? [];
        return new CheckImage(
            image,
            env.Where(e => !defaults.Contains(e)).ToList(),
            user == old?.User ? string.Empty : user,
            folder == old?.WorkingDir ? string.Empty : folder,
            origin);
    }

    private async Task<ImageInspectResponse?> InspectAsync(string image, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.RequestTimeout);
        try
        {
            return await client.Images.InspectImageAsync(image, timeout.Token);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    private static string Name(ContainerInspectResponse running) => running.Name?.TrimStart('/') is { Length: > 0 } name ? name : running.ID[..Math.Min(12, running.ID.Length)];
}
