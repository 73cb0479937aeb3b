namespace CityDiplomacy.Campaigns;

/// <summary>French labels of the campaign vocabulary (English through the shared resources).</summary>
public static class CampaignLabels
{
    public static string Answer(ResponseAnswer answer) => answer switch
    {
        ResponseAnswer.Signed => "s'engage",
        ResponseAnswer.Partial => "s'engage en partie",
        ResponseAnswer.NotCommitted => "ne s'engage pas",
        _ => "pas de réponse",
    };

    public static string Status(CommitmentStatus status) => status switch
    {
        CommitmentStatus.NotRated => "non évalué",
        CommitmentStatus.NotStarted => "pas commencé",
        CommitmentStatus.InProgress => "en cours",
        CommitmentStatus.Stalled => "au point mort",
        CommitmentStatus.Kept => "tenu",
        CommitmentStatus.PartiallyKept => "tenu en partie",
        _ => "non tenu",
    };

    public static string State(PublicationState state) => state switch
    {
        PublicationState.Draft => "brouillon",
        PublicationState.Published => "publié",
        _ => "remplacé",
    };
}
