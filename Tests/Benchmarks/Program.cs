using PryvBus.Benchmarks;
using PryvBus.Benchmarks.EndToEnd;

// Usage: pryvbus-bench [all|e2e|leader|micro|start|large|templates|client|operator] [--quick] [--changes N] [--starts N] [--fleets 1,10] [--agents-per-process N] [--micro-filter Apply]
//        pryvbus-bench agents CONFIG...      (a follower host the end-to-end run spawns)
//        pryvbus-bench client-agent MODE HOST:PORT PREFIX FOLDER   (the client-cost row's stand-in follower)
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
return mode switch
{
    "agents" => await AgentHost.RunAsync(args[1..]),
    "client-agent" => await ClientCostAgent.RunAsync(args[1..]),
    "all" or "e2e" or "leader" or "micro" or "start" or "large" or "templates" or "client" or "operator" => await BenchRun.RunAsync(mode, BenchPlan.Parse(args), Console.Out),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: pryvbus-bench [all|e2e|leader|micro|start|large|templates|client|operator] [--quick] [--changes N] [--starts N] [--fleets 1,10] [--agents-per-process N] [--micro-filter Apply]");
    return 2;
}
