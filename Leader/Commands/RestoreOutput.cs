namespace PryvBus.Leader.Commands;

/// <summary><c>restore --json</c>: what was written back.</summary>
internal sealed record RestoreOutput(string File, int Roles, int Versions, int Secrets, string Users, string Created, string Prefix, int KeysWritten);
