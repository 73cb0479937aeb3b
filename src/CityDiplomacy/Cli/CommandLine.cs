namespace CityDiplomacy.Cli;

/// <summary>An option a verb accepts. <see cref="ValueName"/> is null for a flag.</summary>
public sealed record CliOption(string Name, string? ValueName, string Help, bool Repeatable = false);

/// <summary>A verb of the executable: its words (« reference load »), options and handler.</summary>
/// <param name="ConfigurationRoots">
/// Configuration sections the verb also accepts as « --Section:Key=value » (the generic host's command-line syntax,
/// also what test hosts pass); any other unknown option is an error.
/// </param>
/// <param name="Positional">The option that one bare argument stands for (« evidence import --kind vdem FILE »).</param>
public sealed record CliVerb(string Name, string Summary, IReadOnlyList<CliOption> Options, Func<CliInvocation, Task<int>> Run,
    IReadOnlyList<string>? ConfigurationRoots = null, string? Positional = null)
{
    public bool AcceptsConfiguration(string name) =>
        ConfigurationRoots is not null
        && ConfigurationRoots.Contains(name[2..].Split(':')[0], StringComparer.OrdinalIgnoreCase);
}

/// <summary>A parsed command line.</summary>
public sealed class CliInvocation(CliVerb verb, IReadOnlyDictionary<string, List<string>> values, TextWriter output, TextWriter error,
    TextReader? input = null)
{
    public CliVerb Verb { get; } = verb;
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    /// <summary>Standard input (a password given with « --password-stdin »…).</summary>
    public TextReader Input => input ?? Console.In;

    public const string ConfigurationArguments = "configuration";

    public string? Value(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;
    public IReadOnlyList<string> Values(string name) => values.TryGetValue(name, out var v) ? v : [];
    public bool Flag(string name) => values.ContainsKey(name);

    /// <summary>The options as configuration keys, so that the command line overrides settings and environment.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ConfigurationOverrides()
    {
        if (Value("--data-dir") is { } dataDir) yield return new("DataDir", dataDir);
        if (Value("--database") is { } provider) yield return new("Database:Provider", provider);
        if (Value("--connection-string") is { } connection) yield return new("ConnectionStrings:Default", connection);
        if (Value("--urls") is { } urls) yield return new("urls", urls);
    }
}

/// <summary>A command line that cannot be run: one line for the user, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>Parses « VERB [--option value] [--flag] »; the default verb applies when the first word is an option or absent.</summary>
public static class CommandLine
{
    public static (CliVerb? Verb, Dictionary<string, List<string>> Values) Parse(
        IReadOnlyList<CliVerb> verbs, string defaultVerb, string[] args)
    {
        var (verb, consumed) = MatchVerb(verbs, args);
        if (verb is null)
        {
            if (args.Length > 0 && !args[0].StartsWith('-'))
                throw new CliUsageException($"verbe inconnu « {args[0]} » (voir --help pour la liste des verbes)");
            if (args.Length > 0 && args[0] is "--help" or "-h" or "-?" && args.Length == 1)
                return (null, []);
            verb = verbs.First(v => v.Name == defaultVerb);
            consumed = 0;
        }

        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = consumed; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?") { values["--help"] = []; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal) && verb.Positional is { } positional && !values.ContainsKey(positional))
            {
                values[positional] = [arg];
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new CliUsageException($"{verb.Name} : argument inattendu « {arg} » (voir {verb.Name} --help)");
            string name = arg;
            string? inline = null;
            var equals = arg.IndexOf('=');
            if (equals > 0) { name = arg[..equals]; inline = arg[(equals + 1)..]; }
            if (inline is not null && verb.Options.All(o => o.Name != name) && verb.AcceptsConfiguration(name))
            {
                if (!values.TryGetValue(CliInvocation.ConfigurationArguments, out var configuration))
                    values[CliInvocation.ConfigurationArguments] = configuration = [];
                configuration.Add(arg);
                continue;
            }
            var option = verb.Options.FirstOrDefault(o => o.Name == name)
                ?? throw new CliUsageException($"{verb.Name} : option inconnue « {name} » (voir {verb.Name} --help)");
            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            else if (!option.Repeatable)
                throw new CliUsageException($"{verb.Name} : option « {name} » donnée deux fois");
            if (option.ValueName is null)
            {
                if (inline is not null) throw new CliUsageException($"{verb.Name} : l'option « {name} » ne prend pas de valeur");
                continue;
            }
            var value = inline ?? (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (string.IsNullOrEmpty(value))
                throw new CliUsageException($"{verb.Name} : l'option « {name} » attend une valeur {option.ValueName}");
            list.Add(value);
        }
        return (verb, values);
    }

    private static (CliVerb? Verb, int Consumed) MatchVerb(IReadOnlyList<CliVerb> verbs, string[] args)
    {
        foreach (var verb in verbs.OrderByDescending(v => v.Name.Count(c => c == ' ')))
        {
            var words = verb.Name.Split(' ');
            if (args.Length >= words.Length && words.Select((w, i) => args[i] == w).All(x => x))
                return (verb, words.Length);
        }
        // « reference » alone: a group whose sub-verb is missing or wrong.
        if (args.Length > 0 && verbs.Any(v => v.Name.StartsWith(args[0] + " ", StringComparison.Ordinal)))
        {
            var group = args[0];
            var known = string.Join(", ", verbs.Where(v => v.Name.StartsWith(group + " ", StringComparison.Ordinal)).Select(v => v.Name));
            throw new CliUsageException(args.Length > 1 && !args[1].StartsWith('-')
                ? $"verbe inconnu « {group} {args[1]} » (verbes : {known})"
                : $"« {group} » demande un verbe : {known}");
        }
        return (null, 0);
    }

    public static void WriteHelp(TextWriter output, IReadOnlyList<CliVerb> verbs, string defaultVerb)
    {
        output.WriteLine("CityDiplomacy — diplomatie des villes : l'action internationale des communes françaises.");
        output.WriteLine();
        output.WriteLine("Usage : CityDiplomacy [VERBE] [options]   (sans verbe : " + defaultVerb + ")");
        output.WriteLine();
        output.WriteLine("Verbes :");
        var width = verbs.Max(v => v.Name.Length) + 2;
        foreach (var verb in verbs) output.WriteLine($"  {verb.Name.PadRight(width)}{verb.Summary}");
        output.WriteLine();
        output.WriteLine("VERBE --help décrit les options d'un verbe.");
    }

    public static void WriteHelp(TextWriter output, CliVerb verb)
    {
        output.WriteLine($"{verb.Name} — {verb.Summary}");
        output.WriteLine();
        output.WriteLine($"Usage : CityDiplomacy {verb.Name} [options]");
        output.WriteLine();
        output.WriteLine("Options :");
        var labels = verb.Options.Select(o => o.ValueName is null ? o.Name : $"{o.Name} {o.ValueName}").ToList();
        var width = labels.Max(l => l.Length) + 2;
        for (var i = 0; i < verb.Options.Count; i++) output.WriteLine($"  {labels[i].PadRight(width)}{verb.Options[i].Help}");
        output.WriteLine($"  {"--help".PadRight(width)}Affiche cette aide.");
        if (verb.ConfigurationRoots is { Count: > 0 } roots)
            output.WriteLine($"  --Section:Clé=valeur   Règle un paramètre de configuration ({string.Join(", ", roots)}).");
    }
}
