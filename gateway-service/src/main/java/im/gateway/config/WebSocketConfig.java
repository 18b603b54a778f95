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
 * before the gateway's route mapping, and Reactor Netty's upgrade with the inbound frame limit (a larger frame makes
 * Netty close the socket with 1009). Each frame is one message: fragmented messages are not reassembled (browsers
 * and the JDK client send a binary message as one frame).
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
