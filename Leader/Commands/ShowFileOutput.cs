namespace PryvBus.Leader.Commands;

/// <summary><c>show ROLE SERIAL PATH --json</c> (content masked unless revealed).</summary>
internal sealed record ShowFileOutput(string Role, long Serial, string Path, bool Secret, bool Binary, bool Masked, string Content);
