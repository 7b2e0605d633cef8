using System.Text.Json;

namespace Pipelines.Images;

/// <summary>Maps registry answers to errors: 401 → PIPE4002, 403 → PIPE4003, digest errors → PIPE4005, 5xx/429/408 →
/// <see cref="TransientStatusException"/> (retried, then PIPE4008), any other failure → PIPE4008. Messages carry the
/// registry's own error codes and messages (the distribution API's <c>{"errors":[…]}</c>), never request headers.</summary>
internal static class RegistryResponses
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string registry, string subject, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var status = (int)response.StatusCode;
        var detail = await ErrorTextAsync(response, ct).ConfigureAwait(false);
        var text = $"{subject}: {status} {response.ReasonPhrase}{(detail.Length > 0 ? " (" + detail + ")" : "")}";
        if (status == 401)
        {
            throw new ImageBuildException(ImageErrorCodes.Unauthorized,
                $"{text}; no credentials, or wrong ones, for {registry} (docker login {registry}, or DOCKER_CONFIG)")
            { StatusCode = status };
        }
        if (status == 403)
        {
            throw new ImageBuildException(ImageErrorCodes.Forbidden, $"{text}; the credentials for {registry} do not allow this") { StatusCode = status };
        }
        if (status >= 500 || status == 429 || status == 408)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            throw new TransientStatusException(status, text, retryAfter);
        }
        if (detail.Contains("DIGEST_INVALID", StringComparison.Ordinal))
        {
            throw new ImageBuildException(ImageErrorCodes.DigestMismatch, text) { StatusCode = status };
        }
        throw new ImageBuildException(ImageErrorCodes.RegistryError, text) { StatusCode = status };
    }

    /// <summary>The registry's error list, or the first 300 characters of the body.</summary>
    public static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return $"the error body could not be read: {e.Message}";
        }
        if (body.Length == 0)
        {
            return "";
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e =>
                    $"{CanonicalJson.GetString(e, "code")}: {CanonicalJson.GetString(e, "message")}"));
            }
        }
        catch (JsonException)
        {
            // Not the distribution API's error shape: the raw text below says what the registry said.
        }
        return body.Length > 300 ? body[..300] : body.Trim();
    }

    /// <summary>Sends through <paramref name="send"/> with a timeout of its own; a timeout is a
    /// <see cref="TimeoutException"/> naming the host (retried as transient), not a cancellation.</summary>
    public static async Task<HttpResponseMessage> SendWithTimeoutAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, HttpRequestMessage request, TimeSpan timeout,
        CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            return await send(request, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {request.RequestUri?.Authority} within {timeout.TotalSeconds:0} s ({request.Method} {request.RequestUri?.AbsolutePath})", e);
        }
    }
}

/// <summary>A 5xx, 429 or 408: retried by <see cref="RegistryRetryPolicy"/>, then PIPE4008.</summary>
internal sealed class TransientStatusException(int status, string message, TimeSpan? retryAfter) : Exception(message)
{
    public int Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
