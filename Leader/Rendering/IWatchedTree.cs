namespace PryvBus.Leader.Rendering;

/// <summary>
/// A file watch over the template folder, as a render asks it whether a role's folder may have changed: an operator's
/// pass takes a role's folder whose stamp did not move since its last listing as listed then, without walking it again
/// (<see cref="TemplateRenderer"/>).
/// </summary>
public interface IWatchedTree
{
    /// <summary>
    /// A number that moves whenever anything in the role's folder may have changed, every change made before the call
    /// counted (the watch's queued events are taken first); null when the watch cannot vouch for it: another template
    /// folder than the one watched, its folder moved, removed or replaced, a folder it could not watch, a stopped watch.
    /// </summary>
    /// <param name="realTemplates">The template folder's real path.</param>
    /// <param name="role">The role, whose folder is the template folder's child of that name.</param>
    long? Stamp(string realTemplates, string role);
}
