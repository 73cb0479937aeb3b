using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Pages;

public sealed class SuspendedTwinningPageTests
{
    [Fact]
    public async Task The_public_page_says_when_and_why_a_twinning_was_suspended()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await using (var db = app.OpenDb())
        {
            var twinning = new Twinning("45284", "Jumelage avec Tuchów");
            twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 756634, Name = "Tuchów", CountryCode = "PL" }]);
            twinning.Start(EngagementStatus.Active, new DateOnly(2000, 1, 1));
            twinning.Suspend("Motion unanime du conseil municipal après la résolution de Tuchów", new DateOnly(2020, 2, 14));
            db.Engagements.Add(twinning);
            await db.SaveChangesAsync();
        }

        var page = await app.GetPageAsync("/communes/45284");
        var item = page.QuerySelector(".public-engagements li")!.TextContent;

        Assert.Contains("Tuchów (Pologne, GeoNames 756634)", item);
        Assert.Contains("Suspendu le 14 février 2020 : Motion unanime du conseil municipal après la résolution de Tuchów", item);
    }
}
