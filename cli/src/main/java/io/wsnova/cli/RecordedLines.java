package io.wsnova.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The output of a recording run: passes every byte on and counts lines; each status line (lifecycle, book and feed
 * statuses: printed by the reader, the event thread or a timer, so its place among the market lines depends on
 * thread timing) is reported with its position, so that a replay prints the status lines it produces at the same
 * places. Market lines follow the recorded messages in order and need no position. Written under
 * {@link StreamOutput}'s lock, one whole line at a time.
 */
final class RecordedLines extends OutputStream
{
    /** How every status line starts ({@code MarketJson.status} and the market model's status lines). */
    static final byte[] STATUS_PREFIX = "{\"type\":\"status\"".getBytes(StandardCharsets.UTF_8);

    /**
     * Told about each status line.
     */
    @FunctionalInterface
    interface StatusLine
    {
        void onStatusLine(long position, String line);
    }

    private final OutputStream out;
    private final StatusLine statusLine;
    private byte[] line = new byte[1024];
    private int lineLength;
    private long lines;

    RecordedLines(final OutputStream out, final StatusLine statusLine)
    {
        this.out = out;
        this.statusLine = statusLine;
    }

    @Override
    public void write(final int b) throws IOException
    {
        out.write(b);
        append((byte)b);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        out.write(bytes, offset, length);
        for (int i = offset; i < offset + length; i++)
        {
            append(bytes[i]);
        }
    }

    private void append(final byte b)
    {
        if (b != '\n')
        {
            if (lineLength == line.length)
            {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
            return;
        }
        if (isStatus(line, lineLength))
        {
            statusLine.onStatusLine(lines, new String(line, 0, lineLength, StandardCharsets.UTF_8));
        }
        lineLength = 0;
        lines++;
    }

    static boolean isStatus(final byte[] line, final int length)
    {
        return length >= STATUS_PREFIX.length &&
            Arrays.equals(line, 0, STATUS_PREFIX.length, STATUS_PREFIX, 0, STATUS_PREFIX.length);
    }

    @Override
    public void flush() throws IOException
    {
        out.flush();
    }

    /**
     * Lines written so far.
     *
     * @return the count.
     */
    long lines()
    {
        return lines;
    }
}
