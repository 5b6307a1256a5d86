package io.wsnova.benchmarks.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2: one NIO event loop, {@code HttpClientCodec} + {@code HttpObjectAggregator} +
 * {@link WebSocketClientProtocolHandler} (default config: UTF-8 validation, close handling) and a handler of
 * {@link TextWebSocketFrame}s. The decode variant parses the frame's {@code ByteBuf} with Jackson through a
 * {@link ByteBufInputStream} (bytes, no {@code String}: the cheapest normal way to Jackson from Netty).
 */
final class NettyPeer implements RigClient
{
    private EventLoopGroup group;
    private Channel channel;

    @Override
    public void connect(final URI uri, final LatencyRecorder recorder, final boolean decode) throws Exception
    {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final FrameHandler frameHandler = new FrameHandler(recorder,
            decode ? new JacksonTicker(recorder.trade()) : null);
        final WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .build();
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(config), frameHandler);
                }
            });
        channel = bootstrap.connect(uri.getHost(), uri.getPort()).sync().channel();
        if (!frameHandler.opened.await(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("Netty did not complete the handshake");
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        if (channel != null)
        {
            channel.close().await(5, TimeUnit.SECONDS);
        }
        if (group != null)
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String configuration()
    {
        return "Netty 4.2 NIO, 1 event loop, default allocator, HttpClientCodec + HttpObjectAggregator(8192) + " +
            "WebSocketClientProtocolHandler(default config); TextWebSocketFrame handler; decode variant: Jackson " +
            "ObjectReader.readValue(new ByteBufInputStream(content))";
    }

    private static final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        private final LatencyRecorder recorder;
        private final JacksonTicker jackson;
        private final CountDownLatch opened = new CountDownLatch(1);

        FrameHandler(final LatencyRecorder recorder, final JacksonTicker jackson)
        {
            this.recorder = recorder;
            this.jackson = jackson;
        }

        @Override
        public boolean isSharable()
        {
            return true;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                opened.countDown();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame frame)
        {
            final ByteBuf content = frame.content();
            final long intendedNs = nanos(content, content.readerIndex() + recorder.intendedOffset());
            final long sentNs = nanos(content, content.readerIndex() + recorder.sentOffset());
            if (jackson != null && !jackson.decode(new ByteBufInputStream(content)))
            {
                recorder.onDecodeFailure();
            }
            recorder.record(intendedNs, sentNs, System.nanoTime());
        }

        private static long nanos(final ByteBuf content, final int fieldOffset)
        {
            long value = 0;
            for (int i = fieldOffset + 1, end = fieldOffset + TickerMessage.NS_LENGTH; i < end; i++)
            {
                value = value * 10 + (content.getByte(i) - '0');
            }
            return value;
        }
    }
}
