using System.Text.Encodings.Web;
using CityDiplomacy.Portal;

namespace CityDiplomacy.Tests.Portal;

/// <summary>The pages' encoder: every scalar the default encoder writes as a reference still fits, overrides vanish.</summary>
public sealed class DisplayHtmlEncoderTests
{
    private static readonly DisplayHtmlEncoder Encoder = new(HtmlEncoder.Default);

    [Theory]
    [InlineData("Kraków 🇵🇱", "Krak&#xF3;w &#x1F1F5;&#x1F1F1;")]
    [InlineData("max \U0010FFFD", "max &#x10FFFD;")]
    [InlineData("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;")]
    public void Astral_scalars_are_written_as_references(string text, string expected) =>
        Assert.Equal(expected, Encoder.Encode(text));

    [Fact]
    public void Bidirectional_overrides_and_isolates_are_written_as_nothing() =>
        Assert.Equal("gnp.exe ab", Encoder.Encode("\u202Egnp.exe\u202C a\u2066b\u2069"));

    /// <summary>Every piece the text fuzz draws from (controls included: old rows may hold them), alone and mixed.</summary>
    [Theory]
    [InlineData("\u0085")] [InlineData("\u009F")] [InlineData("\u007F")] [InlineData("\uFEFF")] [InlineData("\uFFFE")] [InlineData("\uFFFF")]
    [InlineData("\u00A0")] [InlineData("ا")] [InlineData("中")] [InlineData("\u0001")] [InlineData("\u000B")] [InlineData("]]>")]
    [InlineData("\uDC00")] [InlineData("\uDBFF")] [InlineData("T\u202E")] [InlineData("T\u2066\u2069")] [InlineData("\u202E")] [InlineData("\u2069\uD83C\uDDF5\uD83C\uDDF1\uFFFF\u0085x")]
    public void Never_throws(string text)
    {
        var encoded = Encoder.Encode(text);
        Assert.DoesNotContain('\u202E', encoded);
        using var writer = new StringWriter();
        Encoder.Encode(writer, "avant " + text);
        Encoder.Encode(writer, text.ToCharArray(), 0, text.Length);
        Assert.StartsWith("avant", writer.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', writer.ToString());
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character_not_an_error() =>
        Assert.Equal("a&#xFFFD;b", Encoder.Encode("a\uD800b"));
}
