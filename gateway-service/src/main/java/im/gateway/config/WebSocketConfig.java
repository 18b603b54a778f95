package im.gateway.config;

import im.gateway.web.ApiPaths;
import im.gateway.ws.ChatSocketHandler;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The legacy WebSocket {@code /socket.io} terminates in the gateway (it is not proxied): a handler mapping ordered
 * before the gateway's route mapping, and Reactor Netty's upgrade with the inbound frame limit
 * {@code im.gateway.ws.max-frame-bytes} (16 MiB by default: a file travels in a frame). That one value bounds
 * everything on the way in: Netty's WebSocket frame decoder (a larger frame closes the socket with 1009) and the
 * aggregation of a fragmented message (Spring's session aggregates continuation frames up to the same limit; browsers
 * and the JDK client send a binary message as one frame). No other limit applies to socket frames: the HTTP codecs'
 * {@code spring.codec.max-in-memory-size} is for request bodies, and the relay's record limit
 * ({@code im.gateway.relay.max-frame-bytes}) and media-service's limits per kind of file are checked later.
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfig {

    @Bean
    HandlerMapping chatSocketMapping(ChatSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of(ApiPaths.SOCKET, handler), Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    WebFluxConfigurer chatSocketService(GatewayProperties properties) {
        int maxFrameBytes = Math.toIntExact(properties.ws().maxFrameBytes().toBytes());
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                ReactorNettyRequestUpgradeStrategy upgrade = new ReactorNettyRequestUpgradeStrategy(
                        () -> WebsocketServerSpec.builder()
                                .maxFramePayloadLength(maxFrameBytes));
                return new HandshakeWebSocketService(upgrade);
            }
        };
    }
}
