package io.wsnova.mock.deribit;

/**
 * The outcome of one request while it is being handled: a result (JSON text), an error, or nothing (no response,
 * e.g. {@code private/logout}); plus an action to run once the response is queued (publishing subscriptions after
 * the subscribe result, so no notification overtakes it; closing after an error).
 */
final class MockReply
{
    String resultJson;
    int errorCode;
    String errorMessage;
    String errorDataJson;
    Runnable afterSend;
    boolean noResponse;

    MockReply result(final String json)
    {
        resultJson = json;
        return this;
    }

    MockReply error(final int code, final String message)
    {
        return error(code, message, null);
    }

    MockReply error(final int code, final String message, final String dataJson)
    {
        errorCode = code;
        errorMessage = message;
        errorDataJson = dataJson;
        return this;
    }

    /**
     * The venue's {@code -32602 Invalid params} with {@code data: {reason, param}}.
     */
    MockReply invalidParams(final String reason, final String param)
    {
        final StringBuilder data = new StringBuilder(64).append("{\"reason\":");
        MockJsonText.appendString(data, reason).append(",\"param\":");
        MockJsonText.appendString(data, param).append('}');
        return error(MockErrors.INVALID_PARAMS, "Invalid params", data.toString());
    }

    boolean isError()
    {
        return errorMessage != null;
    }
}
