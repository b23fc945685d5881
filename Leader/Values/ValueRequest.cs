using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>A change of one platform value: its new value (any JSON), why, whether to only preview it, and the ETag it is based on (null: the file as read now).</summary>
public sealed record ValueRequest(string Name, JsonElement Value, string Reason, bool DryRun = false, string? IfMatch = null);
