namespace PryvBus.Follower.Checking;

/// <summary>Why a version's staged files were refused: the component whose check failed, and what it said (bounded).</summary>
public sealed record CheckFailure(string Component, string Problem)
{
    public override string ToString() => $"check of {Component} failed: {Problem}";
}
