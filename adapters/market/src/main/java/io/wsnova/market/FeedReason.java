package io.wsnova.market;

/**
 * Why a {@link FeedStatus} happened, as a code a consumer can switch on and count.
 */
public enum FeedReason
{
    /** No particular reason (e.g. a resync completed). */
    NONE,
    /** The transport failed or the peer closed without notice. */
    CONNECTION_LOST,
    /** The venue announced a shutdown or a forced cut (Binance {@code serverShutdown}, the 24 h limit). */
    SERVER_SHUTDOWN,
    /** The venue disconnected for a rate limit. */
    RATE_LIMITED,
    /** The user closed or asked for a reconnect. */
    USER_REQUEST,
    /** An update's sequence did not follow the book's (or the connection's) last sequence. */
    SEQUENCE_MISMATCH,
    /** A book checksum sent by the venue did not match the local book (OKX). */
    CHECKSUM_MISMATCH,
    /** A REST or stream snapshot was older than the buffered updates (Binance {@code lastUpdateId < U}). */
    SNAPSHOT_TOO_OLD,
    /** An update arrived before any snapshot. */
    UPDATE_BEFORE_SNAPSHOT,
    /** A message of the book could not be decoded. */
    UNDECODABLE,
    /** The venue restarted its sequence (Bybit {@code u == 1}, an OKX sequence reset). */
    SEQUENCE_RESET,
    /** No message within the liveness bound. */
    NO_DATA_TIMEOUT,
    /** The connection reached the age at which it is replaced before the venue's forced cut (Binance: 24 h). */
    CONNECTION_AGE
}
