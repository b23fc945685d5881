namespace PryvBus.Leader.Accounts;

/// <summary>
/// What an operator may do. Ordered: each role may do everything the ones before it may.
/// Viewer reads everything but secret values; editor changes platform values and dry-runs; releaser renders, rolls
/// back, pins, reloads and drives rollouts; admin manages accounts and rotates secrets.
/// </summary>
public enum OperatorRole
{
    Viewer = 0,
    Editor = 1,
    Releaser = 2,
    Admin = 3,
}
