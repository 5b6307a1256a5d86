package io.wsnova.codec.frame;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records every callback as an {@link Event} with a copy of its bytes.
 */
final class RecordingHandler implements FrameHandler
{
    static final int MESSAGE = 1;
    static final int PING = 2;
    static final int PONG = 3;
    static final int CLOSE = 4;

    record Event(int type, int opcodeOrStatus, byte[] payload)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Event event &&
                type == event.type &&
                opcodeOrStatus == event.opcodeOrStatus &&
                Arrays.equals(payload, event.payload);
        }

        @Override
        public int hashCode()
        {
            return 31 * (31 * type + opcodeOrStatus) + Arrays.hashCode(payload);
        }

        @Override
        public String toString()
        {
            return "Event{type=" + type + ", opcodeOrStatus=" + opcodeOrStatus + ", length=" + payload.length + '}';
        }
    }

    final List<Event> events = new ArrayList<>();
    DirectBuffer lastBuffer;
    int lastOffset;

    static Event message(final int opcode, final byte[] payload)
    {
        return new Event(MESSAGE, opcode, payload);
    }

    static Event ping(final byte[] payload)
    {
        return new Event(PING, 0, payload);
    }

    static Event pong(final byte[] payload)
    {
        return new Event(PONG, 0, payload);
    }

    static Event close(final int statusCode, final byte[] reason)
    {
        return new Event(CLOSE, statusCode, reason);
    }

    @Override
    public void onMessage(final int opcode, final DirectBuffer buffer, final int offset, final int length)
    {
        record(MESSAGE, opcode, buffer, offset, length);
    }

    @Override
    public void onPing(final DirectBuffer buffer, final int offset, final int length)
    {
        record(PING, 0, buffer, offset, length);
    }

    @Override
    public void onPong(final DirectBuffer buffer, final int offset, final int length)
    {
        record(PONG, 0, buffer, offset, length);
    }

    @Override
    public void onClose(final int statusCode, final DirectBuffer buffer, final int reasonOffset, final int reasonLength)
    {
        record(CLOSE, statusCode, buffer, reasonOffset, reasonLength);
    }

    private void record(final int type, final int code, final DirectBuffer buffer, final int offset, final int length)
    {
        lastBuffer = buffer;
        lastOffset = offset;
        events.add(new Event(type, code, TestFrames.copy(buffer, offset, length)));
    }
}
