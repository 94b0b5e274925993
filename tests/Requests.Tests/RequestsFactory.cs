using Municipal.Testing;

namespace Municipal.Requests.Tests;

public sealed class RequestsFactory() : ServiceFactory<Program>(Extensions.EndpointName);
