using System.Text.Json;
using System.Text.RegularExpressions;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Places;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Manage.Engagements;

/// <summary>
/// The create and edit forms of every kind. They post the API's own input (<see cref="EngagementInput"/> of the kind),
/// field names being the input's JSON paths (« signedOn », « partner.geonameId », « deliberations[0].date »), so the
/// input's validation and the entity's rules report errors under the very names of the form's fields.
/// </summary>
public abstract partial class EngagementFormModel(AppDb db, PlaceIndex places) : PageModel
{
    /// <summary>Empty rows offered for each list (deliberations, documents, partners…): no script adds rows.</summary>
    public const int BlankRows = 3;

    private readonly Dictionary<string, List<int>> _rowsKept = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The input as posted (or as read from the engagement): what the form shows.</summary>
    public EngagementInput Input { get; protected set; } = null!;

    public EngagementKind Kind => Input.Kind;
    public string Insee { get; protected set; } = "";
    public string CommuneName { get; protected set; } = "";
    /// <summary>The engagement being edited; null on the create form.</summary>
    public Engagement? Existing { get; protected set; }
    /// <summary>An ended engagement: only its notes can change.</summary>
    public bool NotesOnly => Existing?.IsReadOnly == true;
    public IReadOnlyList<CityNetwork> Networks { get; private set; } = [];
    public IReadOnlyList<WorldDay> WorldDays { get; private set; } = [];

    protected AppDb Db => db;

    /// <summary>The resolver of partners given by name, for saving.</summary>
    protected PlaceIndex Places => places;

    /// <summary>
    /// The places a partner row's name may mean, by the row's field prefix (« partner », « partners[1] »): shown as
    /// choices of its GeoNames id, after « Chercher » or when the name was not resolved on saving; the same name in
    /// other countries, when the row's country has none, only as a hint apart.
    /// </summary>
    public Dictionary<string, PartnerSearch> PartnerCandidates { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// « Chercher »: the form comes back as typed, nothing saved, with the resolver's candidates for every partner
    /// row that has a name and no GeoNames id yet.
    /// </summary>
    protected async Task SearchPartnersAsync(CancellationToken cancellationToken)
    {
        var rows = Input switch
        {
            TwinningInput twinning => [("partner", twinning.Partner)],
            CooperationProjectInput project => (project.Partners ?? []).Select((p, i) => ($"partners[{i}]", (PartnerInput?)p)).ToList(),
            PartnershipInput partnership => (partnership.Partners ?? []).Select((p, i) => ($"partners[{i}]", (PartnerInput?)p)).ToList(),
            _ => new List<(string, PartnerInput?)>(),
        };
        var resolver = await places.GetResolverAsync(cancellationToken);
        foreach (var (prefix, partner) in rows)
        {
            if (partner is null || partner.GeonameId is not null || string.IsNullOrWhiteSpace(partner.Name)) continue;
            if (partner.Name.Length > PlaceResolver.MaxQueryLength) continue;
            var country = string.IsNullOrWhiteSpace(partner.Country) || resolver.Countries.Find(partner.Country) is null ? null : partner.Country;
            var found = resolver.Resolve(partner.Name, country, limit: PartnerLookup.CandidatesShown);
            var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
            PartnerCandidates[prefix] = new PartnerSearch(found.Candidates,
                found is { NoneInCountry: true, Country: { } asked } ? resolver.Countries.NameOf(asked, english) : null,
                found.OtherCountries);
        }
    }

    protected async Task LoadCataloguesAsync(CancellationToken cancellationToken)
    {
        if (Kind == EngagementKind.NetworkMembership)
            Networks = await db.CityNetworks.AsNoTracking().OrderBy(n => n.NameFr).ToListAsync(cancellationToken);
        if (Kind == EngagementKind.WorldDay)
            WorldDays = await db.WorldDays.AsNoTracking().OrderBy(w => w.Month).ThenBy(w => w.Day).ToListAsync(cancellationToken);
    }

    /// <summary>Binds the posted form to a new input of <paramref name="kind"/>.</summary>
    protected async Task<EngagementInput> BindAsync(EngagementKind kind)
    {
        var input = EngagementInput.Blank(kind);
        await TryUpdateModelAsync(input, input.GetType(), "");
        return input;
    }

    /// <summary>
    /// A copy of <see cref="Input"/> without its empty rows, validated; null (with the errors in the model state, under
    /// the names of the posted fields) when it cannot be applied.
    /// </summary>
    protected EngagementInput? Validated()
    {
        var work = WithoutEmptyRows(Input);
        foreach (var (field, messages) in work.Validate())
            foreach (var message in messages)
                ModelState.AddModelError(PostedName(field), message);
        return ModelState.IsValid ? work : null;
    }

    /// <summary>A broken rule, next to the field it names.</summary>
    protected void Report(DomainRuleException rule)
    {
        var field = PostedName(rule.Field);
        ModelState.AddModelError(field, rule.Message);
        if (rule.Candidates is { } candidates) PartnerCandidates[field] = new PartnerSearch(candidates, OtherCountries: rule.OtherCountries ?? []);
    }

    /// <summary>The rows of a list to show: the given ones, then empty ones up to <see cref="BlankRows"/> empty rows.</summary>
    public static IReadOnlyList<T?> Rows<T>(IEnumerable<T?>? rows) where T : class
    {
        var list = (rows ?? []).ToList();
        var empty = list.Count(IsEmpty);
        for (var i = empty; i < BlankRows; i++) list.Add(null);
        return list;
    }

    /// <summary>The input, as JSON and back: a copy whose lists can be trimmed without touching what the form shows.</summary>
    private EngagementInput WithoutEmptyRows(EngagementInput input)
    {
        var copy = (EngagementInput)JsonSerializer.Deserialize(JsonSerializer.Serialize(input, input.GetType()), input.GetType())!;
        copy.Deliberations = Kept("deliberations", copy.Deliberations);
        copy.Documents = Kept("documents", copy.Documents);
        copy.Activities = Kept("activities", copy.Activities);
        switch (copy)
        {
            case CooperationProjectInput project:
                project.Partners = Kept("partners", project.Partners);
                project.BudgetLines = Kept("budgetLines", project.BudgetLines);
                break;
            case PartnershipInput partnership:
                partnership.Partners = Kept("partners", partnership.Partners);
                break;
            case HonoraryCitizenshipInput citizenship:
                citizenship.Situation = Kept("situation", citizenship.Situation);
                break;
        }
        return copy;
    }

    private List<T>? Kept<T>(string list, List<T>? rows) where T : class
    {
        if (rows is null) return null;
        var kept = new List<T>();
        var positions = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (IsEmpty(rows[i])) continue;
            kept.Add(rows[i]);
            positions.Add(i);
        }
        _rowsKept[list] = positions;
        return kept;
    }

    /// <summary>« deliberations[1].date » of the trimmed copy is the third row of the form when the second was empty.</summary>
    private string PostedName(string field)
    {
        var match = RowField().Match(field);
        if (!match.Success || !_rowsKept.TryGetValue(match.Groups["list"].Value, out var positions)) return field;
        var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return index < positions.Count ? $"{match.Groups["list"].Value}[{positions[index]}]{match.Groups["rest"].Value}" : field;
    }

    /// <summary>A row of a list left empty in the form.</summary>
    private static bool IsEmpty<T>(T? row) where T : class => row switch
    {
        null => true,
        DeliberationInput d => Blank(d.Reference, d.Date, d.Subject, d.Url) && d.VotesFor is null && d.VotesAgainst is null && d.Abstentions is null,
        DocumentInput d => Blank(d.Title, d.Url),
        ActivityInput a => Blank(a.On, a.Kind, a.Description, a.Url),
        PartnerInput p => p.GeonameId is null && Blank(p.Name, p.Country, p.Admin1),
        BudgetLineInput b => b.Year is null && b.AmountCents is null && Blank(b.Funder, b.Note),
        SituationInput s => Blank(s.On, s.Situation, s.Summary, s.SourceUrl),
        _ => false,
    };

    private static bool Blank(params string?[] values) => values.All(string.IsNullOrWhiteSpace);

    [GeneratedRegex(@"^(?<list>[A-Za-z]+)\[(?<index>\d+)\](?<rest>.*)$")]
    private static partial Regex RowField();
}

/// <summary>
/// What a search found for a partner's name: the places in its country, to pick one; when that country has none, its
/// name (<see cref="CountryWithout"/>) and the places of that name elsewhere (<see cref="OtherCountries"/>), a hint only.
/// </summary>
public sealed record PartnerSearch(IReadOnlyList<PlaceCandidate> Candidates, string? CountryWithout = null,
    IReadOnlyList<PlaceCandidate>? OtherCountries = null);

/// <summary>The fields of one partner (« partner », « partners[1] ») and, after a search, the places its name may mean.</summary>
public sealed record PartnerFields(string Prefix, PartnerInput? Partner, PartnerSearch? Search);
