namespace PryvBus.Leader.Rendering;

/// <summary>One scan of a role's folder: its open descriptor, what it is (device, mount) and its real path.</summary>
internal readonly record struct Scan(int Root, FileIdentity? Identity, string RealRoot);
