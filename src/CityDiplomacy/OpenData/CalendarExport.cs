using System.Globalization;
using System.Text;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.OpenData;

/// <summary>
/// The commune's calendar (iCalendar, RFC 5545): its coming world days and summits, and the yearly anniversaries
/// of its twinnings' signatures and of its honorary citizenships' council votes. All-day events (DATE values),
/// CRLF line ends, lines folded at 75 octets, text escaped, one stable UID per event. RFC 5545 requires at least one
/// component in a calendar: a commune with no event has no calendar (404, no link).
/// </summary>
public static class CalendarExport
{
    public static void Register(OpenDataRegistry registry) => registry.Add(new(
        "calendar.ics", "text/calendar; charset=utf-8", "iCalendar", "Agenda international",
        "iCalendar (RFC 5545) : journées mondiales et sommets à venir, anniversaires des jumelages et des citoyennetés d'honneur (RRULE annuelle).",
        [ExportScope.Commune], WriteAsync, HasContentAsync));

    private static readonly EngagementKind[] Kinds =
        [EngagementKind.WorldDay, EngagementKind.Summit, EngagementKind.Twinning, EngagementKind.HonoraryCitizenship];

    private static async Task<bool> HasContentAsync(ExportContext context, CancellationToken cancellationToken)
    {
        if (!await PublicRegister.Filter(context.Db, context.Request).AnyAsync(e => Kinds.Contains(e.Kind), cancellationToken)) return false;
        var today = Today(context.Clock);
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
            if (Written(e, today).Any()) return true;
        return false;
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Paris).DateTime);

    // Dates are bounded (1900–2100) when written; a row older than that rule is left out rather than cutting the file.
    private static IEnumerable<CalendarEvent> Written(OpenEngagement e, DateOnly today) =>
        Events(e, today).Where(i => Ranges.Contains(i.Start) && i.EndExclusive > i.Start);

    public const string ProductId = "-//CityDiplomacy//Diplomatie des villes//FR";

    private static async Task WriteAsync(ExportContext context, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        var ics = new IcsWriter(writer);
        var today = Today(context.Clock);
        await ics.LineAsync("BEGIN", "VCALENDAR");
        await ics.LineAsync("VERSION", "2.0");
        await ics.LineAsync("PRODID", ProductId);
        await ics.LineAsync("CALSCALE", "GREGORIAN");
        await ics.LineAsync("X-WR-CALNAME", IcsWriter.Escape($"Action internationale — {context.Request.ScopeName}"));
        var count = 0;
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
        {
            foreach (var item in Written(e, today))
            {
                await ics.EventAsync(item, e.UpdatedAt);
                count++;
            }
        }
        if (count == 0) throw new NothingToPublishException("Aucun événement à venir ni anniversaire : un calendrier sans composant est invalide.");
        await ics.LineAsync("END", "VCALENDAR");
        await writer.FlushAsync(cancellationToken);
    }

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>One event of the calendar. <see cref="Yearly"/>: an anniversary, repeated every year from its date.</summary>
    public sealed record CalendarEvent(string Uid, DateOnly Start, DateOnly EndExclusive, string Summary, string? Description, bool Yearly);

    public static IEnumerable<CalendarEvent> Events(OpenEngagement e, DateOnly today)
    {
        var uid = e.Id.ToString("N");
        switch (e.Kind)
        {
            case EngagementKind.WorldDay when e is { WorldDayYear: { } year, WorldDayMonth: { } month, WorldDayDay: { } day }
                                             && day <= DateTime.DaysInMonth(year, month):
                var on = new DateOnly(year, month, day);
                if (on >= today)
                    yield return new($"{uid}-journee@citydiplomacy", on, on.AddDays(1), e.WorldDayName ?? e.Title, e.Title, false);
                break;
            case EngagementKind.Summit when e.StartedOn is { } start && (e.EndedOn ?? start) >= today:
                var place = e.EventPlace is null ? "" : $" ({e.EventPlace})";
                if ((e.EndedOn ?? start) >= DateOnly.MaxValue.AddDays(-1)) break;
                yield return new($"{uid}-sommet@citydiplomacy", start, (e.EndedOn ?? start).AddDays(1), (e.EventName ?? e.Title) + place, e.EventRole, false);
                break;
            case EngagementKind.Twinning when e.StartedOn is { } signed && e.Status != EngagementStatus.Ended && signed < DateOnly.MaxValue:
                var partner = e.Partners.Count > 0 ? $"{e.Partners[0].Name} ({e.Partners[0].CountryCode})" : e.Title;
                yield return new($"{uid}-anniversaire@citydiplomacy", signed, signed.AddDays(1),
                    $"Anniversaire du jumelage avec {partner}", $"{e.Title}, signé le {signed:yyyy-MM-dd}. {OpenEngagement.ProvenanceText(e)}", true);
                break;
            case EngagementKind.HonoraryCitizenship when (e.CouncilVoteOn ?? e.StartedOn) is { } voted && e.Status != EngagementStatus.Ended
                                                         && voted < DateOnly.MaxValue:
                yield return new($"{uid}-anniversaire@citydiplomacy", voted, voted.AddDays(1),
                    $"Anniversaire de la citoyenneté d'honneur de {e.PersonName ?? e.Title}", $"Votée par le conseil municipal le {voted:yyyy-MM-dd}. {OpenEngagement.ProvenanceText(e)}", true);
                break;
        }
    }

    /// <summary>Writes content lines: escaped values, folded at 75 octets without cutting a UTF-8 character, CRLF.</summary>
    public sealed class IcsWriter(TextWriter writer)
    {
        public async Task EventAsync(CalendarEvent item, DateTime revisedAt)
        {
            await LineAsync("BEGIN", "VEVENT");
            await LineAsync("UID", item.Uid);
            // Stored instants are UTC; SQLite reads them back as Unspecified, which ToUniversalTime would shift by the server's zone.
            var stamp = revisedAt.Kind == DateTimeKind.Local ? revisedAt.ToUniversalTime() : DateTime.SpecifyKind(revisedAt, DateTimeKind.Utc);
            await LineAsync("DTSTAMP", stamp.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            await LineAsync("DTSTART;VALUE=DATE", Date(item.Start));
            await LineAsync("DTEND;VALUE=DATE", Date(item.EndExclusive));
            if (item.Yearly) await LineAsync("RRULE", "FREQ=YEARLY");
            await LineAsync("SUMMARY", Escape(item.Summary));
            if (item.Description is not null) await LineAsync("DESCRIPTION", Escape(item.Description));
            await LineAsync("TRANSP", "TRANSPARENT");
            await LineAsync("END", "VEVENT");
        }

        public async Task LineAsync(string name, string value)
        {
            foreach (var line in Fold($"{name}:{value}")) await writer.WriteAsync(line + "\r\n");
        }

        private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        /// <summary>TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, line breaks; no control character.</summary>
        public static string Escape(string text) => TextRule.ForDisplay(text)
            .Replace("\t", " ", StringComparison.Ordinal)
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);

        /// <summary>Lines of at most 75 octets; continuation lines start with one space (counted in their 75).</summary>
        public static IEnumerable<string> Fold(string line)
        {
            var start = 0;
            var limit = 75;
            while (start < line.Length)
            {
                var octets = 0;
                var end = start;
                while (end < line.Length)
                {
                    var width = char.IsSurrogatePair(line, end) ? 2 : 1;
                    var size = Encoding.UTF8.GetByteCount(line.AsSpan(end, width));
                    if (octets + size > limit) break;
                    octets += size;
                    end += width;
                }
                yield return (start == 0 ? "" : " ") + line[start..end];
                start = end;
                limit = 74;
            }
        }
    }
}
