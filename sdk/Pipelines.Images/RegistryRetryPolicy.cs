namespace Pipelines.Images;

/// <summary>Retries one registry operation on 5xx/429/408, timeouts and connection failures, with exponential
/// backoff (×2 per attempt, ±20 % jitter, capped) and the registry's <c>Retry-After</c> when it asks for longer.
/// After the last attempt: PIPE4008 for a status, PIPE4001 for an unreachable registry.</summary>
internal sealed class RegistryRetryPolicy(int maxAttempts, TimeSpan initialDelay, TimeSpan maxDelay)
{
    public async Task<T> RunAsync<T>(string registry, string subject, Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var attempts = Math.Max(1, maxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                if (attempt >= attempts)
                {
                    throw e is TransientStatusException status
                        ? new ImageBuildException(ImageErrorCodes.RegistryError, $"{status.Message} (gave up after {attempt} attempts)", e) { StatusCode = status.Status }
                        : new ImageBuildException(ImageErrorCodes.RegistryUnreachable,
                            $"registry {registry} unreachable during {subject}: {Flatten(e)} (gave up after {attempt} attempts)", e);
                }
                await Task.Delay(DelayBefore(attempt + 1, e), ct).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan DelayBefore(int attempt, Exception failure)
    {
        var factor = Math.Pow(2, attempt - 2) * (0.8 + 0.4 * Random.Shared.NextDouble());
        var delay = TimeSpan.FromMilliseconds(Math.Min(maxDelay.TotalMilliseconds, initialDelay.TotalMilliseconds * factor));
        if (failure is TransientStatusException { RetryAfter: { } retryAfter } && retryAfter > delay)
        {
            delay = retryAfter < maxDelay ? retryAfter : maxDelay;
        }
        return delay;
    }

    private static bool IsTransient(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is TransientStatusException or HttpRequestException or TimeoutException
            or System.Net.Sockets.SocketException or IOException;

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (parts.Count == 0 || !parts[^1].Contains(x.Message, StringComparison.Ordinal))
            {
                parts.Add(x.Message);
            }
        }
        return string.Join(" -> ", parts);
    }
}
