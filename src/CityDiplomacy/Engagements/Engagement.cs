using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Engagements;

/// <summary>
/// One entry of a commune's register of international action. The kind-specific subclasses add their fields;
/// the lifecycle and the rules common to all kinds live here.
/// </summary>
public abstract class Engagement
{
    protected Engagement() { }

    protected Engagement(EngagementKind kind, string communeCode, string title)
    {
        Id = Guid.CreateVersion7();
        Kind = kind;
        CommuneCode = communeCode;
        Title = RequireText(title, "title", "Un intitulé est obligatoire.");
    }

    /// <summary>Chosen at creation (time-ordered), so the audit trail knows it before the row is saved.</summary>
    public Guid Id { get; private set; }
    public string CommuneCode { get; private set; } = "";
    public EngagementKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public EngagementStatus Status { get; private set; } = EngagementStatus.Proposed;
    public Visibility Visibility { get; private set; } = Visibility.Public;
    public List<Theme> Themes { get; private set; } = [];
    /// <summary>Signed on, joined on, start of the project or event.</summary>
    public DateOnly? StartedOn { get; private set; }
    /// <summary>End of the project or event, or the date the engagement ended.</summary>
    public DateOnly? EndedOn { get; private set; }
    /// <summary>The reason of the last suspension or end.</summary>
    public string? StatusReason { get; private set; }
    public DateOnly? StatusChangedOn { get; private set; }
    public string? ResponsibleOfficial { get; private set; }
    public string? ResponsibleOfficer { get; private set; }
    /// <summary>Free notes: the only thing still editable once the engagement has ended.</summary>
    public string? Notes { get; private set; }
    /// <summary>Optimistic concurrency: incremented on every saved change, exposed as the ETag.</summary>
    public int Version { get; private set; }
    /// <summary>Provenance of an imported entry: the source's name (file, directory, connector); null when typed in.</summary>
    public string? SourceName { get; private set; }
    /// <summary>Where the entry's existence comes from: the commune, a monitor's public source, or a national directory.</summary>
    public Provenance Provenance { get; private set; } = Provenance.Commune;
    /// <summary>The public source a monitor cites for an observed entry (required for <see cref="Provenance.Observed"/>).</summary>
    public string? SourceUrl { get; private set; }
    /// <summary>When an officer confirmed an entry a directory or a monitor reported.</summary>
    public DateOnly? ConfirmedOn { get; private set; }
    /// <summary>Set when the commune dismissed the entry (« ce jumelage n'existe pas ou plus »): kept, hidden from public pages.</summary>
    public DateOnly? DismissedOn { get; private set; }
    public string? DismissalReason { get; private set; }
    /// <summary>Version of the source: SHA-256 of the imported file, or the dataset's version.</summary>
    public string? SourceVersion { get; private set; }
    /// <summary>Where in the source: line number, Wikidata item, URL…</summary>
    public string? SourceRecord { get; private set; }
    /// <summary>
    /// Every source that lists this entry, the first one first (the one in <see cref="SourceName"/>): a twinning listed
    /// by Wikipedia and by Wikidata, or twice in a directory, is one entry that keeps them all.
    /// </summary>
    public List<EngagementSource> Sources { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public List<EngagementPartner> Partners { get; private set; } = [];
    public List<Deliberation> Deliberations { get; private set; } = [];
    public List<DocumentLink> Documents { get; private set; } = [];
    public List<StatusEvent> StatusHistory { get; private set; } = [];
    /// <summary>Activity log: exchanges, visits, school trips, letters, events, actions of a world day…</summary>
    public List<ActivityEntry> Activities { get; private set; } = [];

    /// <summary>Decided by the council but recorded as active without any deliberation: a draft « à régulariser ».</summary>
    /// The commune's own paperwork: only for what the commune entered or confirmed.
    public bool AwaitingRegularisation =>
        Provenance == Provenance.Commune && EngagementKinds.RequiresDeliberation(Kind) && Status == EngagementStatus.Active
        && Deliberations.Count == 0;

    public bool IsDismissed => DismissedOn is not null;

    public bool IsReadOnly => Status == EngagementStatus.Ended;

    // ---- Rules -------------------------------------------------------------------------------------------------

    public void Describe(string title, string? description, Visibility visibility, IEnumerable<Theme> themes,
        string? responsibleOfficial, string? responsibleOfficer)
    {
        EnsureEditable();
        Title = RequireText(title, "title", "Un intitulé est obligatoire.");
        Description = Clean(description);
        Visibility = visibility;
        Themes = themes.Distinct().Order().ToList();
        ResponsibleOfficial = Clean(responsibleOfficial);
        ResponsibleOfficer = Clean(responsibleOfficer);
    }

    public void SetDates(DateOnly? startedOn, DateOnly? endedOn)
    {
        EnsureEditable();
        if (startedOn is { } start && endedOn is { } end && end < start)
            throw new DomainRuleException("endedOn", $"La date de fin ({end:yyyy-MM-dd}) précède la date de début ({start:yyyy-MM-dd}).");
        Ranges.CheckDate(startedOn, "startedOn");
        Ranges.CheckDate(endedOn, "endedOn");
        StartedOn = startedOn;
        EndedOn = endedOn;
    }

    public void SetNotes(string? notes) => Notes = Clean(notes);

    /// <summary>
    /// Records where an imported entry came from (kept by later imports of the same entry) and what it says:
    /// <see cref="Provenance.Directory"/> for a national directory, <see cref="Provenance.Commune"/> for the commune's own file.
    /// </summary>
    public void SetProvenance(string sourceName, string? sourceVersion, string? sourceRecord, Provenance provenance = Provenance.Commune)
    {
        if (provenance == Provenance.Observed)
            throw new InvalidOperationException("An observed entry is recorded with Observe(sourceName, sourceUrl).");
        Provenance = provenance;
        SourceName = RequireText(sourceName, "sourceName", "La source est obligatoire.");
        SourceVersion = Clean(sourceVersion);
        SourceRecord = Clean(sourceRecord);
        AddSource(SourceName, SourceVersion, SourceRecord);
    }

    /// <summary>
    /// Adds a source that lists this entry too; the first one becomes its provenance. False when that record of that
    /// source is already there (a re-import, even of a later version of the source, changes nothing).
    /// </summary>
    public bool AddSource(string sourceName, string? sourceVersion, string? sourceRecord)
    {
        var name = RequireText(sourceName, "sourceName", "La source est obligatoire.");
        var record = Clean(sourceRecord);
        if (SourceName is null)
        {
            SourceName = name;
            SourceVersion = Clean(sourceVersion);
            SourceRecord = record;
        }
        Sources ??= []; // rows saved before sources were kept hold none
        if (Sources.Any(s => s.Name == name && s.Record == record)) return false;
        Sources.Add(new EngagementSource(name, Clean(sourceVersion), record));
        return true;
    }

    /// <summary>A monitor records an entry from a cited public source (press, the commune's site, council minutes).</summary>
    public void Observe(string? sourceName, string? sourceUrl)
    {
        var url = RequireText(sourceUrl, "sourceUrl", "Une entrée observée cite sa source : l'adresse (URL) de la source publique est obligatoire.");
        if (url.Length > 1000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new DomainRuleException("sourceUrl", "L'adresse de la source doit être une URL http(s) complète, de 1 000 caractères au plus.");
        var name = Clean(sourceName) ?? uri.Host;
        if (name.Length > 200) throw new DomainRuleException("sourceName", "Le nom de la source dépasse 200 caractères.");
        Provenance = Provenance.Observed;
        SourceUrl = url;
        AddSource(name, null, url);
    }

    /// <summary>
    /// The commune confirms an entry a directory (or a monitor) reported, with the status it knows: the entry becomes the
    /// commune's, the directory's source stays among its sources. A dismissed entry confirmed again is shown again.
    /// </summary>
    public void Confirm(EngagementStatus status, DateOnly? signedOn, Deliberation? deliberation, string? note, DateOnly today)
    {
        if (Provenance == Provenance.Commune)
            throw new DomainRuleException("provenance", "Cet engagement est déjà celui de la commune : il n'y a rien à confirmer, modifiez-le.");
        if (!EngagementStatuses.Confirmed.Contains(status))
            throw new DomainRuleException("status", "La commune confirme un statut connu : active, dormant, suspended ou ended.");
        note = Clean(note);
        if (note?.Length > 2000) throw new DomainRuleException("note", "La note dépasse 2 000 caractères.");
        if (status is EngagementStatus.Suspended or EngagementStatus.Ended && note is null)
            throw new DomainRuleException("note", $"Confirmer un engagement {EngagementStatuses.Label(status)} demande son motif (note).");
        if (signedOn is { } signed && signed > today)
            throw new DomainRuleException("signedOn", $"La date de signature ({signed:yyyy-MM-dd}) est dans le futur.");
        if (signedOn is { } s && EndedOn is { } end && end < s)
            throw new DomainRuleException("signedOn", $"La date de signature ({s:yyyy-MM-dd}) suit la date de fin ({end:yyyy-MM-dd}).");
        if (deliberation is not null)
        {
            if (string.IsNullOrWhiteSpace(deliberation.Reference))
                throw new DomainRuleException("deliberation.reference", "La référence de la délibération est obligatoire.");
            if (deliberation.Reference.Length > 100)
                throw new DomainRuleException("deliberation.reference", "La référence de la délibération dépasse 100 caractères.");
            if (deliberation.Date > today)
                throw new DomainRuleException("deliberation.date", $"La délibération ({deliberation.Date:yyyy-MM-dd}) est datée dans le futur.");
            if (!Deliberations.Any(d => string.Equals(d.Reference, deliberation.Reference.Trim(), StringComparison.OrdinalIgnoreCase)))
                Deliberations.Add(deliberation);
        }
        if (signedOn is not null) StartedOn = signedOn;
        Provenance = Provenance.Commune;
        ConfirmedOn = today;
        DismissedOn = null;
        DismissalReason = null;
        Status = status;
        StatusReason = status is EngagementStatus.Suspended or EngagementStatus.Ended ? note : null;
        StatusChangedOn = today;
        StatusHistory.Add(new StatusEvent(today, status, note ?? "Confirmé par la commune.", deliberation?.Reference.Trim()));
        if (note is not null) Notes = Notes is null ? note : $"{Notes}\n{note}";
    }

    /// <summary>
    /// An officer edited an entry a directory or a monitor reported: editing is confirming. A reported entry becomes
    /// active (the commune says it exists; without a deliberation it is « à régulariser », for the commune only).
    /// </summary>
    public void ConfirmByEdit(DateOnly today)
    {
        if (Provenance == Provenance.Commune) return;
        Provenance = Provenance.Commune;
        ConfirmedOn = today;
        DismissedOn = null;
        DismissalReason = null;
        if (Status == EngagementStatus.Reported)
        {
            Status = EngagementStatus.Active;
            StatusChangedOn = today;
            StatusHistory.Add(new StatusEvent(today, EngagementStatus.Active, "Confirmé par la commune (modification).", null));
        }
    }

    /// <summary>The commune says a reported entry does not exist, or no longer: kept with its reason, hidden from public pages.</summary>
    public void Dismiss(string? reason, DateOnly? on)
    {
        if (Provenance == Provenance.Commune)
            throw new DomainRuleException("provenance",
                "Seule une entrée signalée par un annuaire ou observée peut être écartée ; un engagement de la commune se termine (end).");
        var why = RequireText(reason, "reason", "Le motif est obligatoire pour écarter une entrée (par exemple « ce jumelage n'existe pas ou plus »).");
        if (why.Length > 2000) throw new DomainRuleException("reason", "Le motif dépasse 2 000 caractères.");
        if (on is null) throw new DomainRuleException("on", "La date est obligatoire.");
        if (IsDismissed) throw new DomainRuleException("reason", $"Cette entrée est déjà écartée depuis le {DismissedOn:yyyy-MM-dd}.");
        DismissedOn = on;
        DismissalReason = why;
    }

    public void ReplacePartners(IEnumerable<EngagementPartner> partners)
    {
        EnsureEditable();
        var list = partners.ToList();
        Ranges.CheckCount(list.Count, Ranges.MaxPartners, "partners");
        for (var i = 0; i < list.Count; i++)
        {
            var partner = list[i];
            TextRule.Check(partner.Name, $"partners[{i}].name");
            if (partner.Kind == PartnerKind.State && EngagementKinds.ConcludesConventions(Kind))
                throw new DomainRuleException("partners",
                    $"CGCT, art. L1115-5 : une commune ne peut passer aucune convention avec un État étranger ({partner.Name}). " +
                    "Le partenaire doit être une autorité locale étrangère (ville, région…).");
            if (EngagementKinds.ConcludesConventions(Kind) && string.Equals(partner.CountryCode, "FR", StringComparison.OrdinalIgnoreCase))
                throw new DomainRuleException("partners",
                    $"{partner.Name} est en France : un jumelage, un partenariat ou un projet de coopération décentralisée lie la commune " +
                    "à une autorité locale étrangère (CGCT, art. L1115-1).");
        }
        ValidatePartners(list);
        Partners.Clear();
        Partners.AddRange(list);
    }

    protected virtual void ValidatePartners(IReadOnlyList<EngagementPartner> partners) { }

    public void ReplaceDeliberations(IEnumerable<Deliberation> deliberations)
    {
        EnsureEditable();
        var list = deliberations.ToList();
        Ranges.CheckCount(list.Count, Ranges.MaxDeliberations, "deliberations");
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"deliberations[{i}]";
            Ranges.CheckDate(list[i].Date, field + ".date");
            TextRule.Check(list[i].Reference, field + ".reference");
            TextRule.Check(list[i].Subject, field + ".subject");
            TextRule.Check(list[i].Url, field + ".url");
        }
        var duplicate = list.GroupBy(d => d.Reference, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DomainRuleException("deliberations", $"La délibération {duplicate.Key} figure deux fois.");
        Deliberations.Clear();
        Deliberations.AddRange(list);
    }

    public void ReplaceDocuments(IEnumerable<DocumentLink> documents)
    {
        EnsureEditable();
        var list = documents.ToList();
        Ranges.CheckCount(list.Count, Ranges.MaxDocuments, "documents");
        for (var i = 0; i < list.Count; i++)
        {
            TextRule.Check(list[i].Title, $"documents[{i}].title");
            TextRule.Check(list[i].Url, $"documents[{i}].url");
        }
        Documents = list;
    }

    public void AddActivity(ActivityEntry activity)
    {
        EnsureEditable();
        Ranges.CheckCount(Activities.Count + 1, Ranges.MaxActivities, "activities");
        CheckActivity(activity, $"activities[{Activities.Count}]");
        Activities.Add(activity);
        Activities.Sort((a, b) => a.On.CompareTo(b.On));
    }

    public void ReplaceActivities(IEnumerable<ActivityEntry> activities)
    {
        EnsureEditable();
        var list = activities.ToList();
        Ranges.CheckCount(list.Count, Ranges.MaxActivities, "activities");
        for (var i = 0; i < list.Count; i++) CheckActivity(list[i], $"activities[{i}]");
        Activities = list.OrderBy(a => a.On).ToList();
    }

    private static void CheckActivity(ActivityEntry activity, string field)
    {
        Ranges.CheckDate(activity.On, field + ".on");
        TextRule.Check(activity.Kind, field + ".kind");
        TextRule.Check(activity.Description, field + ".description");
        TextRule.Check(activity.Url, field + ".url");
    }

    /// <summary>Sets the initial status of a new engagement (creation or import), with the date it took effect.</summary>
    public void Start(EngagementStatus status, DateOnly? on, string? reason = null)
    {
        if (StatusHistory.Count > 0) throw new InvalidOperationException("Le statut initial est déjà fixé.");
        Ranges.CheckDate(on, "on");
        if (status is EngagementStatus.Suspended or EngagementStatus.Ended)
        {
            reason = RequireText(reason, "reason", $"Un motif est obligatoire pour un engagement {EngagementStatuses.Label(status)}.");
            if (on is null) throw new DomainRuleException("on", "La date de suspension ou de fin est obligatoire.");
        }
        Status = status;
        StatusReason = Clean(reason);
        StatusChangedOn = on;
        if (status == EngagementStatus.Ended) EndedOn ??= on;
        StatusHistory.Add(new StatusEvent(on ?? StartedOn, status, StatusReason, null));
    }

    public void Activate(DateOnly on, string? deliberationReference = null) =>
        Transition(EngagementStatus.Active, on, null, deliberationReference, allowedFrom: [EngagementStatus.Proposed, EngagementStatus.Dormant]);

    public void PutToSleep(DateOnly on, string? reason = null) =>
        Transition(EngagementStatus.Dormant, on, reason, null, allowedFrom: [EngagementStatus.Active]);

    public void Suspend(string? reason, DateOnly? on)
    {
        var why = RequireText(reason, "reason", "Le motif de la suspension est obligatoire.");
        if (on is null) throw new DomainRuleException("on", "La date de la suspension est obligatoire.");
        Transition(EngagementStatus.Suspended, on.Value, why, null, allowedFrom: [EngagementStatus.Active, EngagementStatus.Dormant, EngagementStatus.Proposed]);
    }

    /// <summary>Back to active. After a suspension the council must decide again: a new deliberation dated on or after it.</summary>
    public void Resume(DateOnly? on, string? deliberationReference, string? reason = null)
    {
        if (on is null) throw new DomainRuleException("on", "La date de la reprise est obligatoire.");
        if (Status == EngagementStatus.Suspended)
        {
            var reference = Clean(deliberationReference, "deliberation")
                ?? throw new DomainRuleException("deliberation", "Reprendre un engagement suspendu demande une nouvelle délibération du conseil municipal.");
            var deliberation = Deliberations.FirstOrDefault(d => string.Equals(d.Reference, reference, StringComparison.OrdinalIgnoreCase))
                ?? throw new DomainRuleException("deliberation", $"La délibération {reference} n'est pas rattachée à cet engagement : ajoutez-la d'abord.");
            if (StatusChangedOn is { } suspendedOn && deliberation.Date < suspendedOn)
                throw new DomainRuleException("deliberation",
                    $"La délibération {reference} ({deliberation.Date:yyyy-MM-dd}) précède la suspension du {suspendedOn:yyyy-MM-dd} : il en faut une nouvelle.");
        }
        Transition(EngagementStatus.Active, on.Value, reason, deliberationReference,
            allowedFrom: [EngagementStatus.Suspended, EngagementStatus.Dormant]);
    }

    public void End(string? reason, DateOnly? on)
    {
        var why = RequireText(reason, "reason", "Le motif de la fin est obligatoire.");
        if (on is null) throw new DomainRuleException("on", "La date de fin est obligatoire.");
        if (StartedOn is { } start && on.Value < start)
            throw new DomainRuleException("on", $"La date de fin ({on:yyyy-MM-dd}) précède la date de début ({start:yyyy-MM-dd}).");
        Transition(EngagementStatus.Ended, on.Value, why, null,
            allowedFrom: [EngagementStatus.Proposed, EngagementStatus.Active, EngagementStatus.Dormant, EngagementStatus.Suspended]);
        EndedOn = on;
    }

    private void Transition(EngagementStatus to, DateOnly on, string? reason, string? deliberationReference, EngagementStatus[] allowedFrom)
    {
        if (!allowedFrom.Contains(Status))
            throw new DomainRuleException("status",
                $"Un engagement {EngagementStatuses.Label(Status)} ne peut pas passer à « {EngagementStatuses.Label(to)} ».");
        Ranges.CheckDate(on, "on");
        var last = StatusHistory.Where(e => e.On is not null).Select(e => e.On!.Value).DefaultIfEmpty().Max();
        if (StatusHistory.Any(e => e.On is not null) && on < last)
            throw new DomainRuleException("on", $"Le {on:yyyy-MM-dd} précède le dernier changement de statut ({last:yyyy-MM-dd}) : les événements doivent se suivre.");
        if (StartedOn is { } start && on < start && to != EngagementStatus.Active)
            throw new DomainRuleException("on", $"Le {on:yyyy-MM-dd} précède la date de début ({start:yyyy-MM-dd}).");
        Status = to;
        StatusReason = Clean(reason);
        StatusChangedOn = on;
        StatusHistory.Add(new StatusEvent(on, to, StatusReason, Clean(deliberationReference, "deliberation")));
    }

    protected void EnsureEditable()
    {
        if (IsReadOnly)
            throw new DomainRuleException("status", "Cet engagement est terminé : seules ses notes peuvent encore être modifiées.");
    }

    protected static string RequireText(string? value, string field, string message) =>
        TextRule.Clean(value, field) ?? throw new DomainRuleException(field, message);

    /// <summary>Trimmed text, null when blank; refused (naming the field, the argument's name by default) when it breaks the <see cref="TextRule"/>.</summary>
    protected static string? Clean(string? value, [CallerArgumentExpression(nameof(value))] string field = "") => TextRule.Clean(value, field);

    internal void StampCreated(DateTime now)
    {
        CreatedAt = UpdatedAt = now;
        Version = 1;
    }

    internal void StampUpdated(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>A partner of an engagement: a GeoNames place, a first-level region, or a State (refused where a convention is signed).</summary>
public sealed class EngagementPartner
{
    /// <summary>
    /// How the register and its flags name a partner: its GeoNames id, else (a place located by its source only)
    /// « CC~folded name », else « CC.admin1 », else « CC ».
    /// </summary>
    public static string KeyOf(int? geonameId, string countryCode, string? admin1Code, string? unlistedPlaceName = null) =>
        geonameId?.ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? (unlistedPlaceName is not null ? countryCode + "~" + Reference.NameFolding.Fold(unlistedPlaceName)
            : admin1Code is null ? countryCode : countryCode + "." + admin1Code);

    /// <summary>The key of a partner (a flag's subject); a method, so that it is neither mapped nor in audit snapshots.</summary>
    public static string KeyOf(EngagementPartner partner) => KeyOf(partner.GeonameId, partner.CountryCode, partner.Admin1Code,
        partner.Kind == PartnerKind.Place && partner.GeonameId is null ? partner.Name : null);

    public long Id { get; private set; }
    public Guid EngagementId { get; private set; }
    public PartnerKind Kind { get; init; }
    public int? GeonameId { get; init; }
    public required string Name { get; init; }
    public required string CountryCode { get; init; }
    public string? Admin1Code { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    /// <summary>The Wikidata item (Q…) a directory gives for the partner.</summary>
    public string? WikidataId { get; init; }

    /// <summary>A place no GeoNames record matches, located by the coordinates its source gives (« coordonnées d'après la source »).</summary>
    public bool LocatedBySource => Kind == PartnerKind.Place && GeonameId is null && Latitude is not null && Longitude is not null;
}

public enum PartnerKind { Place, Admin1, State }

/// <summary>A decision of the municipal council (fields of the SCDL « Délibérations » schema).</summary>
public sealed class Deliberation
{
    public long Id { get; private set; }
    public Guid EngagementId { get; private set; }
    /// <summary>Identifier of the act (SCDL DELIB_ID), e.g. DCM-1965-014.</summary>
    public required string Reference { get; init; }
    public required DateOnly Date { get; init; }
    public string? Subject { get; init; }
    public int? VotesFor { get; init; }
    public int? VotesAgainst { get; init; }
    public int? Abstentions { get; init; }
    public string? Url { get; init; }
}

public sealed record DocumentLink(string Title, string Url);

/// <summary>One source of an imported entry: its name (file or directory, with its licence), version and record.</summary>
public sealed record EngagementSource(string Name, string? Version, string? Record);

public sealed record StatusEvent(DateOnly? On, EngagementStatus Status, string? Reason, string? DeliberationReference);

public sealed record ActivityEntry(DateOnly On, string Kind, string Description, string? Url);

internal sealed class EngagementConfiguration : IEntityTypeConfiguration<Engagement>
{
    public void Configure(EntityTypeBuilder<Engagement> builder)
    {
        builder.ToTable("Engagements");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasDiscriminator(e => e.Kind)
            .HasValue<Twinning>(EngagementKind.Twinning)
            .HasValue<CooperationProject>(EngagementKind.CooperationProject)
            .HasValue<Partnership>(EngagementKind.Partnership)
            .HasValue<HonoraryCitizenship>(EngagementKind.HonoraryCitizenship)
            .HasValue<NetworkMembership>(EngagementKind.NetworkMembership)
            .HasValue<Summit>(EngagementKind.Summit)
            .HasValue<WorldDayObservance>(EngagementKind.WorldDay);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.CommuneCode).HasMaxLength(5);
        builder.Property(e => e.Title).HasMaxLength(300);
        builder.Property(e => e.Description).HasMaxLength(4000);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Visibility).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Themes).HasConversion(
                themes => string.Join('|', themes),
                text => text.Length == 0 ? new List<Theme>() : text.Split('|', StringSplitOptions.None).Select(Enum.Parse<Theme>).ToList(),
                new ValueComparer<List<Theme>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, t) => HashCode.Combine(h, t)), l => l.ToList()))
            .HasMaxLength(400);
        builder.Property(e => e.StatusReason).HasMaxLength(2000);
        builder.Property(e => e.ResponsibleOfficial).HasMaxLength(200);
        builder.Property(e => e.ResponsibleOfficer).HasMaxLength(200);
        builder.Property(e => e.Notes).HasMaxLength(8000);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Property(e => e.SourceName).HasMaxLength(200);
        builder.Property(e => e.SourceVersion).HasMaxLength(64);
        builder.Property(e => e.SourceRecord).HasMaxLength(300);
        builder.Property(e => e.Provenance).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.SourceUrl).HasMaxLength(1000);
        builder.Property(e => e.DismissalReason).HasMaxLength(2000);
        builder.HasIndex(e => new { e.CommuneCode, e.Kind, e.Status });
        builder.HasMany(e => e.Partners).WithOne().HasForeignKey(p => p.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Deliberations).WithOne().HasForeignKey(d => d.EngagementId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(e => e.Partners).AutoInclude();
        builder.Navigation(e => e.Deliberations).AutoInclude();
        builder.OwnsMany(e => e.Documents, b => b.ToJson());
        builder.OwnsMany(e => e.StatusHistory, b => b.ToJson());
        builder.OwnsMany(e => e.Activities, b => b.ToJson());
        builder.OwnsMany(e => e.Sources, b => b.ToJson());
        builder.Ignore(e => e.AwaitingRegularisation);
        builder.Ignore(e => e.IsReadOnly);
        builder.Ignore(e => e.IsDismissed);
    }
}

internal sealed class EngagementPartnerConfiguration : IEntityTypeConfiguration<EngagementPartner>
{
    public void Configure(EntityTypeBuilder<EngagementPartner> builder)
    {
        builder.ToTable("EngagementPartners");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.CountryCode).HasMaxLength(2);
        builder.Property(p => p.Admin1Code).HasMaxLength(20);
        builder.Property(p => p.WikidataId).HasMaxLength(16);
        builder.Ignore(p => p.LocatedBySource);
        builder.HasIndex(p => p.GeonameId);
        builder.HasIndex(p => new { p.CountryCode, p.Admin1Code });
    }
}

internal sealed class DeliberationConfiguration : IEntityTypeConfiguration<Deliberation>
{
    public void Configure(EntityTypeBuilder<Deliberation> builder)
    {
        builder.ToTable("Deliberations");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Reference).HasMaxLength(100);
        builder.Property(d => d.Subject).HasMaxLength(1000);
        builder.Property(d => d.Url).HasMaxLength(1000);
    }
}
