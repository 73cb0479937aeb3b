using CityDiplomacy.Accounts;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CityDiplomacy.Cli;

/// <summary>« users add|assign|token|tokens|revoke »: accounts and API tokens from the command line, audited as « cli ».</summary>
internal static class UsersVerbs
{
    private static readonly CliOption Email = new("--email", "E", "Adresse électronique du compte (son identifiant).");

    public static IEnumerable<CliVerb> All(IReadOnlyList<CliOption> common) =>
    [
        new("users add", "Crée un compte (administrator, officer, viewer ou monitor) et ses communes.",
            [Email,
             new("--password-stdin", null, $"Lit le mot de passe sur l'entrée standard (une ligne, {AccountsSetup.MinPasswordLength} caractères au moins ; il est haché, jamais conservé tel quel)."),
             new("--password-file", "FICHIER", "Lit le mot de passe dans un fichier (sa première ligne) lisible du seul administrateur."),
             new("--password", "P", "Mot de passe en argument : visible des autres utilisateurs de la machine (ps), pour les essais seulement."),
             new("--role", "administrator|officer|viewer|monitor", "Rôle du compte (monitor : bénévole droits humains, tient les preuves et les alertes)."),
             new("--commune", "INSEE", "Code INSEE d'une commune du compte (répétable).", Repeatable: true),
             new("--name", "NOM", "Nom affiché."),
             .. common],
            AddAsync),
        new("users assign", "Ajoute des communes à un compte existant.",
            [Email, new("--commune", "INSEE", "Code INSEE d'une commune à ajouter (répétable).", Repeatable: true), .. common],
            AssignAsync),
        new("users token", "Crée un jeton d'API personnel et l'affiche sur la dernière ligne (une seule fois).",
            [Email, new("--name", "NOM", "Nom du jeton, pour le reconnaître (défaut : « ligne de commande » et la date)."), .. common],
            TokenAsync),
        new("users tokens", "Liste les jetons d'API d'un compte (préfixe, nom, création, dernier usage, révocation).",
            [Email, .. common],
            TokensAsync),
        new("users revoke", "Révoque un jeton d'API d'un compte, désigné par son préfixe.",
            [Email, new("--prefix", "PRÉFIXE", $"Les {PersonalTokens.PrefixLength} premiers caractères du jeton, tels que « users tokens » les affiche."), .. common],
            RevokeAsync),
    ];

    public static async Task<int> AddAsync(CliInvocation invocation)
    {
        var email = Required(invocation, "--email");
        var password = await PasswordAsync(invocation);
        var role = Required(invocation, "--role").ToLowerInvariant();
        if (!Roles.All.Contains(role))
            throw new CliUsageException($"rôle « {role} » inconnu : {string.Join(", ", Roles.All)}");
        var name = invocation.Value("--name")?.Trim();

        await using var session = await Session.OpenAsync(invocation);
        var communes = await ValidCommunesAsync(session.Db, invocation.Values("--commune"));
        if (await session.Users.FindByEmailAsync(email) is not null)
            throw new CliUsageException($"un compte existe déjà pour {email} : « users assign » ajoute des communes, « users token » crée un jeton");

        var user = new User { UserName = email, Email = email, DisplayName = string.IsNullOrEmpty(name) ? null : name };
        foreach (var commune in communes) user.Communes.Add(new CommuneAssignment { UserId = user.Id, CommuneCode = commune.Code });
        using (AuditActor.Use("cli"))
        {
            await using var transaction = await session.Db.Database.BeginTransactionAsync();
            Check(await session.Users.CreateAsync(user, password));
            Check(await session.Users.AddToRoleAsync(user, role));
            await transaction.CommitAsync();
        }
        invocation.Output.WriteLine($"Compte créé : {email}, rôle {role}{Describe(communes)}.");
        return 0;
    }

    /// <summary>
    /// The password from standard input or a file; an argument is accepted for tests and warned about, since every
    /// user of the machine can read a process's arguments.
    /// </summary>
    private static async Task<string> PasswordAsync(CliInvocation invocation)
    {
        var given = new[] { "--password-stdin", "--password-file", "--password" }.Where(invocation.Flag).ToList();
        if (given.Count == 0)
            throw new CliUsageException("donnez le mot de passe par --password-stdin (entrée standard) ou --password-file FICHIER");
        if (given.Count > 1)
            throw new CliUsageException($"un seul moyen de donner le mot de passe : {string.Join(" ou ", given)}");
        switch (given[0])
        {
            case "--password-stdin":
                return await invocation.Input.ReadLineAsync()
                       ?? throw new CliUsageException("--password-stdin : l'entrée standard est vide");
            case "--password-file":
                var path = invocation.Value("--password-file")!;
                if (!File.Exists(path)) throw new CliUsageException($"--password-file : {path} n'existe pas");
                using (var reader = new StreamReader(path))
                    return await reader.ReadLineAsync() ?? throw new CliUsageException($"--password-file : {path} est vide");
            default:
                await invocation.Error.WriteLineAsync(
                    "CityDiplomacy users add : attention, --password est visible des autres utilisateurs de la machine (ps) et reste " +
                    "dans l'historique du shell ; préférez --password-stdin ou --password-file.");
                return invocation.Value("--password")!;
        }
    }

    public static async Task<int> AssignAsync(CliInvocation invocation)
    {
        var email = Required(invocation, "--email");
        if (invocation.Values("--commune").Count == 0) throw new CliUsageException("donnez au moins une --commune");
        await using var session = await Session.OpenAsync(invocation);
        var user = await session.FindAsync(email);
        var communes = await ValidCommunesAsync(session.Db, invocation.Values("--commune"));
        var existing = await session.Db.CommuneAssignments.Where(a => a.UserId == user.Id).Select(a => a.CommuneCode).ToListAsync();
        var added = communes.Where(c => !existing.Contains(c.Code)).ToList();
        using (AuditActor.Use("cli"))
        {
            session.Db.CommuneAssignments.AddRange(added.Select(c => new CommuneAssignment { UserId = user.Id, CommuneCode = c.Code }));
            await session.Db.SaveChangesAsync();
        }
        invocation.Output.WriteLine(added.Count == 0
            ? $"{email} a déjà {(communes.Count == 1 ? "cette commune" : "ces communes")} : rien n'a changé."
            : $"Communes ajoutées à {email} : {List(added)}.");
        return 0;
    }

    public static async Task<int> TokenAsync(CliInvocation invocation)
    {
        var email = Required(invocation, "--email");
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var name = invocation.Value("--name")?.Trim() is { Length: > 0 } given ? given : $"ligne de commande {now:yyyy-MM-dd}";
        if (name.Length > PersonalTokens.MaxNameLength)
            throw new CliUsageException($"--name : {PersonalTokens.MaxNameLength} caractères au plus");
        await using var session = await Session.OpenAsync(invocation);
        var user = await session.FindAsync(email);
        var (token, secret) = PersonalTokens.Create(user.Id, name, now);
        using (AuditActor.Use("cli"))
        {
            session.Db.ApiTokens.Add(token);
            await session.Db.SaveChangesAsync();
        }
        invocation.Output.WriteLine($"Jeton « {name} » créé pour {email} (préfixe {token.Prefix}). Copiez-le maintenant : il ne sera plus affiché.");
        invocation.Output.WriteLine(secret);
        return 0;
    }

    public static async Task<int> TokensAsync(CliInvocation invocation)
    {
        var email = Required(invocation, "--email");
        await using var session = await Session.OpenAsync(invocation);
        var user = await session.FindAsync(email);
        var tokens = await session.Db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id).OrderBy(t => t.Id).ToListAsync();
        if (tokens.Count == 0)
        {
            invocation.Output.WriteLine($"Aucun jeton pour {email}.");
            return 0;
        }
        var rows = tokens.Select(t => new[] { t.Prefix, t.Name, Time(t.CreatedAt), t.LastUsedAt is { } used ? Time(used) : "jamais", t.RevokedAt is { } revoked ? Time(revoked) : "—" })
            .Prepend(["préfixe", "nom", "créé (UTC)", "dernier usage (UTC)", "révoqué (UTC)"]).ToList();
        var widths = Enumerable.Range(0, 5).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            invocation.Output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        return 0;
    }

    public static async Task<int> RevokeAsync(CliInvocation invocation)
    {
        var email = Required(invocation, "--email");
        var prefix = Required(invocation, "--prefix");
        await using var session = await Session.OpenAsync(invocation);
        var user = await session.FindAsync(email);
        var tokens = await session.Db.ApiTokens.Where(t => t.UserId == user.Id && t.Prefix == prefix).ToListAsync();
        if (tokens.Count == 0)
            throw new CliUsageException($"{email} n'a aucun jeton de préfixe {prefix} (voir « users tokens »)");
        var active = tokens.Where(t => t.RevokedAt is null).ToList();
        if (active.Count == 0)
        {
            invocation.Output.WriteLine($"Le jeton {prefix} de {email} était déjà révoqué ({Time(tokens.Max(t => t.RevokedAt!.Value))} UTC).");
            return 0;
        }
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        using (AuditActor.Use("cli"))
        {
            foreach (var token in active) token.RevokedAt = now;
            await session.Db.SaveChangesAsync();
        }
        invocation.Output.WriteLine($"Jeton {prefix} de {email} révoqué : il ne donne plus accès à l'API.");
        return 0;
    }

    private static string Required(CliInvocation invocation, string option) =>
        invocation.Value(option)?.Trim() is { Length: > 0 } value ? value : throw new CliUsageException($"{option} est obligatoire");

    /// <summary>The current communes with these INSEE codes, or a one-line refusal naming the first wrong code.</summary>
    private static async Task<List<(string Code, string Name)>> ValidCommunesAsync(AppDb db, IReadOnlyList<string> codes)
    {
        var normalized = codes.Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        if (normalized.FirstOrDefault(c => !Commune.IsWellFormedCode(c)) is { } malformed)
            throw new CliUsageException($"« {malformed} » n'est pas un code commune INSEE (5 caractères, par ex. 45284 ou 2A004)");
        if (normalized.Count == 0) return [];
        var found = await db.Communes.AsNoTracking().Where(c => normalized.Contains(c.Code))
            .Select(c => new { c.Code, c.Kind, c.Name }).ToListAsync();
        var result = new List<(string, string)>();
        foreach (var code in normalized)
        {
            if (found.FirstOrDefault(c => c.Code == code && c.Kind == CommuneKind.Current) is { } current)
            {
                result.Add((code, current.Name));
                continue;
            }
            if (found.Any(c => c.Code == code))
                throw new CliUsageException($"{code} n'est pas une commune actuelle (commune déléguée, associée ou arrondissement) : donnez le code de sa commune");
            throw new CliUsageException(await db.Communes.AnyAsync()
                ? $"commune inconnue : aucune commune n'a le code INSEE {code}"
                : $"commune {code} introuvable : les données de référence ne sont pas chargées (« reference load »)");
        }
        return result;
    }

    private static string Describe(IReadOnlyList<(string Code, string Name)> communes) =>
        communes.Count == 0 ? "" : ", " + List(communes);

    private static string List(IEnumerable<(string Code, string Name)> communes) =>
        string.Join(", ", communes.Select(c => $"{c.Name} ({c.Code})"));

    private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new CliUsageException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Identity over the configured database, migrated and holding its roles.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly AsyncServiceScope _scope;

        private Session(ServiceProvider provider)
        {
            _provider = provider;
            _scope = provider.CreateAsyncScope();
        }

        public AppDb Db => _scope.ServiceProvider.GetRequiredService<AppDb>();
        public UserManager<User> Users => _scope.ServiceProvider.GetRequiredService<UserManager<User>>();

        public static async Task<Session> OpenAsync(CliInvocation invocation)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            // Identity's token providers need it; nothing is protected by these verbs.
            services.AddDataProtection();
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(Options.Create(Verbs.DatabaseOptions(invocation)));
            services.AddAppDb();
            services.AddUserStore();
            var session = new Session(services.BuildServiceProvider());
            try
            {
                await DataSetup.MigrateAsync(session.Db);
                using (AuditActor.Use("cli")) await AccountsSetup.SeedRolesAsync(session.Db);
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        public async Task<User> FindAsync(string email) =>
            await Users.FindByEmailAsync(email) ?? throw new CliUsageException($"aucun compte pour {email} (« users add » le crée)");

        public async ValueTask DisposeAsync()
        {
            await _scope.DisposeAsync();
            await _provider.DisposeAsync();
        }
    }
}
