package io.wsnova.engine.api;

/**
 * How reconnect delays are randomised around the exponential backoff {@code min(max, base * 2^(attempt-1))}, so
 * that many clients dropped together do not reconnect together.
 */
public enum ReconnectJitter
{
    /** No randomness: exactly the exponential delay. */
    NONE,
    /** Uniform in {@code [0, delay]} ("full jitter"): the widest spread. The default. */
    FULL,
    /** Uniform in {@code [delay/2, delay]} ("equal jitter"): never less than half the delay. */
    EQUAL,
    /** {@code min(max, uniform in [base, previous * 3])} ("decorrelated jitter"): grows from the last delay. */
    DECORRELATED
}
