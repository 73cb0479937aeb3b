using System.Security.Cryptography;
using System.Text;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Campaigns;

/// <summary>
/// A list standing in a commune, as the campaign knows it: its name, its head, its panel number (the official order in
/// which lists are shown: never a ranking), and the private link through which its head answers.
/// </summary>
public sealed class CandidateList
{
    public const int NameMax = 300;
    public const int HeadMax = 200;
    public const int SourceMax = 300;

    private CandidateList() { }

    public CandidateList(Guid campaignId, string communeCode, string name, string headOfList, int? panel, string? source, DateTime now)
    {
        Id = Guid.CreateVersion7();
        CampaignId = campaignId;
        CommuneCode = communeCode;
        Name = Campaign.Require(name, "name", NameMax, "Le nom de la liste est obligatoire.");
        HeadOfList = Campaign.Require(headOfList, "headOfList", HeadMax, "La tête de liste est obligatoire.");
        Panel = CheckPanel(panel);
        Source = Campaign.Optional(source, "source", SourceMax);
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CampaignId { get; private set; }
    public string CommuneCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string HeadOfList { get; private set; } = "";
    /// <summary>The panel number the prefecture gave the list (official display order), when known.</summary>
    public int? Panel { get; private set; }
    /// <summary>Where the list comes from: typed in, or the imported file and its version.</summary>
    public string? Source { get; private set; }
    /// <summary>The day the list won the election (then its signed and partial answers become commitments).</summary>
    public DateOnly? ElectedOn { get; private set; }
    /// <summary>SHA-256 of the private answer link's token; the token itself is shown once and never stored.</summary>
    public string? AnswerTokenHash { get; private set; }
    public DateTime? AnswerTokenIssuedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>Brings an imported list in line with the file (name and head may be corrected by the prefecture).</summary>
    public bool Update(string headOfList, int? panel)
    {
        var head = Campaign.Require(headOfList, "headOfList", HeadMax, "La tête de liste est obligatoire.");
        var checkedPanel = CheckPanel(panel) ?? Panel;
        if (head == HeadOfList && checkedPanel == Panel) return false;
        HeadOfList = head;
        Panel = checkedPanel;
        return true;
    }

    /// <summary>A new private answer link: 256 random bits, of which only the hash is kept; the previous link stops working.</summary>
    public string IssueAnswerToken(Campaign campaign, DateTime now)
    {
        if (!campaign.IsOpen) throw new DomainRuleException("campaign", "La campagne est close : elle ne reçoit plus de réponses.");
        if (campaign.AnswerLinksExpireAt() is not { } expiry)
            throw new DomainRuleException("closesOn", "Donnez d'abord une date de clôture à la campagne : le lien de réponse expire à cette date.");
        if (expiry <= now) throw new DomainRuleException("closesOn", "La date de clôture de la campagne est passée.");
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        AnswerTokenHash = HashToken(token);
        AnswerTokenIssuedAt = now;
        return token;
    }

    public void MarkElected(DateOnly on)
    {
        if (on.Year < 1990 || on.Year > 2100) throw new DomainRuleException("on", "La date doit être comprise entre 1990 et 2100.");
        if (ElectedOn is not null) throw new DomainRuleException("on", $"La liste est déjà enregistrée comme élue le {ElectedOn:yyyy-MM-dd}.");
        ElectedOn = on;
    }

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int? CheckPanel(int? panel) =>
        panel is null or (>= 1 and <= 999) ? panel : throw new DomainRuleException("panel", "Le numéro de panneau est compris entre 1 et 999.");
}

internal sealed class CandidateListConfiguration : IEntityTypeConfiguration<CandidateList>
{
    public void Configure(EntityTypeBuilder<CandidateList> builder)
    {
        builder.ToTable("CandidateLists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.CommuneCode).HasMaxLength(5);
        builder.Property(l => l.Name).HasMaxLength(CandidateList.NameMax);
        builder.Property(l => l.HeadOfList).HasMaxLength(CandidateList.HeadMax);
        builder.Property(l => l.Source).HasMaxLength(CandidateList.SourceMax);
        builder.Property(l => l.AnswerTokenHash).HasMaxLength(64);
        builder.HasIndex(l => new { l.CampaignId, l.CommuneCode, l.Name }).IsUnique();
        builder.HasIndex(l => l.AnswerTokenHash).IsUnique();
        builder.HasOne<Campaign>().WithMany().HasForeignKey(l => l.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
