package im.messaging.web;

import im.messaging.access.ConversationAccess;
import im.messaging.api.MessageRefusedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal (gateway -> messaging, never routed by the gateway): may {@code from} relay call signalling or screen
 * frames to {@code to}? The gateway relays those frames itself (they are never stored) and asks here, caching the
 * answer briefly, because the contact graph lives in this service's projections.
 * Answer: {@code {"allowed": true}} or {@code {"allowed": false, "code": <wire code>, "detail": <reason>}}.
 */
@RestController
public class RelayPermissionController {

    private final ConversationAccess access;

    public RelayPermissionController(ConversationAccess access) {
        this.access = access;
    }

    /** The answer; {@code code} and {@code detail} only when refused. */
    public record RelayPermission(boolean allowed, String code, String detail) {
    }

    @GetMapping("/internal/v1/relay/permission")
    RelayPermission permission(@RequestParam("from") String from, @RequestParam("to") String to) {
        try {
            access.requireCallPeer(from, to);
            return new RelayPermission(true, null, null);
        } catch (MessageRefusedException refused) {
            return new RelayPermission(false, refused.code().wire(), refused.getMessage());
        }
    }
}
