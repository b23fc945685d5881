namespace PryvBus.Leader.Watching;

/// <summary>What <see cref="TreeNotify"/> saw happen to a path.</summary>
public enum TreeChange
{
    /// <summary>A file was created, removed or renamed (or a folder, which is then watched too).</summary>
    Changed,

    /// <summary>A file's content was written: it may still be open for writing, half-written.</summary>
    Written,

    /// <summary>A file open for writing was closed: what was written is complete.</summary>
    Closed,
}
