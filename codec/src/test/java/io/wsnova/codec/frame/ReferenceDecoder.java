package io.wsnova.codec.frame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately simple, one-pass model of a client's RFC 6455 reader, written from the rules stated in
 * {@link FrameDecoder}'s Javadoc and sharing no code with it (its own UTF-8 check, from Unicode Table 3-7): the
 * oracle of {@link FrameDecoderFuzzTest}. Slow and allocating; tests only.
 */
final class ReferenceDecoder
{
    private static final int PROTOCOL_ERROR = -1002;
    private static final int INVALID_UTF8 = -1007;
    private static final int TOO_BIG = -1009;

    record Outcome(List<RecordingHandler.Event> events, int result, boolean closed)
    {
    }

    private ReferenceDecoder()
    {
    }

    static Outcome decode(final byte[] in, final int maxFrameLength, final int maxMessageLength)
    {
        final List<RecordingHandler.Event> events = new ArrayList<>();
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = 0;
        int position = 0;
        while (in.length - position >= 2)
        {
            final int b0 = in[position] & 0xFF;
            final int b1 = in[position + 1] & 0xFF;
            final boolean fin = (b0 & 0x80) != 0;
            final int opcode = b0 & 0x0F;
            final int length7 = b1 & 0x7F;
            final boolean control = opcode >= 8;
            if ((b1 & 0x80) != 0 || (b0 & 0x70) != 0 || (opcode >= 3 && opcode <= 7) || opcode >= 11)
            {
                return new Outcome(events, PROTOCOL_ERROR, false);
            }
            if (control && (!fin || length7 > 125))
            {
                return new Outcome(events, PROTOCOL_ERROR, false);
            }
            if ((opcode == 0 && messageOpcode == 0) || ((opcode == 1 || opcode == 2) && messageOpcode != 0))
            {
                return new Outcome(events, PROTOCOL_ERROR, false);
            }
            final int headerLength = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
            if (in.length - position < headerLength)
            {
                break;
            }
            long length = length7;
            if (length7 >= 126)
            {
                length = 0;
                for (int i = 2; i < headerLength; i++)
                {
                    length = (length << 8) | (in[position + i] & 0xFF);
                }
                if (length7 == 127 && length < 0)
                {
                    return new Outcome(events, PROTOCOL_ERROR, false);
                }
                if ((length7 == 126 && length < 126) || (length7 == 127 && length <= 0xFFFF))
                {
                    return new Outcome(events, PROTOCOL_ERROR, false);
                }
            }
            if (!control && length > maxFrameLength)
            {
                return new Outcome(events, TOO_BIG, false);
            }
            if (opcode == 0 && message.size() + length > maxMessageLength)
            {
                return new Outcome(events, TOO_BIG, false);
            }
            if (in.length - position - headerLength < length)
            {
                break;
            }
            final int payloadStart = position + headerLength;
            final byte[] payload = Arrays.copyOfRange(in, payloadStart, payloadStart + (int)length);
            position += headerLength + (int)length;

            if (opcode == 8)
            {
                if (payload.length == 0)
                {
                    events.add(RecordingHandler.close(1005, payload));
                    return new Outcome(events, 0, true);
                }
                if (payload.length == 1)
                {
                    return new Outcome(events, PROTOCOL_ERROR, false);
                }
                final int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                final boolean validCode = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                    (code >= 3000 && code <= 4999);
                if (!validCode)
                {
                    return new Outcome(events, PROTOCOL_ERROR, false);
                }
                final byte[] reason = Arrays.copyOfRange(payload, 2, payload.length);
                if (utf8State(reason) != 0)
                {
                    return new Outcome(events, INVALID_UTF8, false);
                }
                events.add(RecordingHandler.close(code, reason));
                return new Outcome(events, 0, true);
            }
            if (opcode == 9)
            {
                events.add(RecordingHandler.ping(payload));
                continue;
            }
            if (opcode == 10)
            {
                events.add(RecordingHandler.pong(payload));
                continue;
            }

            if (opcode != 0)
            {
                messageOpcode = opcode;
                message.reset();
            }
            message.write(payload, 0, payload.length);
            if (messageOpcode == 1)
            {
                final int state = utf8State(message.toByteArray());
                if (state < 0 || (fin && state != 0))
                {
                    return new Outcome(events, INVALID_UTF8, false);
                }
            }
            if (fin)
            {
                events.add(RecordingHandler.message(messageOpcode, message.toByteArray()));
                messageOpcode = 0;
                message.reset();
            }
        }
        return new Outcome(events, 0, false);
    }

    /**
     * Where a byte sequence stands as UTF-8.
     *
     * @return 0 if the bytes are complete UTF-8, 1 if they are a valid prefix ending inside a code point, -1 if no
     * continuation can make them valid.
     */
    static int utf8State(final byte[] bytes)
    {
        int i = 0;
        while (i < bytes.length)
        {
            final int b = bytes[i] & 0xFF;
            final int need;
            int low = 0x80;
            int high = 0xBF;
            if (b < 0x80)
            {
                i++;
                continue;
            }
            else if (b >= 0xC2 && b <= 0xDF)
            {
                need = 1;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                need = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                need = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                return -1;
            }
            for (int k = 1; k <= need; k++)
            {
                if (i + k >= bytes.length)
                {
                    return 1;
                }
                final int c = bytes[i + k] & 0xFF;
                final int min = k == 1 ? low : 0x80;
                final int max = k == 1 ? high : 0xBF;
                if (c < min || c > max)
                {
                    return -1;
                }
            }
            i += need + 1;
        }
        return 0;
    }
}
