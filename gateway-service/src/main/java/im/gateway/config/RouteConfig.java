package im.gateway.config;

import im.gateway.web.StaticFrontend;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The legacy REST routes, with no path prefix, as the legacy servers served them, the sync API
 * {@code /api/v1/**} (every method, OpenAPI at {@code /api/v1/openapi}) of messaging-service, and user-service's admin
 * API ({@code /api/admin/v1/user-imports/**}, {@code /api/admin/v1/users/**}; the admin check is user-service's). Only
 * these prefixes are routed: a service's {@code /internal/**} and {@code /actuator/**} are never reachable through the gateway. Every
 * route but register, login and file downloads needs a token ({@link im.gateway.web.ApiPaths}).
 */
@Configuration(proxyBeanMethods = false)
public class RouteConfig {

    @Bean
    RouteLocator legacyRoutes(RouteLocatorBuilder builder, GatewayProperties properties) {
        GatewayProperties.Services services = properties.services();
        return builder.routes()
                .route("user-service", route -> route
                        .path("/user", "/user/**", "/friend", "/interact", "/all-interact", "/http-req/**")
                        .uri(services.user()))
                .route("group-service", route -> route.path("/group", "/group/**").uri(services.group()))
                .route("messaging-service", route -> route
                        .path("/message", "/message/**", "/forward")
                        .uri(services.messaging()))
                .route("messaging-api", route -> route.path("/api/v1", "/api/v1/**").uri(services.messaging()))
                .route("user-admin-api", route -> route
                        .path("/api/admin/v1/user-imports", "/api/admin/v1/user-imports/**", "/api/admin/v1/users/**")
                        .uri(services.user()))
                .route("media-service", route -> route.path("/file", "/file/**").uri(services.media()))
                .build();
    }

    @Bean
    @ConditionalOnExpression("'${im.gateway.web-root:}' != ''")
    RouterFunction<ServerResponse> staticFrontend(GatewayProperties properties) {
        StaticFrontend frontend = new StaticFrontend(properties);
        return RouterFunctions.route(StaticFrontend::handles, frontend::serve);
    }
}
