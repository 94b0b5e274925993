using Municipal.Testing;

namespace Municipal.Communities.Tests;

public sealed class CommunitiesFactory() : ServiceFactory<Program>(Extensions.EndpointName);
