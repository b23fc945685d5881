namespace PryvBus.Shared.Events;

/// <summary>Either an event or the reason the message is not one.</summary>
public sealed record EventParseResult(BusEvent? Event, string? Error)
{
    public bool IsValid => Event is not null;

    public static EventParseResult Ok(BusEvent busEvent) => new(busEvent, null);

    public static EventParseResult Invalid(string error) => new(null, error);
}
