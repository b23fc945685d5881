using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>Reads the optional <c>render</c> section: <c>{ "timeoutSeconds": 10, "allocationMiB": 1024 }</c>.</summary>
internal static class RenderReader
{
    public static RenderLimits Read(SettingsSection root)
    {
        if (root.Section("render", "{ \"timeoutSeconds\": 10, \"allocationMiB\": 1024 }") is not { } render)
        {
            return RenderLimits.Default;
        }

        var seconds = render.WholeNumber("timeoutSeconds", 1, 600) ?? RenderLimits.DefaultTimeoutSeconds;
        var mebibytes = render.WholeNumber("allocationMiB", 16, 65_536) ?? RenderLimits.DefaultAllocationMiB;
        return new RenderLimits(TimeSpan.FromSeconds(seconds), mebibytes * 1024L * 1024);
    }
}
