namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The real leader process driven as an operator drives it: SIGHUP → the follower's file (ms), the values API's PUT →
/// the follower's file, and the PUT's answer (the render and store done: the answer lists the stored serials); and the
/// <c>GET</c> of the value before each PUT (its ETag, its usage) → its answer.
/// </summary>
internal sealed record OperatorActionResult(
    IReadOnlyList<double> Hangup, IReadOnlyList<double> Put, IReadOnlyList<double> PutAnswered, IReadOnlyList<double> Listing, string Ran);
