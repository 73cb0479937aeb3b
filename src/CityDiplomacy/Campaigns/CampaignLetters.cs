using System.Globalization;
using System.Text;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Portal;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Campaigns;

/// <summary>One block of a letter: the Word and HTML writers lay out the same text.</summary>
public enum LetterBlockKind { Heading, Paragraph, Item, Quote, Signature }

public sealed record LetterBlock(LetterBlockKind Kind, string Text);

/// <summary>The letter to one list: its addressee, its subject and its blocks of text.</summary>
public sealed record Letter(string ListName, string HeadOfList, int? Panel, string Addressee, string Subject, IReadOnlyList<LetterBlock> Blocks);

/// <summary>The letters of a commune, one per list in official panel order (all lists, answered or not; no ranking).</summary>
public sealed record CommuneLetters(string CampaignSlug, string CampaignTitle, string CommuneCode, string CommuneName, IReadOnlyList<Letter> Letters)
{
    /// <summary>The file name of the commune's Word document: « 45284-saint-jean-de-braye.docx ».</summary>
    public string FileName(string extension) => $"{CommuneCode}-{CampaignLetters.FileSlug(CommuneName)}.{extension}";
}

/// <summary>
/// Letters to the candidate lists of a commune: addressed to each list's head, they cite the commune's own register as
/// the public pages show it (twinnings with partner, country and status or provenance; open public points of attention
/// with their sources and the commune's public answer; honorary citizenships and the person's latest public situation),
/// then the campaign's measures. Built from <see cref="PublicEngagements"/> and the public flag view only, so nothing
/// internal and nothing confidential can reach a letter.
/// </summary>
public static class CampaignLetters
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>A commune's lists in official panel order: panel number, then lists without one by name.</summary>
    public static List<CandidateList> InPanelOrder(this IEnumerable<CandidateList> lists) =>
        lists.OrderBy(l => l.Panel ?? int.MaxValue).ThenBy(l => l.Name, StringComparer.Ordinal).ToList();

    /// <summary>Builds the letters of a commune from its public register; <paramref name="lists"/> in official panel order.</summary>
    public static async Task<CommuneLetters> BuildAsync(AppDb db, Campaign campaign, string communeCode, string communeName,
        IReadOnlyList<CandidateList> lists, DateOnly today, string publicBaseUrl, CancellationToken cancellationToken)
    {
        // Letters are French whatever the reader's interface language: country names follow the UI culture. Set inside
        // this async method, the culture goes back to the caller's when it returns.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = French;
        var engagements = await db.PublicEngagementsAsync(communeCode, cancellationToken);
        var flags = await db.ListAsync(communeCode, includeInternal: false, cancellationToken: cancellationToken);
        var register = Register(communeName, engagements, flags);
        var measures = new List<LetterBlock> { new(LetterBlockKind.Heading, "Nos questions") };
        measures.Add(new(LetterBlockKind.Paragraph,
            "Nous posons les mêmes questions à chaque liste candidate de la commune. Pour chacune, dites-nous si votre liste s'engage, s'engage en partie ou ne s'engage pas :"));
        measures.AddRange(campaign.Measures.Select(m => new LetterBlock(LetterBlockKind.Item, $"{m.Code} — {m.Title} : {m.Text}")));

        var letters = lists.Select(list =>
        {
            var blocks = new List<LetterBlock>();
            if (campaign.IsTemplate)
                blocks.Add(new(LetterBlockKind.Paragraph, "Modèle de lettre fourni avec l'application : ce texte n'est le texte officiel d'aucune organisation."));
            blocks.Add(new(LetterBlockKind.Paragraph, campaign.Organiser));
            blocks.Add(new(LetterBlockKind.Paragraph, $"Le {today.ToString("d MMMM yyyy", French)}"));
            blocks.Add(new(LetterBlockKind.Paragraph, "Madame, Monsieur,"));
            blocks.Add(new(LetterBlockKind.Paragraph,
                $"En vue de l'élection « {campaign.Election} », nous écrivons à chacune des {lists.Count} liste{(lists.Count > 1 ? "s" : "")} " +
                $"candidate{(lists.Count > 1 ? "s" : "")} de {communeName} au sujet de l'action internationale de la commune. Toutes reçoivent la même lettre ; " +
                "aucune n'est classée, et nous publierons les réponses telles qu'elles nous parviennent, en indiquant aussi les listes qui n'ont pas répondu."));
            if (campaign.Description is { } description) blocks.Add(new(LetterBlockKind.Paragraph, description));
            blocks.AddRange(register);
            blocks.AddRange(measures);
            blocks.Add(new(LetterBlockKind.Heading, "Votre réponse"));
            blocks.Add(new(LetterBlockKind.Paragraph,
                (campaign.ClosesOn is { } closes ? $"Nous recueillons les réponses jusqu'au {closes.ToString("d MMMM yyyy", French)}. " : "") +
                "Le lien privé par lequel votre liste peut répondre en ligne, sans compte, vous est adressé séparément ; vous pouvez aussi nous répondre par écrit. " +
                $"Les réponses publiées sont consultables sur {publicBaseUrl}/communes/{communeCode}/campagnes/{campaign.Slug}."));
            blocks.Add(new(LetterBlockKind.Paragraph, "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées."));
            blocks.Add(new(LetterBlockKind.Signature, campaign.Organiser));
            var addressee = $"{list.HeadOfList}, tête de la liste « {list.Name} »" + (list.Panel is { } panel ? $" (panneau n° {panel})" : "") + $", {communeName}";
            return new Letter(list.Name, list.HeadOfList, list.Panel, addressee, $"Objet : {campaign.Title} — l'action internationale de {communeName}", blocks);
        }).ToList();
        return new CommuneLetters(campaign.Slug, campaign.Title, communeCode, communeName, letters);
    }

    /// <summary>What the commune's public register shows, in the words of its public page: never more than the source says.</summary>
    private static List<LetterBlock> Register(string communeName, IReadOnlyList<PublicEngagement> engagements, IReadOnlyList<FlagView> flags)
    {
        var blocks = new List<LetterBlock>
        {
            new(LetterBlockKind.Heading, $"Ce que montre le registre public de {communeName}"),
            new(LetterBlockKind.Paragraph,
                "Les éléments qui suivent viennent des données publiques de la commune sur cette plateforme, avec leur provenance ; " +
                "n'hésitez pas à nous signaler une erreur ou un oubli."),
            new(LetterBlockKind.Heading, "Jumelages"),
        };
        var twinnings = engagements.Where(e => e.Kind == EngagementKind.Twinning).ToList();
        if (twinnings.Count == 0) blocks.Add(new(LetterBlockKind.Paragraph, "Aucun jumelage n'est enregistré publiquement."));
        blocks.AddRange(twinnings.Select(e => new LetterBlock(LetterBlockKind.Item, Twinning(e))));

        blocks.Add(new(LetterBlockKind.Heading, "Points d'attention ouverts"));
        if (flags.Count == 0) blocks.Add(new(LetterBlockKind.Paragraph, "Aucun point d'attention public n'est ouvert sur les engagements de la commune."));
        foreach (var f in flags)
        {
            blocks.Add(new(LetterBlockKind.Item, $"{Capitalize(FlagViews.RuleLabel(f.RuleId))} — {f.EngagementTitle} : {f.Explanation} " +
                                                 $"(gravité : {FlagViews.Label(Enum.Parse<FlagSeverity>(f.Severity, ignoreCase: true))} ; règle {f.RuleId})"));
            foreach (var source in f.Evidence)
                blocks.Add(new(LetterBlockKind.Quote, "Source : " + source.SourceName
                                                      + (source.Url is null ? "" : $", {source.Url}")
                                                      + (source.Date is null ? "" : $", {source.Date}")));
            blocks.Add(new(LetterBlockKind.Quote, f.PublicAnswer is { } answer
                ? $"Réponse publique de la commune{(f.DecidedOn is { } on ? $" ({on.ToString("d MMMM yyyy", French)})" : "")} : « {answer} »"
                : "La commune n'a pas encore publié de réponse."));
        }

        blocks.Add(new(LetterBlockKind.Heading, "Citoyennetés d'honneur"));
        var citizenships = engagements.Where(e => e.Kind == EngagementKind.HonoraryCitizenship).ToList();
        if (citizenships.Count == 0) blocks.Add(new(LetterBlockKind.Paragraph, "Aucune citoyenneté d'honneur n'est enregistrée publiquement."));
        foreach (var e in citizenships)
        {
            // The title is often the person's name: say it once.
            var text = new StringBuilder();
            if (e.Person is null) text.Append(e.Title);
            else if (e.Person.StartsWith(e.Title, StringComparison.Ordinal)) text.Append("Personne honorée : ").Append(e.Person);
            else text.Append(e.Title).Append(" — personne honorée : ").Append(e.Person);
            if (e.StartedOn is { } since) text.Append(" ; depuis le ").Append(since.ToString("d MMMM yyyy", French));
            text.Append(" (").Append(Provenance(e)).Append(')');
            if (e.Situation is { } s)
            {
                text.Append(". Situation connue publiquement : ").Append(Pages.Display.Label(s.Situation))
                    .Append(" (").Append(s.DayUnknown ? s.On.ToString("MMMM yyyy", French) : s.On.ToString("d MMMM yyyy", French)).Append(')');
                if (s.Summary is not null) text.Append(" — ").Append(s.Summary);
                if (s.SourceUrl is not null) text.Append(" ; source : ").Append(s.SourceUrl);
            }
            else
            {
                text.Append(". Aucune information publique sur sa situation actuelle.");
            }
            blocks.Add(new(LetterBlockKind.Item, text.ToString()));
        }
        return blocks;
    }

    /// <summary>
    /// « Jumelage avec Tuchów — Tuchów (Pologne) : actif depuis le 20 février 1965, d'après le registre de la commune ». A
    /// twinning known from a directory or an observed source is « signalé par … », never given a status the commune did not state.
    /// </summary>
    private static string Twinning(PublicEngagement e)
    {
        var partners = e.Partners.Count == 0 ? "" : " — " + string.Join(" ; ", e.Partners.Select(p => $"{p.Name} ({p.CountryName ?? p.CountryCode})"));
        var state = e.Provenance?.Provenance switch
        {
            Engagements.Provenance.Directory or Engagements.Provenance.Observed => Provenance(e),
            _ => EngagementStatuses.Label(e.Status)
                 + (e.StartedOn is { } since && e.Status is not (EngagementStatus.Suspended or EngagementStatus.Ended) ? $" depuis le {since.ToString("d MMMM yyyy", French)}" : "")
                 + (e.StatusChangedOn is { } changed ? $" le {changed.ToString("d MMMM yyyy", French)}" : "")
                 + (e.StatusReason is { } reason ? $" ({reason})" : "")
                 + ", " + Provenance(e)
                 + (e.DeliberationNotPublished ? " ; délibération non publiée" : ""),
        };
        return $"{e.Title}{partners} : {state}";
    }

    /// <summary>Who says the engagement exists, as the public page says it.</summary>
    private static string Provenance(PublicEngagement e) => e.Provenance switch
    {
        { Provenance: Engagements.Provenance.Directory } p =>
            $"signalé par {p.SourceLabel ?? "un annuaire national"}{(p.SourceUrl is null ? "" : $" ({p.SourceUrl})")}, non confirmé par la commune",
        { Provenance: Engagements.Provenance.Observed } p =>
            $"signalé d'après {p.SourceName ?? "une source publique"}{(p.SourceUrl is null ? "" : $" ({p.SourceUrl})")}, non confirmé par la commune",
        { ConfirmedOn: { } on } => $"confirmé par la commune le {on.ToString("d MMMM yyyy", French)}",
        _ => "d'après le registre de la commune",
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], French) + text[1..];

    /// <summary>An ASCII file-name part: « Saint-Jean-de-Braye » → « saint-jean-de-braye ».</summary>
    public static string FileSlug(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) text.Append(char.ToLowerInvariant(c));
            else if (text.Length > 0 && text[^1] != '-') text.Append('-');
        }
        var slug = text.ToString().Trim('-');
        return slug.Length == 0 ? "commune" : slug[..Math.Min(slug.Length, 60)];
    }

    /// <summary>A department code as INSEE writes it (« 45 », « 2A », « 974 »), or null.</summary>
    public static string? DepartmentCode(string? value)
    {
        var code = value?.Trim().ToUpperInvariant() ?? "";
        if (code.Length == 1 && char.IsAsciiDigit(code[0])) code = "0" + code;
        return code.Length is 2 or 3 && code.All(char.IsAsciiLetterOrDigit) ? code : null;
    }
}
