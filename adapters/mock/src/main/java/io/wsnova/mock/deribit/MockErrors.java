package io.wsnova.mock.deribit;

/**
 * The Deribit and JSON-RPC error codes the mock sends (reference table, v2.1.1).
 */
final class MockErrors
{
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    static final int ORDER_NOT_FOUND = 10004;
    static final int INVALID_INSTRUMENT = 10020;
    static final int TOO_MANY_REQUESTS = 10028;
    static final int PRICE_WRONG_TICK = 10043;
    static final int NOT_OPEN_ORDER = 11044;
    static final int SYSTEM_MAINTENANCE = 11051;
    static final int INVALID_CREDENTIALS = 13004;
    static final int UNAUTHORIZED = 13009;
    static final int RAW_NOT_AVAILABLE = 13778;

    private MockErrors()
    {
    }
}
