using PryvBus.Leader.Commands;

return await LeaderCommandLine.RunAsync(args, Console.Out, Console.Error);
