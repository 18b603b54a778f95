package im.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param businessErrorStatus HTTP status of business errors on legacy routes. go-chat answers 200 with
 *                            {@code code: -1} (the stock go-chat-web client only shows the server's message then);
 *                            IM-SDK-Server answers 400. Default 200.
 * @param maxBodyBytes        largest accepted request body; larger ones are answered 413 (see
 *                            {@link RequestBodyLimitFilter})
 */
@ConfigurationProperties("im.legacy")
public record LegacyWebProperties(
        @DefaultValue("200") int businessErrorStatus,
        @DefaultValue("65536") long maxBodyBytes) {
}
