using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using CityDiplomacy.OpenData;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CityDiplomacy.Campaigns;

/// <summary>The letters of a commune as a Word document (one letter a page or more) and as a print-friendly HTML page.</summary>
public static class LetterDocuments
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>A .docx of the commune's letters, one after the other, each starting on a new page.</summary>
    public static void WriteDocx(CommuneLetters letters, Stream output)
    {
        // The package needs a seekable stream: build it in memory, then copy (a commune's letters are a few kilobytes).
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = $"{letters.CampaignTitle} — {letters.CommuneName}";
            document.PackageProperties.Language = "fr-FR";
            var main = document.AddMainDocumentPart();
            var body = new Body();
            for (var i = 0; i < letters.Letters.Count; i++)
            {
                var letter = letters.Letters[i];
                body.Append(Paragraph(letter.Addressee, bold: true, pageBreakBefore: i > 0));
                body.Append(Paragraph(letter.Subject, bold: true, spaceBefore: 240));
                foreach (var block in letter.Blocks)
                    body.Append(block.Kind switch
                    {
                        LetterBlockKind.Heading => Paragraph(block.Text, bold: true, size: 26, spaceBefore: 240, keepNext: true),
                        LetterBlockKind.Item => Paragraph("• " + block.Text, indent: 360),
                        LetterBlockKind.Quote => Paragraph(block.Text, indent: 720, italic: true),
                        LetterBlockKind.Signature => Paragraph(block.Text, spaceBefore: 480, indent: 4320),
                        _ => Paragraph(block.Text),
                    });
            }
            // A4 with 2 cm margins.
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static Paragraph Paragraph(string text, bool bold = false, bool italic = false, int? size = null, int spaceBefore = 0,
        int indent = 0, bool keepNext = false, bool pageBreakBefore = false)
    {
        var properties = new ParagraphProperties();
        if (keepNext) properties.Append(new KeepNext());
        if (pageBreakBefore) properties.Append(new PageBreakBefore());
        properties.Append(new SpacingBetweenLines { Before = spaceBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), After = "120" });
        if (indent > 0) properties.Append(new Indentation { Left = indent.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var paragraph = new Paragraph(properties);
        var lines = XmlSafe(text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var run = new Run();
            var runProperties = new RunProperties();
            if (bold) runProperties.Append(new Bold());
            if (italic) runProperties.Append(new Italic());
            if (size is { } half) runProperties.Append(new FontSize { Val = half.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            runProperties.Append(new Languages { Val = "fr-FR" });
            run.Append(runProperties);
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i].TrimEnd('\r')) { Space = SpaceProcessingModeValues.Preserve });
            paragraph.Append(run);
        }
        return paragraph;
    }

    /// <summary>Characters XML 1.0 cannot hold are dropped (the register's texts are checked on input; this is the last guard).</summary>
    private static string XmlSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) safe.Append(c).Append(text[++i]);
            else if (!char.IsSurrogate(c) && (!char.IsControl(c) || c is '\n' or '\t' or '\r') && c is not ('\uFFFE' or '\uFFFF')) safe.Append(c);
        }
        return safe.ToString();
    }

    /// <summary>A print-friendly HTML page of the commune's letters; every text is encoded.</summary>
    public static string Html(CommuneLetters letters, HtmlEncoder encoder)
    {
        string E(string text) => encoder.Encode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(E($"Lettres aux listes candidates — {letters.CommuneName} — {letters.CampaignTitle}")).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/css/letters.css\">\n</head>\n<body>\n<main>\n")
            .Append("<h1 class=\"screen-only\">").Append(E($"Lettres aux listes candidates de {letters.CommuneName} ({letters.CommuneCode})")).Append("</h1>\n");
        foreach (var letter in letters.Letters)
        {
            html.Append("<article class=\"letter\">\n<p class=\"addressee\"><strong>").Append(E(letter.Addressee)).Append("</strong></p>\n")
                .Append("<h2 class=\"subject\">").Append(E(letter.Subject)).Append("</h2>\n");
            var inList = false;
            foreach (var block in letter.Blocks)
            {
                var item = block.Kind is LetterBlockKind.Item or LetterBlockKind.Quote;
                if (item && !inList) html.Append("<ul>\n");
                if (!item && inList) html.Append("</ul>\n");
                inList = item;
                var text = E(block.Text).Replace("\n", "<br>", StringComparison.Ordinal);
                html.Append(block.Kind switch
                {
                    LetterBlockKind.Heading => $"<h3>{text}</h3>\n",
                    LetterBlockKind.Item => $"<li>{text}</li>\n",
                    LetterBlockKind.Quote => $"<li class=\"source\">{text}</li>\n",
                    LetterBlockKind.Signature => $"<p class=\"signature\">{text}</p>\n",
                    _ => $"<p>{text}</p>\n",
                });
            }
            if (inList) html.Append("</ul>\n");
            html.Append("</article>\n");
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The mail-merge table of a department's ZIP: one row per list.</summary>
    public static readonly string[] MergeHeader = ["commune_insee", "commune_nom", "liste", "tete_de_liste", "fichier"];

    /// <summary>
    /// Writes a ZIP of one .docx per commune and the mail-merge CSV into <paramref name="output"/> (a file: the caller
    /// serves it only once it is complete). Communes are built one at a time, so memory follows one commune, not the department.
    /// </summary>
    public static async Task<int> WriteZipAsync(IAsyncEnumerable<CommuneLetters> communes, Stream output, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        var count = 0;
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            await foreach (var commune in communes.WithCancellation(cancellationToken))
            {
                var name = commune.FileName("docx");
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                await using (var stream = entry.Open()) WriteDocx(commune, stream);
                rows.AddRange(commune.Letters.Select(l => new object?[] { commune.CommuneCode, commune.CommuneName, l.ListName, l.HeadOfList, name }));
                count++;
            }
            var csv = zip.CreateEntry("publipostage.csv", CompressionLevel.Fastest);
            await using var csvStream = csv.Open();
            await TableWriters.WriteCsvAsync(new ExportTable(MergeHeader, rows.ToAsyncEnumerable()), ';', csvStream, cancellationToken);
        }
        return count;
    }
}
