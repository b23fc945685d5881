namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The real leader process with its file watch on: edit → the follower's file (ms) for settings edits and template edits,
/// and its footprint left idle afterwards.
/// </summary>
internal sealed record LeaderProcessResult(IReadOnlyList<double> SettingsEdit, IReadOnlyList<double> TemplateEdit, IdleFootprint Idle, string Ran);
