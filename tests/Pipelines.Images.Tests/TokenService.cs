using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Pipelines.Images.Tests;

/// <summary>A minimal Docker token service (HttpListener on loopback): issues RS256 JWTs with the x5c header for the
/// requested scopes, only to callers with <see cref="User"/>:<see cref="Password"/> as Basic credentials. Counts every
/// request it sees, answered or refused.</summary>
internal sealed class TokenService : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _x5c;
    private readonly Task _loop;
    private int _issued;
    private int _requests;

    public const string User = "robot";
    public const string Password = "t0ken-pass";

    public TokenService(TempDir dir)
    {
        var request = new CertificateRequest("CN=pipelines-test-token-issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePath = dir.Write("token-root.pem", certificate.ExportCertificatePem());
        _x5c = Convert.ToBase64String(certificate.RawData);
        Port = RegistryServer.FreePort();
        var port = Port;
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Realm { get; }
    public string CertificatePath { get; }
    public int Issued => Volatile.Read(ref _issued);
    public int Requests => Volatile.Read(ref _requests);
    public System.Collections.Concurrent.ConcurrentBag<string> Scopes { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            try
            {
                Handle(context);
            }
            catch (Exception e)
            {
                context.Response.StatusCode = 500;
                context.Response.OutputStream.Write(Encoding.UTF8.GetBytes(e.ToString()));
            }
            context.Response.Close();
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        if (context.Request.Headers["Authorization"] != expected)
        {
            context.Response.StatusCode = 401;
            return;
        }
        var access = new List<object>();
        foreach (var scope in context.Request.QueryString.GetValues("scope") ?? [])
        {
            Scopes.Add(scope);
            var parts = scope.Split(':');
            if (parts.Length == 3)
            {
                access.Add(new { type = parts[0], name = parts[1], actions = parts[2].Split(',') });
            }
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg = "RS256", x5c = new[] { _x5c } }));
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = "test-issuer",
            sub = User,
            aud = context.Request.QueryString["service"],
            exp = now + 300,
            nbf = now - 60,
            iat = now - 60,
            jti = Guid.NewGuid().ToString("N"),
            access,
        }));
        var signed = header + "." + claims;
        var signature = Base64Url.EncodeToString(_key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var token = signed + "." + signature;
        Interlocked.Increment(ref _issued);
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(JsonSerializer.SerializeToUtf8Bytes(new { token, access_token = token, expires_in = 300 }));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _key.Dispose();
    }
}
