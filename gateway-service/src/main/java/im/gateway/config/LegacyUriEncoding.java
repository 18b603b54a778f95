package im.gateway.config;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Browsers send the legacy ids raw: {@code GET /user/[usr]6f1c...} and {@code /socket.io?user=[usr]6f1c...} (the URL
 * standard does not percent-encode {@code [ ]} in paths and queries). Spring WebFlux parses the request line with
 * {@link java.net.URI}, which rejects those characters, and would answer 400 before any filter runs. This handler,
 * right after Netty's HTTP codec, percent-encodes (UTF-8) every character of the request target that
 * {@link java.net.URI} does not accept, and a {@code %} that does not start an escape. Services then receive
 * {@code %5Busr%5D...}, which they decode to the same id.
 */
@Configuration(proxyBeanMethods = false)
public class LegacyUriEncoding {

    @Bean
    NettyServerCustomizer legacyUriEncodingCustomizer() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "imLegacyUriEncoder", RequestTargetEncoder.INSTANCE);
            }
        });
    }

    @ChannelHandler.Sharable
    static final class RequestTargetEncoder extends ChannelInboundHandlerAdapter {
        static final RequestTargetEncoder INSTANCE = new RequestTargetEncoder();

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest request) {
                String encoded = encode(request.uri());
                if (!encoded.equals(request.uri())) {
                    request.setUri(encoded);
                }
            }
            context.fireChannelRead(message);
        }
    }

    /** {@code target} with every character outside what {@link java.net.URI} accepts percent-encoded. */
    static String encode(String target) {
        StringBuilder out = null;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean keep = isAllowed(c) || (c == '%' && isEscape(target, i));
            if (keep) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(target.length() + 16).append(target, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < target.length() ? i + 2 : i + 1;
            for (byte b : target.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return out == null ? target : out.toString();
    }

    /** Unreserved and reserved characters of RFC 2396 as java.net.URI accepts them in a path and query. */
    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-_.!~*'()/?:@&=+$,;#".indexOf(c) >= 0;
    }

    private static boolean isEscape(String target, int i) {
        return i + 2 < target.length() && Character.digit(target.charAt(i + 1), 16) >= 0
                && Character.digit(target.charAt(i + 2), 16) >= 0;
    }
}
