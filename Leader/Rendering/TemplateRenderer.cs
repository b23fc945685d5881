using System.Globalization;
using System.Text;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Validation;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Paths;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Renders the template tree of one role. Every text file is a strict Scriban template (an unknown
/// variable or member is an error); binary files are copied as they are. All errors of the role are
/// collected, each located as <c>data/{role}/{path}:{line}:{column}</c>. A rendered <c>.json</c>, <c>.yml</c> or
/// <c>.yaml</c> file is parsed (<see cref="OutputCheck"/>) unless the settings opt it out: one that does not parse is an
/// error located in the rendered text (<c>{role}/{path}:{line}:{column}</c>) naming its template.
/// </summary>
/// <param name="time">The clock the template files' change times are compared with (<see cref="FileIdentity.IsSettled"/>).</param>
public sealed class TemplateRenderer(TimeProvider? time = null)
{
    private const int LoopLimit = 10_000;
    private const int RecursiveLimit = 64;
    private const int OutputLimit = 8 * 1024 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private readonly RenderCache _cache = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="settings">The settings in force.</param>
    /// <param name="role">The role.</param>
    /// <param name="secrets">Its secrets.</param>
    /// <param name="watch">The file watch over the template folder, whose stamp each listing keeps; null: none.</param>
    /// <param name="trustWatch">
    /// True for an operator's pass: a role's folder whose stamp did not move since its last listing is taken as listed
    /// then (each file's bytes still taken by their listed identity). False (a checking pass): every folder is walked.
    /// </param>
    /// <param name="ct">Ends the render (<see cref="OperationCanceledException"/>): the leader stops.</param>
    public RoleRender Render(
        LeaderSettings settings, string role, SecretResolver secrets, IWatchedTree? watch = null, bool trustWatch = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(secrets);
        if (!RedisKeys.IsValidRole(role))
        {
            return NotARole(settings, role);
        }

        var roleDirectory = Path.Combine(settings.TemplatesPath, role);
        var displayRoot = Path.GetRelativePath(settings.DisplayRoot, roleDirectory).Replace('\\', '/');
        var run = new RenderRun(role, displayRoot, secrets, settings.Platform, settings.Validation, settings.Render, ct);

        if (!Directory.Exists(roleDirectory))
        {
            run.Errors.Add(new RenderError(displayRoot, 0, 0, "role folder does not exist"));
            return run.Finish();
        }

        var realRoot = NativeFiles.RealPath(roleDirectory);
        var realTemplates = NativeFiles.RealPath(settings.TemplatesPath);
        if (realRoot is null || realTemplates is null || !TemplateTree.IsUnder(realRoot, realTemplates))
        {
            run.Errors.Add(new RenderError(displayRoot, 0, 0, "the role's folder is a link leading out of the template folder"));
            return run.Finish();
        }

        RoleFolder folder;
        try
        {
            folder = RoleFolder.Open(realRoot);
        }
        catch (IOException ex)
        {
            run.Errors.Add(new RenderError(displayRoot, 0, 0, ex.Message));
            return run.Finish();
        }

        using (folder)
        {
            var previous = _cache.Get(realRoot);
            run.Previous = previous?.Files;
            run.PreviousTemplates = previous?.Templates;
            run.ExpectFiles(previous?.Files.Count ?? 0);

            // Taken before the listing: a change made while the folder is walked moves the next stamp. The role's folder must
            // be the template folder's child on its mount: a file system mounted there (NFS…) changes without its events.
            var stamp = watch is not null && realRoot == realTemplates + "/" + role && folder.Identity is { } roleId
                && NativeFiles.IdentityOf(realTemplates) is { } templatesId && roleId.SameMount(templatesId)
                ? watch.Stamp(realTemplates, role) : null;
            var inode = folder.Identity is { } id ? (id.Device, id.Inode) : ((ulong, ulong)?)null;
            var vouched = trustWatch && stamp is not null && previous is { } last && last.Stamp == stamp && last.Folder == inode;
            var now = _time.GetUtcNow();
            var inputs = vouched ? previous!.Inputs : TemplateTree.Scan(
                folder, previous?.Folders, run.Folders, now, previous?.Templates is { } known ? known.ContainsKey : null);
            RenderInputs(run, folder, inputs, now);
            _cache.Set(realRoot, new RoleCache(
                run.Rendered, run.Templates, vouched ? previous!.Folders : run.Folders, inputs, inputs.Any(i => i.IsLink) ? null : stamp, inode));
        }

        return run.Finish();
    }

    /// <param name="run">The role's render.</param>
    /// <param name="folder">The role's folder.</param>
    /// <param name="inputs">Its inputs (<see cref="TemplateTree.Scan(RoleFolder, FolderStamps?, FolderStamps?, DateTimeOffset, Func{string, bool}?)"/>; a template read before under a path skipped the path rule there).</param>
    /// <param name="now">The time the files' change times are compared with.</param>
    private static void RenderInputs(RenderRun run, RoleFolder folder, IReadOnlyList<TemplateEntry> inputs, DateTimeOffset now)
    {
        var displayRoot = run.DisplayRoot;
        if (inputs.Count == 0)
        {
            run.Errors.Add(new RenderError(displayRoot, 0, 0, "role has no files"));
        }

        foreach (var input in inputs)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            if (input.Problem is not null)
            {
                run.Errors.Add(new RenderError($"{displayRoot}/{ConfigPath.Printable(input.RelativePath)}", 0, 0, input.Problem));
                continue;
            }

            if (input.TargetRelativePath is { } target && TemplateFiles.IsSecretPath(target))
            {
                run.SecretFiles.Add(input.RelativePath);
            }

            RenderFile(run, input, folder, now);
        }
    }

    /// <summary>
    /// A folder under the template root whose name is not a role name (<c>core.bak</c>, <c>Web Stuff</c>): reported as a
    /// failed render naming the folder, so the other roles go on.
    /// </summary>
    public static RoleRender NotARole(LeaderSettings settings, string folder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(folder);
        var display = Path.GetRelativePath(settings.DisplayRoot, settings.TemplatesPath).Replace('\\', '/') + "/" + ConfigPath.Printable(folder);
        var error = new RenderError(display, 0, 0, LeaderSettings.NotARoleMessage);
        return new RoleRender(ConfigPath.Printable(folder), null, [error], new Dictionary<string, IReadOnlyCollection<string>>(), new Dictionary<string, IReadOnlyCollection<string>>());
    }

    private static void RenderFile(RenderRun run, TemplateEntry input, RoleFolder folder, DateTimeOffset now)
    {
        var relative = input.RelativePath;
        var display = run.DisplayOf(relative);
        if (Read(run, input, folder, now, display) is not { } bytes)
        {
            return;
        }

        if (TemplateFiles.IsSecretPath(relative))
        {
            run.SecretFiles.Add(relative);
        }

        if (bytes.Length > TemplateFiles.MaxTemplateBytes || TemplateFiles.IsBinary(bytes))
        {
            run.Files[relative] = bytes;
            return;
        }

        var check = run.Validation.Checks(run.Role, relative);
        if (run.Reuse(relative, bytes, check) is { } reused)
        {
            run.Files[relative] = reused;
            return;
        }

        var hasBom = bytes.AsSpan().StartsWith(Bom);
        var template = run.ParsedBefore(relative, bytes) ?? Template.Parse(Utf8.GetString(hasBom ? bytes.AsSpan(Bom.Length) : bytes), display);
        if (template.HasErrors)
        {
            foreach (var message in template.Messages.Where(m => m.Type == ParserMessageType.Error))
            {
                run.Errors.Add(At(display, message.Span, message.Message));
            }

            return;
        }

        // The file's deadline: Scriban checks the token at each statement, and a loop step or function call is one.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation);
        deadline.CancelAfter(run.Limits.Timeout);
        try
        {
            var reads = new FileReads();
            var output = template.Render(NewContext(run, relative, reads, deadline.Token));
            var rendered = Utf8.GetBytes(output);
            if (check && OutputCheck.Check(relative, output, rendered, run.Mask) is { } problem)
            {
                run.Errors.Add(new RenderError($"{run.Role}/{relative}", problem.Line, problem.Column, "rendered file: " + problem.Message) { Template = display });
                return;
            }

            byte[] file = hasBom ? [.. Bom, .. rendered] : rendered;
            run.Files[relative] = file;
            run.Remember(relative, bytes, template, check, reads, file);
        }
        catch (ScriptRuntimeException) when (run.Cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(run.Cancellation);
        }
        catch (ScriptRuntimeException ex) when (ex is ScriptAbortException || deadline.IsCancellationRequested)
        {
            // Also when a builtin that evaluates text (object.eval) reports the abort as an error of its own.
            run.Errors.Add(At(display, ex.Span, run.Limits.TimeoutProblem));
        }
        catch (ScriptRuntimeException ex)
        {
            run.Errors.Add(At(display, ex.Span, ex.OriginalMessage));
        }
    }

    /// <summary>
    /// The template's bytes: the ones read last time when the listing found the same settled file at its name (same
    /// inode, size, modification and change times: nothing wrote, renamed, linked or replaced it since), otherwise read
    /// from the role folder's descriptor (<see cref="TemplateFileReader"/>). Null when it cannot be read (reported).
    /// </summary>
    private static byte[]? Read(RenderRun run, TemplateEntry input, RoleFolder folder, DateTimeOffset now, string display)
    {
        var relative = input.RelativePath;
        if (input.Identity is { } listed && run.PreviousTemplates?.GetValueOrDefault(relative) is { } known && known.Stamp == listed)
        {
            run.Templates[relative] = known;
            return known.Bytes;
        }

        try
        {
            var bytes = TemplateFileReader.Read(folder, input.FullPath, out var opened);
            if (input.Identity is not null && opened.IsSettled(now) && bytes.Length <= TemplateFiles.MaxTemplateBytes)
            {
                run.Templates[relative] = new CachedTemplate(opened, bytes);
            }

            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            run.Errors.Add(new RenderError(display, 0, 0, "cannot read: " + ex.Message));
            return null;
        }
    }

    /// <summary>One context per file render: strict, limited (<paramref name="deadline"/>, <see cref="RenderLimits"/>), plain data only.</summary>
    private static TemplateContext NewContext(RenderRun run, string relative, FileReads reads, CancellationToken deadline)
    {
        var globals = new TrackingGlobals((name, found) =>
        {
            reads.Name(name);
            if (found)
            {
                run.ReadValue(name, relative);
            }
        });
        globals.Import(run.NewPlatform());
        // Functions of our own (no reflection: the leader is published with Native AOT, and a delegate's wrapper reflects
        // over it for each file), read-only as Import made them; the call's location is passed as Import passed it.
        globals.SetValue("secret", new TemplateFunction<string>("name", (span, name) =>
            run.Secret(name ?? throw new ScriptRuntimeException(span, "secret needs a name (letters, digits and '_'), not null"), relative, span, reads)), readOnly: true);
        globals.SetValue("json", new TemplateFunction<object?>("value", Json), readOnly: true);

        var context = new TrackingContext(BuiltinGaps.Shared, () =>
        {
            if (reads.WholeGlobals())
            {
                run.ReadEveryValue(relative);
            }
        }, run.Limits)
        {
            CancellationToken = deadline,
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            LoopLimit = LoopLimit,
            RecursiveLimit = RecursiveLimit,
            ObjectRecursionLimit = RecursiveLimit,
            LimitToString = OutputLimit,
            OutputLimit = OutputLimit,
            OnOutputLimit = Scriban.ScriptLimitBehavior.Throw,
            RegexTimeOut = TimeSpan.FromSeconds(1),
            MemberRenamer = member => member.Name,
            TemplateLoader = null,
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        context.PushGlobal(globals);
        return context;
    }

    private static string Json(SourceSpan span, object? value)
    {
        try
        {
            return JsonStringify.Stringify(value);
        }
        catch (InvalidOperationException ex)
        {
            throw new ScriptRuntimeException(span, ex.Message);
        }
    }

    private static RenderError At(string display, SourceSpan span, string message) =>
        new(display, span.Start.Line + 1, span.Start.Column + 1, message);
}
