namespace PryvBus.Leader.Commands;

/// <summary><c>restore --json</c>: what was written back, and how many accounts got a new session stamp (their console sessions ended).</summary>
internal sealed record RestoreOutput(string File, int Roles, int Versions, int Secrets, string Users, int SessionStampsRenewed, string Created, string Prefix, int KeysWritten);
