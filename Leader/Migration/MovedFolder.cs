namespace PryvBus.Leader.Migration;

/// <summary>One data or log folder of the old layout and what happened to it (<c>moved</c>, <c>would move</c>, <c>kept: …</c>, <c>error: …</c>).</summary>
public sealed record MovedFolder(string Source, string Target, string Outcome)
{
    public bool Done => Outcome is "moved" or "would move";
}
