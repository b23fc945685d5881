namespace PryvBus.Leader.Commands;

/// <summary><c>describe --json</c>: every platform value, every secret, the template errors.</summary>
internal sealed record DescribeAnswer(DescribedValue[] Values, DescribedSecret[] Secrets, string[] Errors);
