using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Municipal.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Stop waits until the orchestrator has stopped every process, so the scratch folder can go too.
builder.Configuration["DcpPublisher:WaitForResourceCleanup"] ??= "true";

var dataRoot = Path.GetFullPath(builder.Configuration["DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", "..", ".data"));
var scratch = ScratchDirectory.Create(Path.Combine(Path.GetTempPath(), "municipal-apphost"));
builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<RunLifetime>(services, scratch));

IResourceBuilder<IResource> broker;
IResourceBuilder<IResourceWithConnectionString> messaging;
try
{
    (broker, messaging) = builder.AddMessageBroker(scratch, dataRoot);
}
catch (LocalRabbitMq.NotInstalledException ex)
{
    scratch.Delete();
    Console.Error.WriteLine(ex.Message);
    return 1;
}

var sqlServer = builder.AddSqlServerContainerIfAsked();
// The shared development key only in Development: every service refuses it anywhere else, and the app host copies its
// environment to every service, so a run in Production takes Auth:Authority (and a broker user of its own) instead.
var signingKey = builder.Environment.IsDevelopment() ? builder.DevelopmentSigningKey() : null;
var replicas = builder.Configuration.GetValue("Services:Replicas", 1);
// Services:Proxied=false lets each service bind its own port (no orchestrator proxy in front), e.g. to
// measure a service directly; replicas need the proxy.
var proxied = replicas > 1 || builder.Configuration.GetValue("Services:Proxied", true);

// PublicBaseUrl: the one address people and outside clients reach the system at (links in e-mails, Open311
// discovery). Configured for an install behind a proxy or a domain; by default the gateway's own address.
var gatewayPort = builder.Configuration.GetValue("Gateway:Port", 8080);
var publicBaseUrl = builder.Configuration["PublicBaseUrl"] is { Length: > 0 } configuredBase ? configuredBase
    : gatewayPort == 0 ? null : $"http://localhost:{gatewayPort}";

IResourceBuilder<ProjectResource> Service<TProject>(string name, string database) where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name, launchProfileName: null)
        .LaunchBuiltOutput()
        .WithHttpEndpoint(isProxied: proxied)
        .WithPatientHttpHealthCheck("/health")
        .WithMunicipalDefaults(signingKey, publicBaseUrl)
        .WithReference(messaging).WaitFor(broker)
        .WithServiceDatabase(database, dataRoot, sqlServer)
        .WithReplicas(replicas);

var communities = Service<Projects.Communities>("communities", "communitiesdb");
var scheduling = Service<Projects.Scheduling>("scheduling", "schedulingdb");
var requests = Service<Projects.Requests>("requests", "requestsdb").WithLineContent();
var notifications = Service<Projects.Notifications>("notifications", "notificationsdb")
    .WithNotificationChannels(dataRoot, scratch);

// The one address web and mobile clients use: http://localhost:8080 unless Gateway:Port says otherwise
// (0: any free port). Not proxied, so the port stays fixed and requests take no extra hop.
var gateway = builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
    .LaunchBuiltOutput()
    .WithHttpEndpoint(port: gatewayPort == 0 ? null : gatewayPort, isProxied: false)
    .WithPatientHttpHealthCheck("/health")
    .WithMunicipalDefaults(signingKey)
    .WithReference(communities).WaitFor(communities)
    .WithReference(scheduling).WaitFor(scheduling)
    .WithReference(requests).WaitFor(requests)
    .WithReference(notifications).WaitFor(notifications);

// The web client: the gateway serves it at "/" (one origin for browsers), and it calls only the gateway's API
// routes (http://gateway by service discovery). One instance: a Blazor circuit lives in one process.
var web = builder.AddProject<Projects.Web>("web", launchProfileName: null)
    .LaunchBuiltOutput()
    .WithHttpEndpoint(isProxied: false)
    .WithPatientHttpHealthCheck("/health")
    .WithMunicipalDefaults(signingKey: null)
    .WithEnvironment("Web__KeysDirectory", Path.Combine(dataRoot, "web-keys"))
    .WithReference(gateway);
// The gateway does not wait for it: the API is up as soon as the services are, and "/" answers 502 for
// the few seconds until the web client is.
gateway.WithReference(web);

// What people look at rather than what the API needs (the web client, the development mail sink) starts once
// the gateway is healthy, so that the broker and the services have both cores while they start.
web.WaitFor(gateway);
if (builder.Resources.OfType<ExecutableResource>().SingleOrDefault(r => r.Name == DevelopmentMailSink.ResourceName) is { } mailSink)
{
    builder.CreateResourceBuilder(mailSink).WaitFor(gateway);
}

builder.Build().Run();
return 0;
