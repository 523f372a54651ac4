using CrmReco.Core.Import;

namespace CrmReco.Core.Normalization;

/// <summary>Channels and statuses of marketing contacts, in French or English, any case and accents.</summary>
public static class ContactNormalizer
{
    /// <summary>EMAIL, SMS, PHONE or POST; empty → UNKNOWN; false for a word that is none of them.</summary>
    public static bool TryParseChannel(string? raw, out string channel)
    {
        channel = TextNormalizer.Key(raw) switch
        {
            "" => ContactChannels.Unknown,
            "email" or "mail" or "courriel" or "mel" or "emailing" or "newsletter" => ContactChannels.Email,
            "sms" or "texto" or "mms" => ContactChannels.Sms,
            "phone" or "telephone" or "tel" or "appel" or "appeltelephonique" or "call" or "phonecall" => ContactChannels.Phone,
            "courrier" or "courrierpostal" or "lettre" or "post" or "postal" or "mailingpapier" => ContactChannels.Post,
            _ => string.Empty,
        };
        return channel.Length > 0;
    }

    /// <summary>A status word → one of <see cref="ContactStatuses"/>; never fails (unknown words are "other").</summary>
    public static string Status(string? raw) => TextNormalizer.Key(raw) switch
    {
        "" => ContactStatuses.Unknown,
        "envoye" or "envoyee" or "sent" or "delivre" or "delivree" or "delivered" or "recu" or "ok" or "effectue" or "fait" or "done" or "termine" => ContactStatuses.Sent,
        "ouvert" or "ouverte" or "open" or "opened" or "lu" or "read" => ContactStatuses.Opened,
        "clique" or "click" or "clicked" => ContactStatuses.Clicked,
        "repondu" or "reponse" or "replied" or "answered" or "joint" => ContactStatuses.Replied,
        "desabonne" or "desinscrit" or "unsubscribed" or "optout" or "stop" => ContactStatuses.Unsubscribed,
        "rebond" or "bounce" or "bounced" or "hardbounce" or "softbounce" or "npai" or "nondelivre" or "undelivered" => ContactStatuses.Bounced,
        "echec" or "erreur" or "error" or "failed" or "fail" or "nonenvoye" or "notsent" or "injoignable" or "nonjoint" => ContactStatuses.Failed,
        "annule" or "annulee" or "cancelled" or "canceled" => ContactStatuses.Cancelled,
        "planifie" or "programme" or "scheduled" or "aenvoyer" or "brouillon" or "draft" or "pending" or "enattente" => ContactStatuses.Planned,
        _ => ContactStatuses.Other,
    };
}
