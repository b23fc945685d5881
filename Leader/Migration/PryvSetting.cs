namespace PryvBus.Leader.Migration;

/// <summary>One setting of Pryv's <c>platform.yml</c> (under <c>vars.GROUP.settings</c>), its value as plain data.</summary>
public sealed record PryvSetting(string Name, object? Value, string? Description, bool Optional, PryvGroup Group);

/// <summary>A group of Pryv's <c>platform.yml</c>: its key, display name and whether Pryv marks it optional.</summary>
public sealed record PryvGroup(string Key, string? Name, string? Description, bool Optional);
