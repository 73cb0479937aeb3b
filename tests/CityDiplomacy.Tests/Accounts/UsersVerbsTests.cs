using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Cli;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Accounts;

/// <summary>The « users » verbs, run against the database of a running app that then answers their tokens.</summary>
public sealed class UsersVerbsTests
{
    private const string Email = "officer@saint-jean-de-braye.fr";
    private const string Password = "une phrase de passe assez longue";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_add_then_users_token_prints_a_token_whose_last_line_opens_the_api(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);

        var add = await RunAsync(app, "users", "add", "--email", Email, "--password", Password, "--role", "officer",
            "--commune", "45284", "--commune", "2a004", "--name", "Agent RI");
        var token = await RunAsync(app, "users", "token", "--email", Email, "--name", "import");

        Assert.True(add.Code == 0, add.Error);
        Assert.Equal("Compte créé : officer@saint-jean-de-braye.fr, rôle officer, Saint-Jean-de-Braye (45284), Ajaccio (2A004).\n", add.Output);
        Assert.True(token.Code == 0, token.Error);
        var lines = token.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("Copiez-le maintenant", lines[0]);
        Assert.Matches("^cd_[A-Za-z0-9_-]{43}$", lines[^1]);
        using var client = app.Client(lines[^1]);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(Email, me.GetProperty("email").GetString());
        Assert.Equal("Agent RI", me.GetProperty("displayName").GetString());
        Assert.Equal(["officer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["2A004", "45284"], me.GetProperty("communes").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_verbs_write_as_cli_in_the_audit_trail_and_never_store_the_password(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);

        await RunAsync(app, "users", "add", "--email", Email, "--password", Password, "--role", "viewer", "--commune", "45284");

        await using var db = app.OpenDb();
        var user = await db.Users.AsNoTracking().SingleAsync();
        Assert.DoesNotContain(Password, user.PasswordHash);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "User" || a.EntityType == "CommuneAssignment").ToListAsync();
        Assert.Contains(audit, a => a.EntityType == "User" && a.EntityId == user.Id && a.Action == "created");
        Assert.Contains(audit, a => a.EntityType == "CommuneAssignment" && a.CommuneCode == "45284");
        Assert.All(audit, a => Assert.Equal("cli", a.Actor));
        Assert.All(audit, a => Assert.DoesNotContain(Password, a.After ?? ""));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_commune_is_refused_in_one_line_and_creates_no_account(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);

        var result = await RunAsync(app, new StringReader(Password + "\n"), "users", "add", "--email", Email, "--password-stdin", "--role", "officer",
            "--commune", "45284", "--commune", "99999");

        Assert.Equal(1, result.Code);
        Assert.Equal("CityDiplomacy users add : commune inconnue : aucune commune n'a le code INSEE 99999\n", result.Error);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_second_account_with_the_same_email_is_refused(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await RunAsync(app, "users", "add", "--email", Email, "--password", Password, "--role", "officer", "--commune", "45284");

        var again = await RunAsync(app, new StringReader("un autre mot de passe\n"), "users", "add", "--email", Email.ToUpperInvariant(), "--password-stdin", "--role", "administrator");

        Assert.Equal(1, again.Code);
        Assert.Single(again.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("un compte existe déjà pour", again.Error);
        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Equal(0, await db.UserRoles.CountAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Administrator)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_revoke_makes_the_token_fail_and_users_tokens_shows_it_revoked(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await RunAsync(app, "users", "add", "--email", Email, "--password", Password, "--role", "officer", "--commune", "45284");
        var secret = (await RunAsync(app, "users", "token", "--email", Email)).Output.TrimEnd('\n').Split('\n')[^1];
        using var client = app.Client(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var revoke = await RunAsync(app, "users", "revoke", "--email", Email, "--prefix", secret[..10]);
        var list = await RunAsync(app, "users", "tokens", "--email", Email);

        Assert.True(revoke.Code == 0, revoke.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var rows = list.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("préfixe", rows[0]);
        Assert.StartsWith(secret[..10], rows[1]);
        Assert.Contains("ligne de commande", rows[1]);
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d\s*$", rows[1]); // the revocation time, last column
        Assert.DoesNotContain(secret, list.Output);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_assign_adds_communes_once(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await RunAsync(app, "users", "add", "--email", Email, "--password", Password, "--role", "viewer", "--commune", "45284");

        var first = await RunAsync(app, "users", "assign", "--email", Email, "--commune", "60463", "--commune", "45284");
        var second = await RunAsync(app, "users", "assign", "--email", Email, "--commune", "60463");

        Assert.True(first.Code == 0, first.Error);
        Assert.Equal("Communes ajoutées à officer@saint-jean-de-braye.fr : Nogent-sur-Oise (60463).\n", first.Output);
        Assert.Equal(0, second.Code);
        Assert.Contains("rien n'a changé", second.Output);
        await using var db = app.OpenDb();
        Assert.Equal(["45284", "60463"], await db.CommuneAssignments.OrderBy(a => a.CommuneCode).Select(a => a.CommuneCode).ToListAsync());
    }

    [Theory]
    [InlineData("--role", "mayor", "rôle « mayor » inconnu")]
    [InlineData("--password", "short", "au moins 12 caractères")]
    [InlineData("--email", "not-an-address", "Adresse électronique « not-an-address » invalide.")]
    [InlineData("--commune", "4528", "« 4528 » n'est pas un code commune INSEE")]
    [InlineData("--commune", "75101", "75101 n'est pas une commune actuelle")]
    public async Task Bad_input_is_refused_in_one_line_without_a_stack_trace(string option, string value, string message)
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var passwordFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(passwordFile, (option == "--password" ? value : Password) + "\n");
        var args = new Dictionary<string, string> { ["--email"] = Email, ["--password-file"] = passwordFile, ["--role"] = "officer", ["--commune"] = "45284" };
        if (option != "--password") args[option] = value;

        var result = await RunAsync(app, ["users", "add", .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        File.Delete(passwordFile);

        Assert.Equal(1, result.Code);
        Assert.Empty(result.Output);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("CityDiplomacy users add : ", result.Error);
        Assert.Contains(message, result.Error);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Theory]
    [InlineData("users", "token", "--email", "nobody@example.org")]
    [InlineData("users", "tokens", "--email", "nobody@example.org")]
    [InlineData("users", "assign", "--email", "nobody@example.org", "--commune", "45284")]
    [InlineData("users", "revoke", "--email", "nobody@example.org", "--prefix", "cd_0123456")]
    public async Task A_verb_about_a_missing_account_exits_1_in_one_line(params string[] args)
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var result = await RunAsync(app, args);

        Assert.Equal(1, result.Code);
        Assert.Equal($"CityDiplomacy {args[0]} {args[1]} : aucun compte pour nobody@example.org (« users add » le crée)\n", result.Error);
    }

    [Fact]
    public async Task Users_add_without_an_email_exits_1_in_one_line()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var result = await RunAsync(app, "users", "add", "--password", Password, "--role", "viewer");

        Assert.Equal(1, result.Code);
        Assert.Equal("CityDiplomacy users add : --email est obligatoire\n", result.Error);
    }

    [Fact]
    public async Task Users_add_help_lists_its_options()
    {
        var output = new StringWriter();

        var code = await Verbs.RunAsync(["users", "add", "--help"], output, new StringWriter());

        Assert.Equal(0, code);
        foreach (var option in new[] { "--email", "--password", "--role", "--commune", "--name", "--data-dir", "--database", "--connection-string" })
            Assert.Contains(option, output.ToString());
    }

    [Fact]
    public async Task A_password_read_from_standard_input_or_a_file_never_appears_in_the_arguments()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var fromStdin = await RunAsync(app, new StringReader(Password + "\n"),
            "users", "add", "--email", Email, "--password-stdin", "--role", "viewer");
        Assert.Equal(0, fromStdin.Code);
        Assert.Empty(fromStdin.Error);

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "un autre mot de passe\n");
        var fromFile = await RunAsync(app, "users", "add", "--email", "autre@exemple.fr", "--password-file", file, "--role", "viewer");
        File.Delete(file);
        Assert.Equal(0, fromFile.Code);
        Assert.Empty(fromFile.Error);

        await using var db = app.OpenDb();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<User>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(Email))!, Password));
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync("autre@exemple.fr"))!, "un autre mot de passe"));
    }

    [Fact]
    public async Task A_password_given_as_an_argument_is_accepted_with_a_warning()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var result = await RunAsync(app, "users", "add", "--email", Email, "--password", Password, "--role", "viewer");
        Assert.Equal(0, result.Code);
        Assert.Contains("visible des autres utilisateurs de la machine (ps)", result.Error);
        Assert.Contains("--password-stdin", result.Error);
    }

    [Theory]
    [InlineData]
    [InlineData("--password-stdin", "--password", Password)]
    public async Task Without_exactly_one_password_source_users_add_explains_how(params string[] password)
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var result = await RunAsync(app, new StringReader(Password + "\n"), ["users", "add", "--email", Email, "--role", "viewer", .. password]);
        Assert.Equal(1, result.Code);
        Assert.Contains("--password-stdin", result.Error);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    private static Task<(int Code, string Output, string Error)> RunAsync(TestApp app, params string[] args) =>
        RunAsync(app, null, args);

    private static async Task<(int Code, string Output, string Error)> RunAsync(TestApp app, TextReader? input, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = await Verbs.RunAsync(
            [.. args, "--database", app.Database.ProviderName, "--connection-string", app.Database.ConnectionString], output, error,
            input ?? new StringReader(""));
        return (code, output.ToString(), error.ToString());
    }
}
