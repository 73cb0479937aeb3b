using System.Globalization;
using System.Text.RegularExpressions;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Imports;

/// <summary>What the importer knows of the world to recognise a column from its cells: countries and place names.</summary>
public interface IImportVocabulary
{
    /// <summary>A country name or code, in French, English or ISO (alpha-2, alpha-3), as the country table knows it.</summary>
    bool IsCountry(string cell);

    /// <summary>A name the resolver knows as a place or a region (« Cracovie », « Vienne (Autriche) »).</summary>
    bool IsPlace(string cell);
}

/// <summary>The country table and the place index of a <see cref="PlaceResolver"/>, as an import vocabulary.</summary>
public sealed class ResolverVocabulary(PlaceResolver resolver) : IImportVocabulary
{
    public bool IsCountry(string cell) => resolver.Countries.Find(cell) is not null;

    public bool IsPlace(string cell)
    {
        var text = QueryText.Parse(cell);
        if (text.Whole.Length == 0) return false;
        if (!resolver.Names.Postings(NameFolding.Fold(text.Whole)).IsEmpty) return true;
        foreach (var name in text.Names)
            if (!resolver.Names.Postings(NameFolding.Fold(name)).IsEmpty) return true;
        return false;
    }
}

/// <summary>
/// Chooses the field of each column from its header and from its cells. Each (column, field) pair gets a score between
/// 0 and 1: for a field whose values can be recognised (partner: a place the resolver knows; country: a country of the
/// country table; status and type: their words; dates: the accepted forms; deliberation: a reference such as
/// « DCM-2019-045 »), <c>max(0.4·H + 0.6·V, 0.5·H)</c>, where H is 1 when the header is one of the field's names and V
/// the share of the column's non-empty cells (the first <see cref="SampleSize"/>) that look like the field; for a
/// free-text field (title, reason, committee, notes) or an empty column, <c>0.8·H</c>. So the cells win over a header they clearly contradict: « Etat »
/// holding Pologne, Autriche… scores 0.6 as the country and 0.4 as the status. Pairs are taken best first, a column and
/// a field once each, from <see cref="Threshold"/> up; ties go to the left column. A column is ambiguous when another
/// field scores within <see cref="Margin"/> of the one chosen, or another column within the margin for the same field.
/// </summary>
public static class ColumnDetection
{
    public const double Threshold = 0.45;
    public const double Margin = 0.1;
    public const int SampleSize = 200;

    /// <summary>The fields an import cannot do without: a row without a partner is not an engagement.</summary>
    public static readonly IReadOnlySet<ImportField> Required = new HashSet<ImportField> { ImportField.Partner };

    /// <summary>Folded header names (see <see cref="TownHallCsv.FoldHeader"/>) and the field each one means.</summary>
    internal static readonly Dictionary<string, ImportField> Headers = new(StringComparer.Ordinal)
    {
        ["ville partenaire"] = ImportField.Partner, ["commune partenaire"] = ImportField.Partner,
        ["collectivite partenaire"] = ImportField.Partner, ["partenaire"] = ImportField.Partner,
        ["ville jumelle"] = ImportField.Partner, ["commune jumelle"] = ImportField.Partner, ["ville"] = ImportField.Partner,
        ["ville jumelee"] = ImportField.Partner, ["commune jumelee"] = ImportField.Partner, ["partner"] = ImportField.Partner,
        ["pays"] = ImportField.Country, ["pays partenaire"] = ImportField.Country, ["etat"] = ImportField.Country,
        ["country"] = ImportField.Country,
        ["type"] = ImportField.Kind, ["nature"] = ImportField.Kind, ["type d engagement"] = ImportField.Kind,
        ["intitule"] = ImportField.Title, ["titre"] = ImportField.Title,
        ["date de signature"] = ImportField.SignedOn, ["date signature"] = ImportField.SignedOn,
        ["date du jumelage"] = ImportField.SignedOn, ["date de jumelage"] = ImportField.SignedOn,
        ["date de debut"] = ImportField.SignedOn, ["date"] = ImportField.SignedOn,
        ["statut"] = ImportField.Status, ["situation"] = ImportField.Status, ["etat du jumelage"] = ImportField.Status,
        ["statut du jumelage"] = ImportField.Status, ["status"] = ImportField.Status,
        ["date de suspension"] = ImportField.StatusOn, ["date de fin"] = ImportField.StatusOn,
        ["date du statut"] = ImportField.StatusOn,
        ["motif"] = ImportField.StatusReason, ["motif de suspension"] = ImportField.StatusReason,
        ["motif de fin"] = ImportField.StatusReason,
        ["deliberation"] = ImportField.Deliberation, ["n deliberation"] = ImportField.Deliberation,
        ["no deliberation"] = ImportField.Deliberation, ["n de deliberation"] = ImportField.Deliberation,
        ["numero de deliberation"] = ImportField.Deliberation, ["reference de la deliberation"] = ImportField.Deliberation,
        ["date de deliberation"] = ImportField.DeliberationDate, ["date de la deliberation"] = ImportField.DeliberationDate,
        ["comite de jumelage"] = ImportField.Committee, ["comite"] = ImportField.Committee,
        ["association"] = ImportField.Committee,
        ["observations"] = ImportField.Notes, ["observation"] = ImportField.Notes, ["notes"] = ImportField.Notes,
        ["remarques"] = ImportField.Notes, ["commentaires"] = ImportField.Notes, ["commentaire"] = ImportField.Notes,
    };

    /// <summary>« DCM-1965-014 », « D2019/45 », « 2019-045 », « n° 12-2001 »: letters (optional), then numbers joined by - / . _.</summary>
    private static readonly Regex DeliberationReference = new(
        @"^(?:[a-z]{1,8}[\s°º.\-_/]*)?\d{1,4}(?:\s*[\-_/.]\s*\d{1,5}){1,2}[a-z]?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>The mapping of <paramref name="header"/> over the cells of <paramref name="rows"/> (one string array per row).</summary>
    public static List<ColumnMapping> Detect(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, IImportVocabulary? vocabulary)
    {
        var fields = Enum.GetValues<ImportField>();
        var scores = new double[header.Count, fields.Length];
        for (var column = 0; column < header.Count; column++)
        {
            var sample = new List<string>(SampleSize);
            foreach (var row in rows)
            {
                if (column < row.Length && !string.IsNullOrWhiteSpace(row[column])) sample.Add(row[column].Trim());
                if (sample.Count == SampleSize) break;
            }
            var named = Headers.TryGetValue(TownHallCsv.FoldHeader(header[column]), out var known) ? known : (ImportField?)null;
            foreach (var field in fields)
            {
                var h = named == field ? 1.0 : 0.0;
                // A header names its field at 0.5 at least: cells the vocabulary does not know do not contradict it.
                scores[column, (int)field] = Share(field, sample, vocabulary) is { } share ? Math.Max(0.4 * h + 0.6 * share, 0.5 * h) : 0.8 * h;
            }
        }

        var pairs = new List<(int Column, ImportField Field, double Score)>();
        for (var column = 0; column < header.Count; column++)
            foreach (var field in fields)
                if (scores[column, (int)field] >= Threshold) pairs.Add((column, field, scores[column, (int)field]));
        var chosen = new ImportField?[header.Count];
        var taken = new HashSet<ImportField>();
        foreach (var pair in pairs.OrderByDescending(p => Math.Round(p.Score, 6)).ThenBy(p => p.Column).ThenBy(p => p.Field))
            if (chosen[pair.Column] is null && taken.Add(pair.Field)) chosen[pair.Column] = pair.Field;

        var columns = new List<ColumnMapping>(header.Count);
        for (var column = 0; column < header.Count; column++)
        {
            var best = fields.MaxBy(f => scores[column, (int)f]);
            var field = chosen[column];
            var score = field is { } f0 ? scores[column, (int)f0] : scores[column, (int)best];
            var rivals = new List<string>();
            if (field is { } f1)
            {
                foreach (var other in fields)
                    if (other != f1 && scores[column, (int)other] >= Threshold && scores[column, (int)other] >= score - Margin)
                        rivals.Add($"{TownHallCsv.Label(other)} ({Format(scores[column, (int)other])})");
                for (var c = 0; c < header.Count; c++)
                    if (c != column && scores[c, (int)f1] >= Threshold && scores[c, (int)f1] >= score - Margin)
                        rivals.Add($"colonne « {Name(header, c)} » pour {TownHallCsv.Label(f1)} ({Format(scores[c, (int)f1])})");
            }
            else if (score >= Threshold)
                rivals.Add($"{TownHallCsv.Label(best)} ({Format(score)}), déjà lu dans une autre colonne");
            columns.Add(new ColumnMapping(column, header[column].Trim(), field, Math.Round(score, 2),
                rivals.Count == 0 ? null : string.Join(" ; ", rivals)));
        }
        return columns;
    }

    private static string Name(IReadOnlyList<string> header, int column) =>
        header[column].Trim() is { Length: > 0 } name ? name : $"colonne {column + 1}";

    internal static string Format(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The share of the cells that look like the field; null for a free-text field (no signal from the values).</summary>
    private static double? Share(ImportField field, List<string> sample, IImportVocabulary? vocabulary)
    {
        Func<string, bool>? looksLike = field switch
        {
            ImportField.Partner => vocabulary is null ? null : vocabulary.IsPlace,
            ImportField.Country => vocabulary is null ? null : vocabulary.IsCountry,
            ImportField.Status => cell => TownHallCsv.ParseStatus(cell) is not null,
            ImportField.Kind => cell => TownHallCsv.ParseKind(cell) is not null,
            ImportField.SignedOn or ImportField.StatusOn or ImportField.DeliberationDate => IsDate,
            ImportField.Deliberation => cell => !IsDate(cell) && DeliberationReference.IsMatch(cell),
            _ => null,
        };
        if (looksLike is null || sample.Count == 0) return null;
        return sample.Count(looksLike) / (double)sample.Count;
    }

    private static bool IsDate(string cell) => TownHallCsv.TryParseDate(cell, out var date) && date is not null;
}
