using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using PryvBus.Leader.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// The leader's verbs as System.CommandLine commands: one <see cref="Command"/> per verb with its own options (an option
/// of another verb is an error naming the verb), positional words checked for count, generated help and completion.
/// Each action hands the verb's <see cref="CommandArgs"/> to the command class and returns its exit code.
/// </summary>
internal static class LeaderVerbs
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "config-leader.json (else $PRYVBUS_LEADER_CONFIG, else $PRYV_CONF_ROOT/config-leader/conf/config-leader.json)",
        HelpName = "PATH",
        Recursive = true,
    };

    public delegate Task<int> RedisVerb(LeaderSettings settings, ConnectionMultiplexer redis, CommandArgs args, TextWriter output);

    public static RootCommand Build(TextWriter output, Func<string, Task<int>> runService, Func<LeaderSettings, Task<ConnectionMultiplexer>> connect)
    {
        var root = new RootCommand("PryvBus leader: renders each role's configuration, stores versions in Redis, publishes them.") { Config };
        var run = new Command("run", "run the leader service (the default with no verb)");
        run.SetAction((result, _) => runService(ConfigPath(result)));
        root.SetAction((result, _) => runService(ConfigPath(result)));
        root.Subcommands.Add(run);

        Redis(root, "render", "render every role (or --role) now, store what changed and publish it", RenderCommand.RunAsync, 0, null,
            Flag("--dry-run", "show which files would change, as a diff with secrets masked; store nothing"), Roles(), Text("--reason", "TEXT", "why (one line, checked as set checks it), kept in the version's meta and the audit trail"));
        Redis(root, "set", "change a platform value in config-leader.json (comments kept, checked, written atomically), then render", SetCommand.RunAsync, 2, "NAME VALUE",
            Text("--reason", "TEXT", "why (required), kept in the versions and the audit trail"), Flag("--dry-run", "show the diff per role, secrets masked; write nothing"),
            Flag("--json-value", "VALUE must be JSON (else a VALUE that is not JSON is taken as a string)"));
        Local(root, "describe", "platform values, descriptions, where used", (path, args) => DescribeCommand.RunAsync(SettingsLoader.Load(path), args, output), 0, null);
        Redis(root, "status", "followers vs current serials (exit 0 = converged)", StatusCommand.RunAsync, 0, null,
            Flag("--watch", "wait until every follower runs the current serial"), Timeout());
        Redis(root, "reload", "publish a reload event", ReloadCommand.RunAsync, int.MaxValue, "ROLE|'*' [COMPONENT...]");
        Redis(root, "history", "the retained versions of a role, newest first", HistoryCommand.RunAsync, 1, "ROLE");
        Redis(root, "show", "a stored version, or one of its files", ShowCommand.RunAsync, 3, "ROLE [SERIAL] [PATH]", Reveal());
        Redis(root, "diff", "what changed between two serials of a role", DiffCommand.RunAsync, 3, "ROLE A B", Reveal());
        Redis(root, "rollback", "old content as a new serial, pinned", RollbackCommand.RunAsync, 2, "ROLE SERIAL");
        Redis(root, "unpin", "let the templates take over again", RollbackCommand.RunAsync, 1, "ROLE");
        var secrets = new Command("secrets", "the platform's generated secrets (names and hashes, never values)");
        root.Subcommands.Add(secrets);
        Redis(secrets, "list", "names, scopes, hashes and where used", SecretsCommand.RunAsync, 0, null);
        Redis(secrets, "rotate", "a new value for a secret, then render", SecretsCommand.RunAsync, 1, "NAME", Text("--role", "ROLE", "only this role's value (role-scoped secrets)"));
        Redis(secrets, "set", "store a value you already have for a declared secret, read from standard input or --from-file", (s, r, a, o) => SecretsSetCommand.RunAsync(s, r, a, o, Console.IsInputRedirected ? Console.In : null), 1, "NAME",
            Text("--role", "ROLE", "only this role's value (role-scoped secrets)"), Text("--from-file", "FILE", "read the value from this file (one final line break dropped)"));
        var rollout = new Command("rollout", "waves of a role under a rollout policy");
        root.Subcommands.Add(rollout);
        Redis(rollout, "status", "waves, who runs what, health, soak time left", RolloutCommand.RunAsync, 1, "ROLE");
        Redis(rollout, "pause", "admit no next wave until resume", RolloutCommand.RunAsync, 1, "ROLE");
        Redis(rollout, "resume", "a paused or halted rollout goes on", RolloutCommand.RunAsync, 1, "ROLE");
        Redis(rollout, "abort", "stop the rollout where it is", RolloutCommand.RunAsync, 1, "ROLE");
        Redis(rollout, "promote", "admit every follower now", RolloutCommand.RunAsync, 1, "ROLE");
        Local(root, "import", "old per-machine config → data/{role}/ templates", (path, args) => ImportCommand.RunAsync(SettingsLoader.Load(path), args, output), 1, "OLD_ROOT",
            Roles(), Flag("--force", "overwrite existing templates"), Many("--prefer", "NAME", "the name that wins a value several names share (repeat for more)"),
            Many("--exclude", "NAME|GLOB", "a platform value not to look for, or old files not to import (OLD_ROOT-relative glob; repeat for more)"),
            Many("--replace", "NAME", "template this held-back value anyway (a common word, version, number or boolean; repeat for more)"),
            Flag("--replace-common", "template every held-back value"));
        Local(root, "import-pryv-leader", "Pryv's config leader (platform.yml, config-leader.json, data/) → a new PryvBus leader tree", (_, args) => ImportPryvLeaderCommand.RunAsync(args, output), 2, "PRYV_LEADER_DIR NEW_ROOT",
            Text("--redis", "CONFIGURATION", $"the Redis configuration string written in the new settings (default {ImportPryvLeaderCommand.DefaultRedis})"));
        Local(root, "import-data", "move old data/log/backup folders", (_, args) => ImportDataCommand.RunAsync(args, output), 2, "OLD_ROOT NEW_ROOT",
            Text("--role", "ROLE", "the role whose folders to move"), Flag("--dry-run", "say what would move; move nothing"));
        Local(root, "health", "ask the running leader's GET /health (exit 0 = healthy)",
            (path, args) => HealthCommand.RunAsync(SettingsLoader.Load(path), output, json: args.Has("--json")), 0, null);
        Redis(root, "backup", "everything PryvBus keeps, sealed, into one file (mode 0600)", BackupCommand.RunAsync, 1, "FILE", Flag("--force", "replace an existing file"));
        Redis(root, "restore", "a backup back into an empty store", RestoreCommand.RunAsync, 1, "FILE", Flag("--force", "replace a store that is not empty"),
            Flag("--replace-users", "put the backup's users file in place of the folder's: its accounts, passwords and tokens as they were then (operators added since are gone, removed ones back)"));
        Accounts(root, Redis);
        var audit = Redis(root, "audit", "the audit trail: who changed what, when and why (oldest first)", AuditCommand.RunAsync, 0, null,
            Text("--actor", "NAME", "only this actor"), Text("--role", "ROLE", "only this role acted on, or this operator role"),
            Text("--action", "ACTION", "only this action (e.g. render, value.set, users)"), Text("--since", "TIME", "from this time (ISO 8601, or 30m, 2h, 7d ago)"),
            Text("--until", "TIME", "up to this time"));
        Redis(audit, "verify", "check the audit chain (exit 0 = intact)", AuditCommand.RunAsync, 0, null);
        return root;

        Command Redis(Command parent, string name, string description, RedisVerb verb, int words, string? wordsName, params Option[] options) =>
            Local(parent, name, description, async (path, args) =>
            {
                var settings = SettingsLoader.Load(path);
                await using var redis = await connect(settings);
                return await verb(settings, redis, args, output);
            }, words, wordsName, options);
    }

    /// <summary><c>users …</c> and <c>tokens …</c>: the operators of the users file (changes are audited, so Redis is used).</summary>
    private static void Accounts(RootCommand root, Func<Command, string, string, RedisVerb, int, string?, Option[], Command> redis)
    {
        var users = new Command("users", "named operators: roles, passwords, disabled flag (the users file)");
        root.Subcommands.Add(users);
        RedisVerb usersVerb = (s, r, a, o) => UsersCommand.RunAsync(s, CliAudit.For(s, r), a, o, Console.IsInputRedirected ? Console.In : null);
        redis(users, "add", "a new operator; the password is read from standard input or asked (never an argument)", usersVerb, 1, "NAME",
            [Text("--role", "ROLE", "viewer, editor, releaser or admin")]);
        redis(users, "list", "operators, roles, state, token counts", usersVerb, 0, null, []);
        redis(users, "role", "change an operator's role", usersVerb, 2, "NAME ROLE", []);
        redis(users, "passwd", "set an operator's password (standard input or asked)", usersVerb, 1, "NAME", []);
        redis(users, "disable", "refuse the operator's password and tokens at once", usersVerb, 1, "NAME", []);
        redis(users, "enable", "accept the operator again", usersVerb, 1, "NAME", []);
        redis(users, "remove", "delete the operator and its tokens", usersVerb, 1, "NAME", []);
        var tokens = new Command("tokens", "operators' API tokens (printed once at creation; only hashes are kept)");
        root.Subcommands.Add(tokens);
        RedisVerb tokensVerb = (s, r, a, o) => TokensCommand.RunAsync(s, CliAudit.For(s, r), a, o);
        redis(tokens, "create", "a new token for an operator, printed once", tokensVerb, 1, "NAME", [Text("--label", "LABEL", "what the token is for")]);
        redis(tokens, "list", "token ids, owners, labels (never a token)", tokensVerb, 1, "NAME", []);
        redis(tokens, "revoke", "refuse a token at once", tokensVerb, 1, "ID", []);
    }

    private static Command Local(Command parent, string name, string description, Func<string, CommandArgs, Task<int>> run, int words, string? wordsName, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(Flag("--json", "machine-readable output for scripts"));
        if (words > 0)
        {
            // The command classes check which words are missing (with their own messages); the parser checks how many.
            command.Arguments.Add(words == 1
                ? new Argument<string>(wordsName ?? "words") { Arity = ArgumentArity.ZeroOrOne }
                : new Argument<string[]>(wordsName ?? "words") { Arity = words == int.MaxValue ? ArgumentArity.ZeroOrMore : new ArgumentArity(0, words) });
        }

        command.SetAction((result, _) => run(ConfigPath(result), ArgsOf(result)));
        parent.Subcommands.Add(command);
        return command;
    }

    private static string ConfigPath(ParseResult result) => ConfigLocator.Resolve(result.GetValue(Config));

    /// <summary>The verb path and words, the flags set and the options given, as the command classes read them.</summary>
    private static CommandArgs ArgsOf(ParseResult result)
    {
        var path = UsageProblem.VerbOf(result).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var words = result.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value);
        var args = new CommandArgs(path.Concat(words));
        foreach (var option in result.CommandResult.Children.OfType<OptionResult>())
        {
            _ = option.Option is Option<bool> flag
                ? args.Flag(flag.Name, result.GetValue(flag))
                : args.With(option.Option.Name, option.Tokens.Select(t => t.Value));
        }

        return args;
    }

    private static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    private static Option<string> Text(string name, string helpName, string description) => new(name) { Description = description, HelpName = helpName };

    private static Option<string[]> Many(string name, string helpName, string description) => new(name) { Description = description, HelpName = helpName };

    private static Option<string[]> Roles() => new("--role") { Description = "only this role (repeat for more)", HelpName = "ROLE" };

    private static Option<bool> Reveal() => Flag("--reveal", "show secret values instead of masking them");

    private static Option<double> Timeout()
    {
        var timeout = new Option<double>("--timeout") { Description = "seconds --watch waits (default 60)", HelpName = "S" };
        timeout.Validators.Add(result =>
        {
            // A value that is not a number is already the parser's error; this checks the range of one that is.
            if (result.Tokens.Count == 1
                && double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds is not (> 0 and <= 86400))
            {
                result.AddError($"--timeout '{result.Tokens[0].Value}' must be a number of seconds above 0, at most 86400");
            }
        });
        return timeout;
    }
}
