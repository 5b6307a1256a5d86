package io.wsnova.engine.transport;

import org.junit.jupiter.api.Test;

import static io.wsnova.engine.transport.MessageSink.AWAIT_HANDLER;
import static io.wsnova.engine.transport.MessageSink.KEEP_SPINNING;
import static io.wsnova.engine.transport.MessageSink.PARK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule by which a spinning {@code VIRTUAL} reader gives up its CPU to a {@code QUEUED} handler
 * ({@link QueuedSink#onReaderSpin}): with one CPU at once, with two after {@link QueuedSink#BACKLOG_SPIN_NS}; by
 * waiting for the handler under {@code BLOCK}, by parking in the read otherwise; never while nothing is queued.
 * Before: the reader spun {@link QueuedSink#BACKLOG_SPIN_NS} whatever the CPUs and then always parked in the read
 * (a poller wake-up per message on one CPU: virtual-queued p50 6.3x virtual-inline).
 */
class QueuedSinkReaderSpinTest
{
    @Test
    void shouldGiveUpTheCpuAtOnceWithOneCpu()
    {
        final long backlogSpinNs = QueuedSink.backlogSpinNs(1);

        assertThat(backlogSpinNs).isZero();
        assertThat(QueuedSink.readerSpinAction(0, backlogSpinNs, true, true)).isEqualTo(AWAIT_HANDLER);
    }

    @Test
    void shouldLetAHandlerWithItsOwnCpuTakeTheMessagesFirst()
    {
        final long backlogSpinNs = QueuedSink.backlogSpinNs(2);

        assertThat(backlogSpinNs).isEqualTo(QueuedSink.BACKLOG_SPIN_NS);
        assertThat(QueuedSink.readerSpinAction(backlogSpinNs - 1, backlogSpinNs, true, true))
            .isEqualTo(KEEP_SPINNING);
        assertThat(QueuedSink.readerSpinAction(backlogSpinNs, backlogSpinNs, true, true)).isEqualTo(AWAIT_HANDLER);
        assertThat(QueuedSink.backlogSpinNs(64)).isEqualTo(QueuedSink.BACKLOG_SPIN_NS);
    }

    @Test
    void shouldKeepSpinningWhenTheHandlerHasTakenEverything()
    {
        assertThat(QueuedSink.readerSpinAction(Long.MAX_VALUE, 0, false, true)).isEqualTo(KEEP_SPINNING);
        assertThat(QueuedSink.readerSpinAction(Long.MAX_VALUE, 0, false, false)).isEqualTo(KEEP_SPINNING);
    }

    @Test
    void shouldParkInTheReadWhenThePolicyNeedsTheReaderToKeepReading()
    {
        assertThat(QueuedSink.readerSpinAction(0, 0, true, false)).isEqualTo(PARK);
        assertThat(QueuedSink.readerSpinAction(QueuedSink.BACKLOG_SPIN_NS, QueuedSink.BACKLOG_SPIN_NS, true, false))
            .isEqualTo(PARK);
    }

    @Test
    void shouldNeverAskAnInlineSinkToWait()
    {
        final MessageSink inline = new MessageSink()
        {
            @Override
            public void onMessage(final int type, final org.agrona.DirectBuffer buffer, final int offset,
                final int length)
            {
            }

            @Override
            public void start()
            {
            }

            @Override
            public void close()
            {
            }
        };

        assertThat(inline.onReaderSpin(Long.MAX_VALUE)).isEqualTo(KEEP_SPINNING);
    }
}
