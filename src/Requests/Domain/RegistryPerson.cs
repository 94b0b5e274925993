namespace Municipal.Requests.Domain;

/// <summary>
/// A person of the registry as Requests keeps them (a read copy fed by PersonRegistered and PersonContactChanged):
/// the least that lets staff see who filed a request from the web and call them back — the name and the phone,
/// matched to the request by the sign-in subject. Erased under PDPA: only the id stays, so no late event brings
/// the person back.
/// </summary>
public sealed class RegistryPerson
{
    private RegistryPerson()
    {
    }

    public RegistryPerson(Guid id) => Id = id;

    public Guid Id { get; private set; }

    public string? Subject { get; private set; }

    /// <summary>The name as Thai people write it: นางสมศรี ใจดี.</summary>
    public string DisplayName { get; private set; } = "";

    /// <summary>E.164, e.g. <c>+66812345678</c>.</summary>
    public string? PhoneE164 { get; private set; }

    public bool Erased { get; private set; }

    /// <summary>When the registry made the change this row reflects; older events are ignored.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Applies the registry's state unless it is older than what is held, or the person was erased.</summary>
    public bool Update(string? subject, string? title, string firstNameTh, string lastNameTh, string? phoneE164, DateTimeOffset occurredAt)
    {
        if (Erased || (UpdatedAt != default && occurredAt < UpdatedAt))
        {
            return false;
        }

        Subject = string.IsNullOrWhiteSpace(subject) ? null : subject;
        DisplayName = $"{title}{firstNameTh} {lastNameTh}".Trim();
        PhoneE164 = phoneE164;
        UpdatedAt = occurredAt;
        return true;
    }

    public void Erase(DateTimeOffset at)
    {
        Erased = true;
        Subject = null;
        DisplayName = "";
        PhoneE164 = null;
        UpdatedAt = at;
    }
}
