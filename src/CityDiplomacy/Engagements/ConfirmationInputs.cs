using System.ComponentModel;

namespace CityDiplomacy.Engagements;

/// <summary>The council deliberation given with a confirmation: its reference and date.</summary>
public sealed class DeliberationReferenceInput
{
    [Description("Identifiant de la délibération (SCDL DELIB_ID), par ex. DCM-1966-03.")]
    public string? Reference { get; set; }

    [Description("Date de la délibération, AAAA-MM-JJ.")]
    public string? Date { get; set; }
}

/// <summary>
/// The commune confirms a record a national directory reported (body of <c>POST /api/engagements/{id}/confirm</c> and of
/// the workspace form): the status it knows, and what it has in hand.
/// </summary>
public sealed class ConfirmInput
{
    [Description("active, dormant, suspended ou ended : le statut que la commune connaît.")]
    public string? Status { get; set; }

    [Description("Date de signature, AAAA-MM-JJ (facultative).")]
    public string? SignedOn { get; set; }

    [Description("La délibération du conseil municipal, { \"reference\", \"date\" } (facultative).")]
    public DeliberationReferenceInput? Deliberation { get; set; }

    [Description("Note de la commune ; obligatoire pour un jumelage suspendu ou terminé (son motif).")]
    public string? Note { get; set; }

    public InputErrors Validate()
    {
        var errors = new InputErrors();
        errors.Slug<EngagementStatus>(Status, "status", required: true);
        errors.Date(SignedOn, "signedOn");
        errors.Text(Note, "note", 2000);
        if (Deliberation is { } d)
        {
            errors.Text(d.Reference, "deliberation.reference", 100, "La référence de la délibération est obligatoire.");
            errors.Date(d.Date, "deliberation.date", required: true);
        }
        return errors;
    }

    /// <summary>Applies the confirmation through the entity's rule (<see cref="Engagement.Confirm"/>).</summary>
    public void Apply(Engagement engagement, DateOnly today)
    {
        var errors = Validate();
        if (errors.Count > 0) throw new InvalidInputException(errors);
        var deliberation = Deliberation is { } d
            ? new Deliberation { Reference = d.Reference!.Trim(), Date = IsoDate.Parse(d.Date)!.Value }
            : null;
        engagement.Confirm(Slugs.Parse<EngagementStatus>(Status)!.Value, IsoDate.Parse(SignedOn), deliberation, Note, today);
    }
}

/// <summary>The commune dismisses a reported record (« ce jumelage n'existe pas ou plus »): body of <c>POST /api/engagements/{id}/dismiss</c>.</summary>
public sealed class DismissInput
{
    [Description("Pourquoi la commune écarte cette entrée, par ex. « ce jumelage n'existe plus depuis 1995 ».")]
    public string? Reason { get; set; }

    public InputErrors Validate()
    {
        var errors = new InputErrors();
        errors.Text(Reason, "reason", 2000);
        return errors;
    }

    public void Apply(Engagement engagement, DateOnly today)
    {
        var errors = Validate();
        if (errors.Count > 0) throw new InvalidInputException(errors);
        engagement.Dismiss(Reason, today);
    }
}
