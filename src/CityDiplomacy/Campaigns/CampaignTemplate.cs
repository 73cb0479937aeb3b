using System.Reflection;
using System.Text.Json;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Campaigns;

/// <summary>
/// The campaign template shipped in the executable (data/campaigns): added once when missing, then editable like any
/// campaign — a later start never overwrites what monitors changed. Labelled as a template, not any organisation's text.
/// </summary>
public static class CampaignTemplate
{
    public const string Slug = "diplomatie-des-villes-2026";
    private const string Resource = "campaigns/" + Slug + ".json";

    public static CampaignInput Read()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
                           ?? throw new FileNotFoundException($"Modèle de campagne « {Resource} » absent de l'exécutable.", Resource);
        return JsonSerializer.Deserialize<CampaignInput>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
               ?? throw new InvalidDataException($"Modèle de campagne « {Resource} » vide.");
    }

    /// <summary>Adds the template when no campaign has its slug; returns whether it did.</summary>
    public static async Task<bool> SeedAsync(AppDb db, DateTime now, CancellationToken cancellationToken = default)
    {
        if (await db.Campaigns.AnyAsync(c => c.Slug == Slug, cancellationToken)) return false;
        var input = Read();
        var campaign = new Campaign(input.Slug ?? Slug, input.Title ?? "", input.Organiser ?? "", input.Election ?? "", now);
        campaign.Describe(campaign.Title, campaign.Organiser, campaign.Election, input.Description, CampaignStatus.Open, null, isTemplate: true, now);
        campaign.SetMeasures((input.Measures ?? [])
            .Select(m => new Measure { Code = m.Code ?? "", Title = m.Title ?? "", Text = m.Text ?? "", Theme = m.Theme ?? "", EvidenceKinds = m.EvidenceKinds ?? [] })
            .ToList(), now);
        db.Campaigns.Add(campaign);
        using (AuditActor.Use(Engagements.CatalogueSeeder.Actor))
            await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
