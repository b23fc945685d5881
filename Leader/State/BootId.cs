namespace PryvBus.Leader.State;

/// <summary>
/// The kernel's id of the running boot (<c>/proc/sys/kernel/random/boot_id</c>): a file written without fsync survives
/// the death of its writer but maybe not a reboot, so a record names the boot it was written in. Null when unreadable
/// (then no record is taken to be of this boot).
/// </summary>
internal static class BootId
{
    private static readonly Lazy<string?> Value = new(Read);

    public static string? Current => Value.Value;

    private static string? Read()
    {
        try
        {
            var id = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            return id.Length is > 0 and <= 64 ? id : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
