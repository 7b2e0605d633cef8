using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pipelines.Kfp.Tests;

/// <summary>A throwaway CA and a localhost server certificate it signed (as a private cluster's ingress would have).</summary>
internal sealed record TestCertificates(X509Certificate2 Ca, X509Certificate2 Server)
{
    public static TestCertificates Create()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Pipelines test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        // Kestrel on Linux wants a certificate whose key is not ephemeral: round-trip through PKCS#12.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new TestCertificates(X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert)), server);
    }

    public string WriteCaPem()
    {
        var path = TestPipelines.Write(Ca.ExportCertificatePem(), "ca.pem");
        return path;
    }
}
