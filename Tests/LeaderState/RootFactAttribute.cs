namespace PryvBus.Tests.LeaderState;

/// <summary>A test that needs root (it gives files to another uid, as an operator's host does): skipped otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root: it runs a command against a state folder owned by another uid";
        }
    }
}
